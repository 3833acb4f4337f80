using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.Network;

internal sealed class NetworkDefaultDeny : PolicyRule
{
    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/network-default-deny",
        Area = "Network",
        Title = "Every namespace that runs pods has a default-deny NetworkPolicy for ingress and egress",
        Severity = Severity.Error,
        Rationale = "Kubernetes allows all traffic until a policy selects a pod; a default deny makes every allowed flow an explicit, reviewed policy.",
        Remediation = "Add a NetworkPolicy with podSelector: {}, policyTypes: [Ingress, Egress] and no ingress/egress rules to the namespace.",
        Parameters = [SharedParameters.ExemptNamespaces],
        NeedsWholeObjectSet = true,
    };

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        foreach (var ns in context.NamespacesWithPods.Where(n => !context.Parameters.IsExempt(n)))
        {
            var inNamespace = context.OfKind(Kubernetes.Kinds.NetworkPolicy, ns);
            var missing = new[] { "Ingress", "Egress" }.Where(type => !inNamespace.Any(p => DeniesAll(p, type))).ToList();
            if (missing.Count == 0) continue;
            var subject = context.Find(Kubernetes.Kinds.Namespace, null, ns) ?? context.PodTemplatesIn(ns)[0].Owner;
            yield return Report(subject, $"namespace {ns} runs pods but has no default-deny NetworkPolicy for {string.Join(" and ", missing)}", ObjectPath.Of("metadata", "name"));
        }
    }

    /// <summary>An empty pod selector, the policy type listed, and no rule of that type: nothing is allowed.</summary>
    private static bool DeniesAll(RenderedObject policy, string type)
    {
        var spec = policy.Spec;
        if (spec is null || !LabelSelectors.IsEmpty(spec.Mapping("podSelector"))) return false;
        var types = (spec.Sequence("policyTypes")?.Items ?? []).OfType<YamlScalar>().Select(s => s.Value).ToList();
        var listed = types.Count > 0 ? types.Contains(type) : type == "Ingress"; // Kubernetes' default when policyTypes is omitted
        var rules = spec.Sequence(type == "Ingress" ? "ingress" : "egress");
        return listed && (rules is null || rules.Items.Count == 0);
    }
}
