using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.Network;

internal sealed class ServiceTypeAllowed : PolicyRule
{
    public static readonly StringListParameter AllowedServiceTypes = new("allowedServiceTypes",
        "Service types a Service may have (ClusterIP when spec.type is absent): traffic from outside the cluster enters through the Ingress controller.");

    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/service-type-allowed",
        Area = "Network",
        Title = "Services have an allowed type",
        Severity = Severity.Error,
        Rationale = "A NodePort or LoadBalancer Service opens the workload to traffic from outside the cluster beside the Ingress controller: no TLS, no host routing, no NetworkPolicy of the ingress namespace in between.",
        Remediation = "Make the Service ClusterIP (remove spec.type) and route external traffic through an Ingress; add the type to allowedServiceTypes in policy/config.yaml only after review.",
        Parameters = [AllowedServiceTypes],
    };

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        var allowed = context.Parameters.Get(AllowedServiceTypes);
        foreach (var service in context.OfKind(Kubernetes.Kinds.Service))
        {
            var type = service.Spec?.String("type") ?? "ClusterIP";
            if (allowed.Contains(type, StringComparer.Ordinal)) continue;
            var path = service.Spec?["type"] is null ? ObjectPath.Of("spec") : ObjectPath.Of("spec", "type");
            yield return Report(service, $"Service {service.Name} has type {type}, not one of {string.Join(", ", allowed)}", path);
        }
    }
}
