using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Schema.ApiServer;

/// <summary>
/// A pod spec's containers: names (unique across all container lists), ports (ranges, names, duplicates), resource
/// requirements (<see cref="ResourceRequirementRules"/>), probe and lifecycle handlers, and the nodeSelector's labels.
/// </summary>
internal static class PodSpecRules
{
    public static void Check(YamlMapping spec, ObjectPath path, List<SchemaViolation> violations)
    {
        // The API server validates a nodeSelector as labels (ValidatePodSpec → ValidateLabels).
        if (spec.Mapping("nodeSelector") is { } nodeSelector) MetadataRules.CheckLabels(nodeSelector, path.Key("nodeSelector"), violations);
        var containerNames = new Dictionary<string, ObjectPath>(StringComparer.Ordinal);
        var hostPorts = new Dictionary<string, ObjectPath>(StringComparer.Ordinal);
        var containerPorts = new Dictionary<(long Port, string Protocol), ObjectPath>();
        foreach (var (list, _) in PodSpecs.ContainerLists)
        {
            if (spec.Sequence(list) is not { } containers) continue;
            for (var i = 0; i < containers.Items.Count; i++)
            {
                if (containers.Items[i] is not YamlMapping container) continue;
                var containerPath = path.Key(list).Index(i);
                if (ScalarText.StringAt(container, "name") is { } name)
                {
                    if (NameRules.Dns1123Label(name) is { } problem)
                    {
                        violations.Add(new SchemaViolation(SchemaRules.InvalidName, $"container name {MessageText.Quote(name)} is not valid: it {problem}", containerPath.Key("name")));
                    }
                    if (containerNames.TryGetValue(name, out var first))
                    {
                        violations.Add(new SchemaViolation(SchemaRules.DuplicateContainer, $"container name {MessageText.Quote(name)} is used twice in the pod ({first} and {containerPath}); container names must be unique across containers, initContainers and ephemeralContainers", containerPath.Key("name")));
                    }
                    else
                    {
                        containerNames[name] = containerPath;
                    }
                }
                CheckContainerPorts(container, containerPath, hostPorts, containerPorts, violations);
                if (container.Mapping("resources") is { } resources) ResourceRequirementRules.Check(resources, containerPath.Key("resources"), violations);
                foreach (var probe in Probes)
                {
                    if (container.Mapping(probe) is not { } p) continue;
                    CheckHandler(p, containerPath.Key(probe), ProbeActions, "probe", violations);
                    // validateLivenessProbe, validateStartupProbe: 0 is defaulted to 1, any other value is refused.
                    if (probe != "readinessProbe" && p.Integer("successThreshold") is > 1 and var threshold)
                    {
                        violations.Add(new SchemaViolation(SchemaRules.MinMax, $"{containerPath.Key(probe).Key("successThreshold")} must be 1 for a {probe}, but is {threshold}", containerPath.Key(probe).Key("successThreshold")));
                    }
                }
                foreach (var hook in LifecycleHooks)
                {
                    if (container.Mapping("lifecycle")?.Mapping(hook) is { } h) CheckHandler(h, containerPath.Key("lifecycle").Key(hook), LifecycleActions, "lifecycle handler", violations);
                }
            }
        }
    }

    private static void CheckContainerPorts(YamlMapping container, ObjectPath containerPath, Dictionary<string, ObjectPath> hostPorts, Dictionary<(long Port, string Protocol), ObjectPath> containerPorts, List<SchemaViolation> violations)
    {
        if (container.Sequence("ports") is not { } ports) return;
        var portNames = new Dictionary<string, ObjectPath>(StringComparer.Ordinal);
        for (var j = 0; j < ports.Items.Count; j++)
        {
            if (ports.Items[j] is not YamlMapping port) continue;
            var portPath = containerPath.Key("ports").Index(j);
            var protocol = ScalarText.StringAt(port, "protocol") ?? "TCP";
            if (port.Integer("containerPort") is { } containerPort)
            {
                if (containerPort is < 1 or > 65535) violations.Add(PortRules.OutOfRange(portPath.Key("containerPort"), containerPort, "containerPort"));
                var key = (containerPort, protocol);
                if (containerPorts.TryGetValue(key, out var first))
                {
                    // The API server accepts this with a warning: only one of the two can be reached.
                    violations.Add(new SchemaViolation(SchemaRules.DuplicatePort, $"containerPort {containerPort}/{protocol} is declared twice in the pod ({first} and {portPath})", portPath.Key("containerPort"), Severity.Warning));
                }
                else
                {
                    containerPorts[key] = portPath;
                }
            }
            if (port.Integer("hostPort") is { } hostPort and not 0)
            {
                if (hostPort is < 1 or > 65535) violations.Add(PortRules.OutOfRange(portPath.Key("hostPort"), hostPort, "hostPort"));
                var key = $"{ScalarText.StringAt(port, "hostIP") ?? ""}:{hostPort}/{protocol}";
                if (hostPorts.TryGetValue(key, out var first))
                {
                    violations.Add(new SchemaViolation(SchemaRules.DuplicatePort, $"hostPort {hostPort}/{protocol} is declared twice in the pod ({first} and {portPath}); host ports must be unique", portPath.Key("hostPort")));
                }
                else
                {
                    hostPorts[key] = portPath;
                }
            }
            // An empty port name is the zero value: unnamed.
            if (ScalarText.StringAt(port, "name") is { Length: > 0 } name)
            {
                if (NameRules.IanaServiceName(name) is { } problem)
                {
                    violations.Add(new SchemaViolation(SchemaRules.InvalidName, $"port name {MessageText.Quote(name)} is not valid: it {problem}", portPath.Key("name")));
                }
                if (portNames.TryGetValue(name, out var first))
                {
                    violations.Add(new SchemaViolation(SchemaRules.DuplicatePort, $"port name {MessageText.Quote(name)} is used twice in one container ({first} and {portPath})", portPath.Key("name")));
                }
                else
                {
                    portNames[name] = portPath;
                }
            }
        }
    }

    private static readonly string[] Probes = ["livenessProbe", "readinessProbe", "startupProbe"];
    private static readonly string[] LifecycleHooks = ["postStart", "preStop"];
    private static readonly string[] PortActions = ["httpGet", "tcpSocket", "grpc"];
    private static readonly string[] ProbeActions = ["exec", "httpGet", "tcpSocket", "grpc"];
    private static readonly string[] LifecycleActions = ["exec", "httpGet", "tcpSocket", "sleep"];

    /// <summary>A probe or lifecycle handler: exactly one action (the API server's validateHandler), and ports in range.</summary>
    private static void CheckHandler(YamlMapping handler, ObjectPath path, string[] actions, string what, List<SchemaViolation> violations)
    {
        var set = actions.Where(a => handler[a] is { } value && value is not YamlScalar { IsNull: true }).ToList();
        if (set.Count != 1)
        {
            var found = set.Count == 0 ? "no action" : $"{set.Count} actions ({string.Join(", ", set)})";
            violations.Add(new SchemaViolation(SchemaRules.Alternatives, $"{path} specifies {found}; a {what} must specify exactly one of {string.Join(", ", actions)}", path));
        }
        foreach (var action in PortActions)
        {
            if (actions.Contains(action) && handler.Mapping(action)?["port"] is YamlScalar port) PortRules.CheckReference(port, path.Key(action).Key("port"), allowName: action != "grpc", violations);
        }
    }
}
