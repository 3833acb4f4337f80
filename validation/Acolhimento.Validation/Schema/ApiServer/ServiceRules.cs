using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Schema.ApiServer;

/// <summary>A Service's selector labels and ports: ranges, target ports, names (required when there are several) and duplicates.</summary>
internal static class ServiceRules
{
    public static void Check(YamlMapping spec, ObjectPath path, List<SchemaViolation> violations)
    {
        if (spec.Mapping("selector") is { } selector) MetadataRules.CheckLabels(selector, path.Key("selector"), violations);
        if (spec.Sequence("ports") is not { } ports) return;
        var names = new Dictionary<string, ObjectPath>(StringComparer.Ordinal);
        var numbers = new Dictionary<string, ObjectPath>(StringComparer.Ordinal);
        for (var i = 0; i < ports.Items.Count; i++)
        {
            if (ports.Items[i] is not YamlMapping port) continue;
            var portPath = path.Key("ports").Index(i);
            var protocol = ScalarText.StringAt(port, "protocol") ?? "TCP";
            if (port.Integer("port") is { } number)
            {
                if (number is < 1 or > 65535) violations.Add(PortRules.OutOfRange(portPath.Key("port"), number, "port"));
                var key = $"{number}/{protocol}";
                if (numbers.TryGetValue(key, out var first))
                {
                    violations.Add(new SchemaViolation(SchemaRules.DuplicatePort, $"Service port {key} is declared twice ({first} and {portPath})", portPath.Key("port")));
                }
                else
                {
                    numbers[key] = portPath;
                }
            }
            if (port.Integer("nodePort") is { } nodePort and not 0 && nodePort is < 1 or > 65535) violations.Add(PortRules.OutOfRange(portPath.Key("nodePort"), nodePort, "nodePort"));
            // The API server defaults a targetPort of 0 or "" to the port itself before validating.
            if (port["targetPort"] is YamlScalar targetPort && !IsDefaultedTargetPort(targetPort))
            {
                PortRules.CheckReference(targetPort, portPath.Key("targetPort"), allowName: true, violations);
            }
            // An empty name is the zero value: unnamed.
            var name = ScalarText.StringAt(port, "name") is { Length: > 0 } written ? written : null;
            if (name is null)
            {
                if (ports.Items.Count > 1)
                {
                    violations.Add(new SchemaViolation(SchemaRules.RequiredField, $"{portPath} has no name; a Service with more than one port must name each of them", portPath));
                }
                continue;
            }
            if (NameRules.Dns1123Label(name) is { } problem)
            {
                violations.Add(new SchemaViolation(SchemaRules.InvalidName, $"Service port name {MessageText.Quote(name)} is not valid: it {problem}", portPath.Key("name")));
            }
            if (names.TryGetValue(name, out var firstName))
            {
                violations.Add(new SchemaViolation(SchemaRules.DuplicatePort, $"Service port name {MessageText.Quote(name)} is used twice ({firstName} and {portPath})", portPath.Key("name")));
            }
            else
            {
                names[name] = portPath;
            }
        }
    }

    private static bool IsDefaultedTargetPort(YamlScalar port) =>
        (port.Kind == ScalarKind.Int && ScalarResolution.TryParseInt(port.Value, out var number) && number == 0)
        || (port.Kind == ScalarKind.String && port.Value.Length == 0);
}
