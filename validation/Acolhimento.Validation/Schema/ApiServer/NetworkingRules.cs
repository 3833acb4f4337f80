using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Schema.ApiServer;

/// <summary>
/// Cross-field checks of core ValidateService and the networking validation code: a Service needs ports unless it is
/// ExternalName or headless and a clusterIP that is an address or None; an Ingress needs rules or a default backend, each backend
/// exactly one target, and Exact/Prefix paths absolute; a NetworkPolicy port is a number 1–65535 or a port name, and
/// each peer names something, an ipBlock alone.
/// </summary>
internal static class NetworkingRules
{
    public static void Check(string group, string kind, YamlMapping spec, ObjectPath path, List<SchemaViolation> violations)
    {
        switch (group, kind)
        {
            case (ApiGroups.Core, "Service"):
                CheckService(spec, path, violations);
                break;
            case (ApiGroups.Networking, "Ingress"):
                CheckIngress(spec, path, violations);
                break;
            case (ApiGroups.Networking, "NetworkPolicy"):
                CheckNetworkPolicy(spec, path, violations);
                break;
        }
    }

    private static void CheckService(YamlMapping spec, ObjectPath path, List<SchemaViolation> violations)
    {
        var type = ScalarText.StringAt(spec, "type") ?? "ClusterIP";
        var headless = ScalarText.StringAt(spec, "clusterIP") == "None";
        if (type != "ExternalName" && !headless && (spec.Sequence("ports")?.Items.Count ?? 0) == 0)
        {
            violations.Add(new SchemaViolation(SchemaRules.RequiredField, $"{path} is missing the required field \"ports\" (a {type} Service needs at least one port)", path));
        }
        // The API server copies clusterIP into clusterIPs[0] before validating; the gate names the field that was written.
        if (ScalarText.StringAt(spec, "clusterIP") is { Length: > 0 } clusterIp && clusterIp != "None" && ValueSyntax.IpAddress(clusterIp) is { } problem)
        {
            violations.Add(new SchemaViolation(SchemaRules.Format, $"{path}.clusterIP {MessageText.Quote(clusterIp)} {problem}, or None", path.Key("clusterIP")));
        }
        var clusterIps = spec.Sequence("clusterIPs")?.Items ?? [];
        for (var i = 0; i < clusterIps.Count; i++)
        {
            if (clusterIps[i] is YamlScalar { Kind: ScalarKind.String } ip && ip.Value != "None" && ValueSyntax.IpAddress(ip.Value) is { } ipProblem)
            {
                violations.Add(new SchemaViolation(SchemaRules.Format, $"{path}.clusterIPs[{i}] {MessageText.Quote(ip.Value)} {ipProblem}, or None", path.Key("clusterIPs").Index(i)));
            }
        }
    }

    private static void CheckIngress(YamlMapping spec, ObjectPath path, List<SchemaViolation> violations)
    {
        var rules = spec.Sequence("rules")?.Items ?? [];
        if (spec.Mapping("defaultBackend") is { } defaultBackend) CheckBackend(defaultBackend, path.Key("defaultBackend"), violations);
        else if (rules.Count == 0) violations.Add(new SchemaViolation(SchemaRules.RequiredField, $"{path} must set defaultBackend or rules", path));
        for (var r = 0; r < rules.Count; r++)
        {
            var paths = (rules[r] as YamlMapping)?.Mapping("http")?.Sequence("paths")?.Items ?? [];
            for (var p = 0; p < paths.Count; p++)
            {
                if (paths[p] is not YamlMapping httpPath) continue;
                var at = path.Key("rules").Index(r).Key("http").Key("paths").Index(p);
                if (httpPath.Mapping("backend") is { } backend) CheckBackend(backend, at.Key("backend"), violations);
                if (ScalarText.StringAt(httpPath, "pathType") is "Exact" or "Prefix" && (ScalarText.StringAt(httpPath, "path") ?? "") is var value && !value.StartsWith('/'))
                {
                    violations.Add(new SchemaViolation(SchemaRules.Format, $"{at}.path {MessageText.Quote(value)} must be an absolute path for pathType {ScalarText.StringAt(httpPath, "pathType")}", at.Key("path")));
                }
            }
        }
    }

    private static void CheckBackend(YamlMapping backend, ObjectPath path, List<SchemaViolation> violations)
    {
        var targets = new[] { "service", "resource" }.Count(f => backend.Mapping(f) is not null);
        if (targets != 1)
        {
            violations.Add(new SchemaViolation(SchemaRules.Alternatives, $"{path} must specify exactly one of service, resource (it has {targets})", path));
        }
        if (backend.Mapping("service") is not { } service) return;
        var port = service.Mapping("port");
        var named = port is not null && ScalarText.StringAt(port, "name") is { Length: > 0 };
        var numbered = port?["number"] is YamlScalar { IsNull: false, Kind: not ScalarKind.String } number && number.Value != "0";
        if (named == numbered)
        {
            // validateIngressBackend: a service backend names its port by name or by number, exactly one.
            violations.Add(new SchemaViolation(SchemaRules.Alternatives, $"{path}.service.port must set exactly one of name, number", path));
        }
    }

    private static void CheckNetworkPolicy(YamlMapping spec, ObjectPath path, List<SchemaViolation> violations)
    {
        foreach (var (direction, peers) in new[] { ("ingress", "from"), ("egress", "to") })
        {
            var rules = spec.Sequence(direction)?.Items ?? [];
            for (var r = 0; r < rules.Count; r++)
            {
                if (rules[r] is not YamlMapping rule) continue;
                var rulePath = path.Key(direction).Index(r);
                var ports = rule.Sequence("ports")?.Items ?? [];
                for (var p = 0; p < ports.Count; p++)
                {
                    if ((ports[p] as YamlMapping)?["port"] is YamlScalar { IsNull: false } port) PortRules.CheckReference(port, rulePath.Key("ports").Index(p).Key("port"), allowName: true, violations);
                }
                var peerList = rule.Sequence(peers)?.Items ?? [];
                for (var p = 0; p < peerList.Count; p++)
                {
                    if (peerList[p] is not YamlMapping peer) continue;
                    var peerPath = rulePath.Key(peers).Index(p);
                    var selectors = new[] { "podSelector", "namespaceSelector" }.Count(f => peer.Mapping(f) is not null);
                    var ipBlock = peer.Mapping("ipBlock") is not null;
                    if (selectors == 0 && !ipBlock) violations.Add(new SchemaViolation(SchemaRules.RequiredField, $"{peerPath} must specify a peer (podSelector, namespaceSelector or ipBlock)", peerPath));
                    else if (ipBlock && selectors > 0) violations.Add(new SchemaViolation(SchemaRules.Alternatives, $"{peerPath} may not combine ipBlock with a selector", peerPath));
                }
            }
        }
    }
}
