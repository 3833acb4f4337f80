using System.Globalization;
using System.Text.RegularExpressions;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Schema;

/// <summary>
/// What the structural validator asks of a value (its JSON type, number range, length in runes, date-time and base64
/// forms) and the words its messages use for types and values; kept apart from the walk that applies them.
/// </summary>
internal static partial class JsonValueChecks
{
    /// <summary>
    /// An integer literal fits when it parses as a long (larger ones resolve as floats). A float is compared with 2^63
    /// exclusively: long.MaxValue converted to double rounds up to 2^63, so comparing with it would let 2^63 through.
    /// </summary>
    internal static bool FitsInt64(YamlScalar scalar, double value) =>
        scalar.Kind == ScalarKind.Int ? ScalarResolution.TryParseInt(scalar.Value, out _) : value >= -9223372036854775808.0 && value < 9223372036854775808.0;

    internal static bool TypeAllowed(YamlNode node, JsonTypes allowed) => node switch
    {
        YamlMapping => allowed.HasFlag(JsonTypes.Object),
        YamlSequence => allowed.HasFlag(JsonTypes.Array),
        YamlScalar s => s.Kind switch
        {
            ScalarKind.String => allowed.HasFlag(JsonTypes.String),
            ScalarKind.Bool => allowed.HasFlag(JsonTypes.Boolean),
            ScalarKind.Int => (allowed & (JsonTypes.Integer | JsonTypes.Number)) != 0,
            // 2.0 becomes 2 on the way to JSON, so an integral float is accepted where an integer is expected.
            ScalarKind.Float => allowed.HasFlag(JsonTypes.Number) || (allowed.HasFlag(JsonTypes.Integer) && IsIntegral(s.Value)),
            _ => true,
        },
        _ => false,
    };

    /// <summary>Length as the API server counts it: Unicode code points, not UTF-16 units.</summary>
    internal static int RuneCount(string value)
    {
        var count = 0;
        foreach (var _ in value.EnumerateRunes()) count++;
        return count;
    }

    internal static bool IsIntegral(string value)
    {
        var number = ScalarResolution.ParseFloat(value);
        return double.IsFinite(number) && Math.Floor(number) == number;
    }

    internal static double? NumericValue(YamlScalar scalar) => scalar.Kind switch
    {
        ScalarKind.Int when ScalarResolution.TryParseInt(scalar.Value, out var i) => i,
        ScalarKind.Float => ScalarResolution.ParseFloat(scalar.Value),
        _ => null,
    };

    internal static bool IsDateTime(string value) =>
        DateTimeRegex().IsMatch(value) && DateTimeOffset.TryParse(value.ToUpperInvariant(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _);

    internal static bool IsBase64(string value)
    {
        // Go's base64 decoder skips line breaks, so folded or literal blocks are fine.
        var compact = value.Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal);
        if (compact.Length % 4 != 0) return false;
        var buffer = new byte[compact.Length];
        return Convert.TryFromBase64String(compact, buffer, out _) && !compact.Any(char.IsWhiteSpace);
    }

    internal static string TypeNames(SchemaNode schema) => TypeNames(schema.IntOrString ? schema.Types | JsonTypes.Integer | JsonTypes.String : schema.Types);

    internal static string TypeNames(JsonTypes types)
    {
        var names = new List<string>();
        if (types.HasFlag(JsonTypes.Object)) names.Add("an object");
        if (types.HasFlag(JsonTypes.Array)) names.Add("a list");
        if (types.HasFlag(JsonTypes.String)) names.Add("a string");
        if (types.HasFlag(JsonTypes.Integer)) names.Add("an integer");
        if (types.HasFlag(JsonTypes.Number)) names.Add("a number");
        if (types.HasFlag(JsonTypes.Boolean)) names.Add("a boolean");
        return names.Count switch
        {
            0 => "a value",
            1 => names[0],
            _ => string.Join(", ", names.Take(names.Count - 1)) + " or " + names[^1],
        };
    }

    internal static string Article(string typeName) => typeName switch
    {
        "object" => "an object",
        "array" => "a list",
        "integer" => "an integer",
        "null" => "null",
        _ => "a " + typeName,
    };

    internal static string DescribeValue(YamlNode node) => node switch
    {
        YamlScalar s when s.Kind == ScalarKind.String => MessageText.Quote(s.Value),
        YamlScalar s => s.Value,
        YamlMapping => "the mapping",
        YamlSequence => "the list",
        _ => "the value",
    };

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex DateTimeRegex();
}
