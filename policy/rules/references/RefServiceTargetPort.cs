using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.References;

public sealed class RefServiceTargetPort : PolicyRule
{
    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/ref-service-target-port",
        Area = "References",
        Title = "A Service's target ports exist on the pods it selects",
        Severity = Severity.Error,
        Rationale = "Traffic sent to a port no container declares is refused; a named targetPort that no container names has no endpoints at all.",
        Remediation = "Set targetPort to a containerPort number or name declared by the selected pods' containers.",
        Profile = RuleProfile.Kubernetes,
        NeedsWholeObjectSet = true,
    };

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        foreach (var service in context.OfKind("Service"))
        {
            var selector = service.Spec?.Mapping("selector");
            if (selector is null || selector.Entries.Count == 0) continue;
            var ns = context.NamespaceOf(service);
            var selected = context.PodTemplatesIn(ns).Where(t => LabelSelectors.MatchesMap(selector, t.Labels)).ToList();
            if (selected.Count == 0) continue; // no selected pod: policy/ref-service-selector reports it
            var ports = selected.SelectMany(t => t.Containers(includeInit: false)).SelectMany(c => c.Ports).ToList();
            var servicePorts = service.Spec?.Sequence("ports")?.Items ?? [];
            for (var i = 0; i < servicePorts.Count; i++)
            {
                if (servicePorts[i] is not YamlMapping port) continue;
                var target = port["targetPort"] as YamlScalar ?? port["port"] as YamlScalar;
                if (target is null) continue;
                var exists = target.Kind == ScalarKind.Int && ScalarResolution.TryParseInt(target.Value, out var number)
                    ? ports.Any(p => p.Number == number)
                    : ports.Any(p => p.Name == target.Value);
                if (!exists)
                {
                    yield return Report(service, $"target port {target.Value} of Service {service.Name} is not a port of the pods it selects",
                        ObjectPath.Of("spec", "ports", i, port["targetPort"] is null ? "port" : "targetPort"));
                }
            }
        }
    }
}
