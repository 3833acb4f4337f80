using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.Hygiene;

internal sealed class NamespaceQuotaLimits : PolicyRule
{
    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/namespace-quota-limits",
        Area = "Hygiene",
        Title = "Each namespace has a ResourceQuota and a LimitRange",
        Severity = Severity.Error,
        Rationale = "A quota caps what one namespace can take from the cluster; a LimitRange gives containers sane defaults and bounds.",
        Remediation = "Add a ResourceQuota and a LimitRange to the namespace's base (exempt platform namespaces in policy/config.yaml exemptNamespaces).",
        Parameters = [SharedParameters.ExemptNamespaces],
        NeedsWholeObjectSet = true,
    };

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        // Every Namespace object the cluster receives, not only those running pods today: a namespace without a quota
        // takes the first workload anyone deploys into it unbounded.
        var namespaces = context.OfKind(Kubernetes.Kinds.Namespace).Select(n => n.Name).Concat(context.NamespacesWithPods)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var ns in namespaces.Where(n => !context.Parameters.IsExempt(n)))
        {
            var missing = new[] { Kubernetes.Kinds.ResourceQuota, Kubernetes.Kinds.LimitRange }.Where(kind => context.OfKind(kind, ns).Count == 0).Select(kind => kind.Kind).ToList();
            if (missing.Count == 0) continue;
            var subject = context.Find(Kubernetes.Kinds.Namespace, null, ns) ?? context.PodTemplatesIn(ns)[0].Owner;
            yield return Report(subject, $"namespace {ns} has no {string.Join(" and no ", missing)}", ObjectPath.Of("metadata", "name"));
        }
    }
}
