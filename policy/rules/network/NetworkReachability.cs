using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.Network;

/// <summary>
/// Where a workload's environment names a Service (a URL or host:port), the configuration says the two talk: the
/// Service must expose that port, and the client's egress policies and the server's ingress policies must both admit
/// the pod port it leads to. Reported at the env entry that declares the flow, naming each policy that isolates a side
/// without admitting it.
/// </summary>
internal sealed class NetworkReachability : PolicyRule
{
    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/network-reachability",
        Area = "Network",
        Title = "Services a workload's environment names are reachable through the NetworkPolicies of both sides",
        Severity = Severity.Error,
        Rationale = "A URL or host:port in a container's environment is the configuration's statement that the pod connects there. If the Service does not expose that port, or the client's egress or the server's ingress NetworkPolicies do not admit the pod port behind it, every connection times out in the cluster while each object looks right on its own.",
        Remediation = "Add the port (by number, or by the destination container port's name) to an egress rule of a policy selecting the client whose peers include the server pods, and to an ingress rule of a policy selecting the server whose peers include the client; or correct the address in the environment.",
        Profile = RuleProfile.Kubernetes,
        NeedsWholeObjectSet = true,
    };

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        foreach (var client in context.PodTemplates)
        {
            var clientPeer = NetworkPolicies.Peer(context, client);
            var reported = new HashSet<(string, string, string)>();
            foreach (var endpoint in DeclaredEndpoints.Of(context, client))
            {
                if (!reported.Add((endpoint.At.ToString(), endpoint.Service.Name, endpoint.Address))) continue;
                foreach (var message in Problems(context, client, clientPeer, endpoint))
                {
                    yield return Report(client.Owner, $"container {endpoint.Container.Name}'s {endpoint.Variable} names {endpoint.Address} (Service {endpoint.Service.Name}): {message}", endpoint.At);
                }
            }
        }
    }

    private static IEnumerable<string> Problems(PolicyContext context, PodTemplate client, NetworkPeer clientPeer, DeclaredEndpoint endpoint)
    {
        var service = endpoint.Service;
        var spec = service.Spec;
        if (spec is null || spec.String("type") == "ExternalName") yield break;
        var servicePorts = (spec.Sequence("ports")?.Items ?? []).OfType<YamlMapping>().ToList();
        var servicePort = servicePorts.FirstOrDefault(p => p.Integer("port") == endpoint.Port);
        if (servicePort is null)
        {
            var exposed = servicePorts.Select(p => p.Integer("port")).OfType<long>().ToList();
            yield return $"the Service exposes {(exposed.Count == 0 ? "no port" : "port " + string.Join(", ", exposed))}, not {endpoint.Port}";
            yield break;
        }
        var selector = spec.Mapping("selector");
        if (selector is null || selector.Entries.Count == 0) yield break; // endpoints managed outside Git
        var serviceNamespace = context.NamespaceOf(service);
        var protocol = servicePort.String("protocol") ?? "TCP";
        foreach (var server in context.PodTemplatesIn(serviceNamespace).Where(t => LabelSelectors.MatchesMap(selector, t.Labels)))
        {
            if (TargetPort(server, servicePort, protocol) is not { } target) continue; // an unknown named targetPort is policy/ref-service-target-port's finding
            var serverPeer = NetworkPolicies.Peer(context, server);
            var blocked = new List<string>();
            var egress = NetworkPolicies.Isolating(context, client, NetworkPolicies.Egress);
            if (egress.Count > 0 && !egress.Any(p => NetworkPolicies.Admits(p, NetworkPolicies.Egress, clientPeer, serverPeer, target)))
            {
                blocked.Add($"egress from {client.Owner.Kind} {client.Owner.Name} is admitted by none of {Describe(egress)}");
            }
            var ingress = NetworkPolicies.Isolating(context, server, NetworkPolicies.Ingress);
            if (ingress.Count > 0 && !ingress.Any(p => NetworkPolicies.Admits(p, NetworkPolicies.Ingress, serverPeer, clientPeer, target)))
            {
                blocked.Add($"ingress to {server.Owner.Kind} {server.Owner.Name} is admitted by none of {Describe(ingress)}");
            }
            if (blocked.Count > 0) yield return $"pod port {target} is blocked: {string.Join("; ", blocked)}";
        }
    }

    /// <summary>The pod port a Service port leads to on one selected pod template: targetPort by number or name (port when unset).</summary>
    private static PodPort? TargetPort(PodTemplate server, YamlMapping servicePort, string protocol)
    {
        var declared = NetworkPolicies.Ports(server).Where(p => p.Protocol == protocol).ToList();
        switch (servicePort["targetPort"])
        {
            case null:
            case YamlScalar { Kind: ScalarKind.Int }:
                var number = servicePort.Integer("targetPort") ?? servicePort.Integer("port");
                if (number is null) return null;
                return declared.FirstOrDefault(p => p.Number == number) ?? new PodPort(number.Value, null, protocol);
            case YamlScalar name:
                return declared.FirstOrDefault(p => p.Name == name.Value);
            default:
                return null;
        }
    }

    private static string Describe(IEnumerable<RenderedObject> policies) =>
        string.Join(", ", policies.Select(p => $"NetworkPolicy {p.Name} ({p.Location.File}:{p.Location.Line})"));
}
