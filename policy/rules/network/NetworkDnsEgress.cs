using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.Network;

internal sealed class NetworkDnsEgress : PolicyRule
{
    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/network-dns-egress",
        Area = "Network",
        Title = "Pods whose egress is restricted are allowed DNS (UDP port 53 to kube-dns)",
        Severity = Severity.Error,
        Rationale = "Under an egress default deny, a pod that may connect somewhere but cannot reach the cluster DNS cannot resolve the names it connects to and fails in confusing ways. A pod allowed no egress at all connects nowhere and needs no DNS.",
        Remediation = "Add a NetworkPolicy selecting the pods with an egress rule to port 53 over UDP and TCP, to namespaceSelector kubernetes.io/metadata.name: kube-system and podSelector k8s-app: kube-dns (port 53 over TCP only, or a rule towards other pods, does not reach the DNS).",
        Profile = RuleProfile.Kubernetes,
        NeedsWholeObjectSet = true,
    };

    // The cluster DNS as every common distribution (kubeadm, k3s, EKS, GKE, AKS) runs it: CoreDNS pods labelled
    // k8s-app=kube-dns in kube-system, which Kubernetes labels kubernetes.io/metadata.name=kube-system; UDP port named dns.
    private const string DnsNamespace = "kube-system";
    private const long DnsPort = 53;
    private const string DnsPortName = "dns";
    private static readonly IReadOnlyDictionary<string, string> DnsNamespaceLabels = new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = DnsNamespace };
    private static readonly IReadOnlyDictionary<string, string> DnsPodLabels = new Dictionary<string, string> { ["k8s-app"] = "kube-dns" };

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        foreach (var template in context.PodTemplates)
        {
            if (template.Spec.String("dnsPolicy") == "None") continue; // resolves nothing through the cluster DNS
            var selecting = context.OfKind(Kubernetes.Kinds.NetworkPolicy, template.Namespace)
                .Where(p => NetworkPolicies.Types(p).Contains(NetworkPolicies.Egress) && LabelSelectors.Matches(p.Spec?.Mapping("podSelector"), template.Labels))
                .ToList();
            if (selecting.Count == 0 || selecting.Any(p => AllowsDns(p, template.Namespace)) || !selecting.Any(HasEgressRules)) continue;
            yield return Report(template.Owner, $"{template.Owner.Kind} {template.Owner.Name}'s egress is restricted by {string.Join(", ", selecting.Select(p => p.Name))} but no policy allows DNS (UDP port 53 to the kube-dns pods in kube-system)",
                template.SpecPath.Parent.Key("metadata").Key("labels"));
        }
    }

    private static bool HasEgressRules(RenderedObject policy) => policy.Spec?.Sequence("egress")?.Items.Count > 0;

    /// <summary>
    /// Whether some egress rule admits UDP port 53 (what resolvers use first) to peers that may include the cluster DNS:
    /// every destination, an ipBlock (the DNS address is not in Git), or a namespace/pod selector that selects the
    /// kube-dns pods in kube-system.
    /// </summary>
    private static bool AllowsDns(RenderedObject policy, string policyNamespace) =>
        (policy.Spec?.Sequence("egress")?.Items ?? []).OfType<YamlMapping>()
            .Any(rule => PortsAdmitDns(rule.Sequence("ports")) && PeersMayBeClusterDns(rule.Sequence("to"), policyNamespace));

    private static bool PortsAdmitDns(YamlSequence? ports)
    {
        if (ports is null || ports.Items.Count == 0) return true; // no ports: every port
        foreach (var port in ports.Items.OfType<YamlMapping>())
        {
            if ((port.String("protocol") ?? "TCP") != "UDP") continue; // NetworkPolicy ports default to TCP
            switch (port["port"])
            {
                case null:
                    return true; // every UDP port
                case YamlScalar { Kind: ScalarKind.Int } number when ScalarResolution.TryParseInt(number.Value, out var first):
                    var last = port.Integer("endPort") ?? first;
                    if (first <= DnsPort && DnsPort <= last) return true;
                    break;
                case YamlScalar name when name.Value == DnsPortName:
                    return true;
            }
        }
        return false;
    }

    private static bool PeersMayBeClusterDns(YamlSequence? peers, string policyNamespace)
    {
        if (peers is null || peers.Items.Count == 0) return true; // no peers: every destination
        foreach (var peer in peers.Items.OfType<YamlMapping>())
        {
            if (peer["ipBlock"] is not null) return true;
            var namespaceSelector = peer.Mapping("namespaceSelector");
            var inDnsNamespace = namespaceSelector is not null ? LabelSelectors.Matches(namespaceSelector, DnsNamespaceLabels) : policyNamespace == DnsNamespace;
            var podSelector = peer.Mapping("podSelector");
            if (inDnsNamespace && (podSelector is null || LabelSelectors.Matches(podSelector, DnsPodLabels))) return true;
        }
        return false;
    }
}
