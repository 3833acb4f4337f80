using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.Network;

internal sealed class NetworkPolicySelectsPods : PolicyRule
{
    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/network-policy-selects-pods",
        Area = "Network",
        Title = "Every NetworkPolicy with a pod selector selects at least one pod",
        Severity = Severity.Error,
        Rationale = "A policy whose selector matches no pod template protects nothing; it is usually a label typo that leaves the intended pods open.",
        Remediation = "Fix spec.podSelector to match the pod template labels, or delete the policy. (An empty selector, the namespace-wide default, is exempt.)",
        Profile = RuleProfile.Kubernetes,
        NeedsWholeObjectSet = true,
    };

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        foreach (var policy in context.OfKind(Kubernetes.Kinds.NetworkPolicy))
        {
            var selector = policy.Spec?.Mapping("podSelector");
            if (selector is null || LabelSelectors.IsEmpty(selector)) continue;
            var ns = context.NamespaceOf(policy);
            if (!context.SelectedBy(ns, selector).Any())
            {
                yield return Report(policy, $"NetworkPolicy {policy.Name} selects no pod template in namespace {ns}", ObjectPath.Of("spec", "podSelector"));
            }
        }
    }
}
