using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.Network;

internal sealed class NetworkPolicyPortListened : PolicyRule
{
    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/network-policy-port-listened",
        Area = "Network",
        Title = "Ports a NetworkPolicy opens for ingress are ports its selected pods declare",
        Severity = Severity.Warning,
        Rationale = "An ingress rule for a port no selected pod declares admits nothing that works: usually the policy names the Service port instead of the container port (or an old port), while the real port stays closed; otherwise it is an opening nobody reviewed the reason for.",
        Remediation = "Use the container port (number or name) of the pods the policy selects, or remove the port. A port opened on purpose for pods that are not in Git (for example cert-manager's HTTP-01 solver) needs a dated waiver saying so.",
        Profile = RuleProfile.Kubernetes,
        NeedsWholeObjectSet = true,
    };

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        foreach (var policy in context.OfKind(Kubernetes.Kinds.NetworkPolicy))
        {
            if (policy.Spec is not { } spec || !NetworkPolicies.Types(policy).Contains(NetworkPolicies.Ingress)) continue;
            var selected = context.SelectedBy(context.NamespaceOf(policy), spec.Mapping("podSelector")).ToList();
            if (selected.Count == 0) continue; // a policy that selects nothing is policy/network-policy-selects-pods's finding
            var listened = selected.SelectMany(NetworkPolicies.Ports).Distinct().ToList();
            var rules = spec.Sequence("ingress")?.Items ?? [];
            for (var i = 0; i < rules.Count; i++)
            {
                var ports = (rules[i] as YamlMapping)?.Sequence("ports")?.Items ?? [];
                for (var j = 0; j < ports.Count; j++)
                {
                    if (ports[j] is not YamlMapping port || port["port"] is not YamlScalar { IsNull: false } value) continue;
                    if (listened.Any(p => NetworkPolicies.PortAdmits(port, p))) continue;
                    var pods = string.Join(", ", selected.Select(t => $"{t.Owner.Kind} {t.Owner.Name}").Distinct());
                    yield return Report(policy, $"NetworkPolicy {policy.Name} opens {port.String("protocol") ?? "TCP"} port {value.Value} for ingress, which no pod it selects ({pods}) declares",
                        ObjectPath.Of("spec", "ingress").Index(i).Key("ports").Index(j).Key("port"));
                }
            }
        }
    }
}
