using System.Globalization;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Schema.ApiServer;

/// <summary>Port numbers and port references (by number or by name), shared by pod specs and Services.</summary>
internal static class PortRules
{
    /// <summary>A port given as a number (1–65535) or, where allowed, by the name of a container port.</summary>
    public static void CheckReference(YamlScalar port, ObjectPath path, bool allowName, List<SchemaViolation> violations)
    {
        if (port.Kind == ScalarKind.Int && ScalarResolution.TryParseInt(port.Value, out var number))
        {
            if (number is < 1 or > 65535) violations.Add(OutOfRange(path, number, path.Segments[^1].ToString()!));
        }
        else if (port.Kind == ScalarKind.String && allowName && NameRules.IanaServiceName(port.Value) is { } problem)
        {
            violations.Add(new SchemaViolation(SchemaRules.InvalidName, $"{path} refers to port name {MessageText.Quote(port.Value)}, which is not a valid port name: it {problem}", path));
        }
    }

    public static SchemaViolation OutOfRange(ObjectPath path, long value, string field) =>
        new(SchemaRules.PortRange, $"{field} {value.ToString(CultureInfo.InvariantCulture)} at {path} is out of range: ports must be between 1 and 65535", path);
}
