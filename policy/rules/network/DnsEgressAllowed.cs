using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.Network;

public sealed class DnsEgressAllowed : PolicyRule
{
    private static readonly RuleMetadata Info = new(
        "policy/network-dns-egress", "Network", "Pods whose egress is restricted are allowed DNS (port 53)", Severity.Error,
        "Under an egress default deny, a pod that may connect somewhere but cannot reach the cluster DNS cannot resolve the names it connects to and fails in confusing ways. A pod allowed no egress at all connects nowhere and needs no DNS.",
        "Add a NetworkPolicy selecting the pods with an egress rule to port 53 over UDP and TCP (to the kube-dns pods in kube-system).");

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        foreach (var template in context.PodTemplates)
        {
            if (template.Spec.String("dnsPolicy") == "None") continue; // resolves nothing through the cluster DNS
            var selecting = context.OfKind("NetworkPolicy", template.Namespace)
                .Where(p => Types(p).Contains("Egress") && LabelSelectors.Matches(p.Spec?.Mapping("podSelector"), template.Labels))
                .ToList();
            if (selecting.Count == 0 || selecting.Any(AllowsDns) || !selecting.Any(HasEgressRules)) continue;
            yield return Report(template.Owner, $"{template.Owner.Kind} {template.Owner.Name}'s egress is restricted by {string.Join(", ", selecting.Select(p => p.Name))} but no policy allows DNS on port 53",
                template.SpecPath.Parent.Key("metadata").Key("labels"));
        }
    }

    private static List<string> Types(RenderedObject policy)
    {
        var types = (policy.Spec?.Sequence("policyTypes")?.Items ?? []).OfType<YamlScalar>().Select(s => s.Value).ToList();
        if (types.Count == 0 && policy.Spec?["egress"] is not null) types.Add("Egress");
        return types;
    }

    private static bool HasEgressRules(RenderedObject policy) => policy.Spec?.Sequence("egress")?.Items.Count > 0;

    private static bool AllowsDns(RenderedObject policy)
    {
        foreach (var rule in (policy.Spec?.Sequence("egress")?.Items ?? []).OfType<YamlMapping>())
        {
            var ports = rule.Sequence("ports")?.Items ?? [];
            if (ports.Count == 0) return true; // a rule without ports allows every port to its peers
            if (ports.OfType<YamlMapping>().Any(p => p["port"] is YamlScalar { Value: "53" or "dns" or "dns-tcp" })) return true;
        }
        return false;
    }
}
