using System.Globalization;
using System.Text.Json;
using Acolhimento.Validation.Yaml;
using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Schema;

/// <summary>Enum values and list entries in one canonical form, so a schema's JSON values and a manifest's YAML scalars compare as the API server compares them.</summary>
internal static class EnumValues
{
    public static EnumValue FromJson(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => OfString(value.GetString()!),
        JsonValueKind.Number => new EnumValue("n:" + NormalizeNumber(value.GetRawText()), value.GetRawText()),
        JsonValueKind.True => new EnumValue("b:true", "true"),
        JsonValueKind.False => new EnumValue("b:false", "false"),
        JsonValueKind.Null => new EnumValue("null", "null"),
        _ => new EnumValue("j:" + value.GetRawText(), value.GetRawText()),
    };

    /// <summary>A string value of an enumeration (what the enumerated-fields table and a schema's string enums hold).</summary>
    public static EnumValue OfString(string value) => new("s:" + value, Quote(value));

    /// <summary>The canonical form of a scalar as the API server would see it after YAML → JSON, or null for a non-scalar.</summary>
    public static string? Canonical(YamlNode node) => node switch
    {
        YamlScalar s => s.Kind switch
        {
            ScalarKind.Null => "null",
            ScalarKind.Bool => ScalarResolution.ParseBool(s.Value) ? "b:true" : "b:false",
            ScalarKind.Int when ScalarResolution.TryParseInt(s.Value, out var i) => "n:" + i.ToString(CultureInfo.InvariantCulture),
            ScalarKind.Float => "n:" + NormalizeNumber(s.Value),
            _ => "s:" + s.Value,
        },
        _ => null,
    };

    /// <summary>Whether the scalar is one of <paramref name="allowed"/>; compares a string without building its canonical form.</summary>
    public static bool IsAllowed(YamlScalar scalar, IReadOnlyList<EnumValue> allowed)
    {
        if (scalar.Kind == ScalarKind.String)
        {
            for (var i = 0; i < allowed.Count; i++)
            {
                var canonical = allowed[i].Canonical;
                if (canonical.Length == scalar.Value.Length + 2 && canonical.StartsWith("s:", StringComparison.Ordinal) && canonical.AsSpan(2).SequenceEqual(scalar.Value)) return true;
            }
            return false;
        }
        var form = Canonical(scalar);
        for (var i = 0; i < allowed.Count; i++)
        {
            if (allowed[i].Canonical == form) return true;
        }
        return false;
    }

    public static string Quote(string text) => "\"" + text + "\"";

    /// <summary>
    /// The API server's wording for a value outside an enumeration (field.NotSupported), with the closest allowed value
    /// when the value looks like a typo of one: <c>path: Unsupported value: "always": supported values: "Always", "Never"</c>.
    /// </summary>
    public static string Unsupported(string path, string shownValue, string rawValue, IReadOnlyList<EnumValue> allowed)
    {
        var message = $"{path}: Unsupported value: {shownValue}: supported values: {string.Join(", ", allowed.Select(a => a.Display))}";
        var names = allowed.Where(a => a.Canonical.StartsWith("s:", StringComparison.Ordinal)).Select(a => a.Canonical[2..]).ToList();
        return rawValue.Length > 0 && FieldSuggestions.Closest(rawValue, names) is { } suggestion ? $"{message}; did you mean {Quote(suggestion)}?" : message;
    }

    private static string NormalizeNumber(string raw)
    {
        var text = raw.Replace("_", "", StringComparison.Ordinal);
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return (d / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) ? f.ToString("R", CultureInfo.InvariantCulture) : raw;
    }
}
