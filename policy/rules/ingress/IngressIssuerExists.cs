using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.Ingress;

internal sealed class IngressIssuerExists : PolicyRule
{
    private const string ClusterIssuerAnnotation = "cert-manager.io/cluster-issuer";
    private const string IssuerAnnotation = "cert-manager.io/issuer";

    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/ingress-issuer-exists",
        Area = "Ingress",
        Title = "Ingresses with TLS name a cert-manager issuer that exists in the cluster",
        Severity = Severity.Error,
        Rationale = "cert-manager issues the certificate only when the annotation names an Issuer or ClusterIssuer the cluster has; otherwise the TLS secret never appears.",
        Remediation = "Annotate the Ingress with cert-manager.io/cluster-issuer: <a ClusterIssuer defined for this cluster> (or cert-manager.io/issuer for a namespaced Issuer).",
        Profile = RuleProfile.Kubernetes,
        NeedsWholeObjectSet = true,
    };

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        foreach (var ingress in context.OfKind(Kubernetes.Kinds.Ingress))
        {
            if ((ingress.Spec?.Sequence("tls")?.Items.Count ?? 0) == 0) continue; // no TLS, no certificate to issue
            var annotations = ingress.Annotations;
            var annotationsPath = ObjectPath.Of("metadata", "annotations");
            if (annotations.TryGetValue(ClusterIssuerAnnotation, out var clusterIssuer))
            {
                if (context.Find(Kubernetes.Kinds.ClusterIssuer, null, clusterIssuer) is null)
                {
                    yield return Report(ingress, $"ClusterIssuer {clusterIssuer} does not exist in cluster {context.ClusterName}", annotationsPath.Key(ClusterIssuerAnnotation));
                }
            }
            else if (annotations.TryGetValue(IssuerAnnotation, out var issuer))
            {
                var ns = context.NamespaceOf(ingress);
                if (context.Find(Kubernetes.Kinds.Issuer, ns, issuer) is null)
                {
                    yield return Report(ingress, $"Issuer {issuer} does not exist in namespace {ns}", annotationsPath.Key(IssuerAnnotation));
                }
            }
            else
            {
                yield return Report(ingress, $"Ingress {ingress.Name} names no cert-manager issuer ({ClusterIssuerAnnotation} or {IssuerAnnotation})", ingress.Metadata?["annotations"] is null ? ObjectPath.Of("metadata") : annotationsPath);
            }
        }
    }
}
