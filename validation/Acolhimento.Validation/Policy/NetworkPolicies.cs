using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy;

/// <summary>A port a pod listens on: number, name (null when unnamed) and protocol.</summary>
internal sealed record PodPort(long Number, string? Name, string Protocol)
{
    public override string ToString() => Name is null ? $"{Number}/{Protocol}" : $"{Number}/{Protocol} ({Name})";
}

/// <summary>One side of a connection: a pod template, the namespace it runs in, and that namespace's labels.</summary>
internal sealed record NetworkPeer(PodTemplate Template, IReadOnlyDictionary<string, string> NamespaceLabels, bool NamespaceLabelsKnown);

/// <summary>
/// What Kubernetes NetworkPolicies (networking.k8s.io/v1) admit, as the API documents them: a pod is isolated in a
/// direction once any policy of its namespace selects it with that policy type, and then a connection is allowed only
/// when some selecting policy has a rule whose peers include the other pod and whose ports include the destination
/// port (a numbered port, a range up to endPort, or a name the destination pod declares; protocol TCP unless given).
/// Policies are additive: none can deny what another allows.
/// </summary>
internal static class NetworkPolicies
{
    public const string Ingress = "Ingress";
    public const string Egress = "Egress";
    public const string NamespaceNameLabel = "kubernetes.io/metadata.name";

    /// <summary><c>spec.policyTypes</c>, or Kubernetes' default when omitted: Ingress, plus Egress when the policy has egress rules.</summary>
    public static IReadOnlyList<string> Types(RenderedObject policy)
    {
        var types = (policy.Spec?.Sequence("policyTypes")?.Items ?? []).OfType<YamlScalar>().Select(s => s.Value).ToList();
        if (types.Count > 0) return types;
        return policy.Spec?["egress"] is not null ? [Ingress, Egress] : [Ingress];
    }

    /// <summary>Policies of the pod's namespace that select it for <paramref name="direction"/> (so isolate it in that direction).</summary>
    public static IReadOnlyList<RenderedObject> Isolating(PolicyContext context, PodTemplate pod, string direction) =>
        context.OfKind(Kinds.NetworkPolicy, pod.Namespace)
            .Where(p => Types(p).Contains(direction) && LabelSelectors.Matches(p.Spec?.Mapping("podSelector"), pod.Labels))
            .ToList();

    /// <summary>The namespace's labels as the API server sets them: those of its Namespace object (when in Git) plus kubernetes.io/metadata.name.</summary>
    public static NetworkPeer Peer(PolicyContext context, PodTemplate template)
    {
        var ns = context.Find(Kinds.Namespace, null, template.Namespace);
        var labels = new Dictionary<string, string>(ns?.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [NamespaceNameLabel] = template.Namespace,
        };
        return new NetworkPeer(template, labels, ns is not null);
    }

    /// <summary>
    /// Whether a policy that isolates <paramref name="local"/> in <paramref name="direction"/> admits a connection with
    /// <paramref name="remote"/> to <paramref name="port"/> (the destination pod's port: the remote's for egress, the local's for ingress).
    /// </summary>
    public static bool Admits(RenderedObject policy, string direction, NetworkPeer local, NetworkPeer remote, PodPort port)
    {
        var rules = policy.Spec?.Sequence(direction == Ingress ? "ingress" : "egress")?.Items ?? [];
        var peersKey = direction == Ingress ? "from" : "to";
        return rules.OfType<YamlMapping>().Any(rule => PortsAdmit(rule.Sequence("ports"), port) && PeersInclude(rule[peersKey], local.Template.Namespace, remote));
    }

    /// <summary>A rule's <c>ports</c>: absent or empty admits every port.</summary>
    public static bool PortsAdmit(YamlSequence? ports, PodPort port) =>
        ports is null || ports.Items.Count == 0 || ports.Items.OfType<YamlMapping>().Any(p => PortAdmits(p, port));

    /// <summary>One NetworkPolicyPort against a destination port.</summary>
    public static bool PortAdmits(YamlMapping policyPort, PodPort port)
    {
        if (!string.Equals(policyPort.String("protocol") ?? "TCP", port.Protocol, StringComparison.Ordinal)) return false;
        return policyPort["port"] switch
        {
            null => true,
            YamlScalar { Kind: ScalarKind.Int } number when ScalarResolution.TryParseInt(number.Value, out var first) =>
                first <= port.Number && port.Number <= (policyPort.Integer("endPort") ?? first),
            YamlScalar name => port.Name is not null && string.Equals(name.Value, port.Name, StringComparison.Ordinal),
            _ => false,
        };
    }

    /// <summary>
    /// A rule's <c>from</c>/<c>to</c>: absent or empty includes every peer. A podSelector alone means pods of the policy's
    /// namespace; with a namespaceSelector, pods of the namespaces it selects. An ipBlock is meant for addresses outside the
    /// cluster; whether it covers pod addresses depends on the network plugin, so only one that covers every address
    /// (0.0.0.0/0 or ::/0 without exceptions) counts as including a pod. A namespace selector over labels of a Namespace
    /// that is not in Git cannot be decided and counts as including it (no finding from what Git does not say).
    /// </summary>
    public static bool PeersInclude(YamlNode? peers, string policyNamespace, NetworkPeer remote)
    {
        if (peers is null || peers is YamlScalar { IsNull: true }) return true;
        if (peers is not YamlSequence sequence) return false;
        if (sequence.Items.Count == 0) return true;
        foreach (var peer in sequence.Items.OfType<YamlMapping>())
        {
            if (peer.Mapping("ipBlock") is { } block)
            {
                if (block.String("cidr") is "0.0.0.0/0" or "::/0" && (block.Sequence("except")?.Items.Count ?? 0) == 0) return true;
                continue;
            }
            var namespaceSelector = peer.Mapping("namespaceSelector");
            var inNamespace = namespaceSelector is null
                ? remote.Template.Namespace == policyNamespace
                : LabelSelectors.Matches(namespaceSelector, remote.NamespaceLabels) || (!remote.NamespaceLabelsKnown && NeedsUnknownLabels(namespaceSelector));
            if (!inNamespace) continue;
            var podSelector = peer.Mapping("podSelector");
            if (podSelector is null || LabelSelectors.Matches(podSelector, remote.Template.Labels)) return true;
        }
        return false;
    }

    private static bool NeedsUnknownLabels(YamlMapping selector) =>
        (selector.Mapping("matchLabels")?.Entries ?? []).Any(e => e.Key.Value != NamespaceNameLabel)
        || (selector.Sequence("matchExpressions")?.Items ?? []).OfType<YamlMapping>().Any(e => e.String("key") != NamespaceNameLabel);

    /// <summary>Every port a pod template's containers declare (init and sidecar containers included).</summary>
    public static IReadOnlyList<PodPort> Ports(PodTemplate template) =>
        template.Containers().SelectMany(c => c.Ports).Select(p => new PodPort(p.Number, p.Name, p.Protocol)).ToList();
}
