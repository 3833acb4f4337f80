using System.Globalization;

namespace Acolhimento.Validation.Yaml;

/// <summary>
/// The JSON value a scalar becomes on the way every manifest takes to the API server: go-yaml v2 decodes it
/// (<see cref="GoYamlResolve"/>), sigs.k8s.io/yaml marshals the result to JSON, and Argo CD decodes that JSON into an
/// unstructured object (apimachinery keeps an integer literal that fits int64 as an integer, every other number as a
/// float64) before it is sent on. So <c>1.0</c>, <c>1e3</c> and <c>08</c> arrive as integers, an integer above int64 as
/// a float, and <c>.nan</c> cannot be sent at all (<see cref="Error"/>).
/// </summary>
/// <param name="Integer">The value of an <see cref="ScalarKind.Int"/>; 1 or 0 for a <see cref="ScalarKind.Bool"/>.</param>
/// <param name="Number">The value of a number (an integer's too).</param>
/// <param name="Text">The string of a <see cref="ScalarKind.String"/>: the scalar's text, or what a <c>!!binary</c> decodes to.</param>
/// <param name="Error">Why Kubernetes' conversion refuses the scalar, or null.</param>
public readonly record struct JsonScalar(ScalarKind Kind, long Integer = 0, double Number = 0, string? Text = null, string? Error = null)
{
    public bool Boolean => Kind == ScalarKind.Bool && Integer != 0;
}

/// <summary>Resolves scalars to the JSON Kubernetes makes of them; values through <see cref="JsonScalar"/>, mapping keys through <see cref="JsonKey"/>.</summary>
internal static class ScalarResolution
{
    public static ScalarKind Resolve(YamlScalar scalar)
    {
        if (scalar.Tag is not null) return Evaluate(scalar).Kind;
        return scalar.Style == ScalarStyle.Plain ? ResolvePlain(scalar.Value) : ScalarKind.String;
    }

    /// <summary>The whole resolution of a scalar in value position.</summary>
    public static JsonScalar Evaluate(YamlScalar scalar)
    {
        if (scalar.Tag is { } tag) return ToJson(GoYamlResolve.Resolve(scalar.Value, tag), scalar.Value);
        return scalar.Style == ScalarStyle.Plain ? EvaluatePlain(scalar.Value) : new JsonScalar(ScalarKind.String, Text: scalar.Value);
    }

    public static JsonScalar EvaluatePlain(string text) => ToJson(GoYamlResolve.Resolve(text, tag: null), text);

    /// <summary>The kind of a plain untagged scalar; words with no number or keyword spelling return without further reading.</summary>
    public static ScalarKind ResolvePlain(string value)
    {
        if (value.Length == 0) return ScalarKind.Null;
        var hint = GoYamlResolve.Hint(value[0]);
        if (hint == GoYamlResolve.HintClass.None) return ScalarKind.String;
        if (value.Length <= GoYamlResolve.LongestWord && GoYamlResolve.TryWord(value, out var word)) return ToJson(word, value).Kind;
        return hint == GoYamlResolve.HintClass.Word ? ScalarKind.String : EvaluatePlain(value).Kind;
    }

    /// <summary>Whether a plain text is a true boolean (a YAML 1.1 spelling of true); false for anything else.</summary>
    public static bool ParseBool(string value) =>
        value.Length <= GoYamlResolve.LongestWord && GoYamlResolve.TryWord(value, out var word) && word is { Kind: GoKind.Bool, Int: 1 };

    /// <summary>The integer a plain text arrives as (<c>0x10</c>, <c>1_000</c>, <c>1.0</c>, <c>08</c>), or false when it arrives as something else.</summary>
    public static bool TryParseInt(string value, out long result)
    {
        var json = EvaluatePlain(value);
        result = json.Integer;
        return json.Kind == ScalarKind.Int;
    }

    /// <summary>The number a plain text arrives as (NaN and infinities included), or NaN when it is no number.</summary>
    public static double ParseFloat(string value)
    {
        var json = EvaluatePlain(value);
        return json.Kind is ScalarKind.Int or ScalarKind.Float ? json.Number : double.NaN;
    }

    /// <summary>
    /// The JSON object key a mapping key becomes: a string as written, a boolean as <c>true</c>/<c>false</c>, an integer
    /// in decimal, a float as Go's 32-bit shortest <c>%g</c> (sigs.k8s.io/yaml's choice). Null and integers above int64
    /// are refused: <paramref name="error"/> says why and the key's text is returned.
    /// </summary>
    public static string JsonKey(YamlScalar key, out string? error)
    {
        error = null;
        if (key.Tag is null && (key.Style != ScalarStyle.Plain || (key.Value.Length > 0 && GoYamlResolve.Hint(key.Value[0]) == GoYamlResolve.HintClass.None)))
        {
            return key.Value; // the common case: a quoted key, or a plain one that starts like no keyword or number
        }
        var go = GoYamlResolve.Resolve(key.Value, key.Tag);
        switch (go.Kind)
        {
            case GoKind.String:
                return go.Text!;
            case GoKind.Timestamp:
                return key.Value;
            case GoKind.Bool:
                return go.Int != 0 ? "true" : "false";
            case GoKind.Int:
                return go.Int.ToString(CultureInfo.InvariantCulture);
            case GoKind.Float:
                return GoFloatText.MapKey(go.Float);
            case GoKind.Null:
                error = $"the key {Shown(key.Value)} is null, and Kubernetes' YAML-to-JSON conversion refuses a null key (sigs.k8s.io/yaml: unsupported map key of type <nil>)";
                return key.Value;
            case GoKind.Uint:
                error = $"the key {key.Value} is an integer above int64's range, and Kubernetes' YAML-to-JSON conversion refuses it (sigs.k8s.io/yaml: unsupported map key of type uint64)";
                return key.Value;
            default:
                error = go.Text;
                return key.Value;
        }
    }

    /// <summary>Why Kubernetes' conversion refuses a scalar in value position, or null; cheap for the plain scalars that cannot fail.</summary>
    public static string? ValueError(YamlScalar scalar)
    {
        if (scalar.Tag is null)
        {
            // Untagged, only .nan and the infinities fail (JSON has no such numbers).
            var value = scalar.Value;
            if (scalar.Style != ScalarStyle.Plain || value.Length is < 4 or > GoYamlResolve.LongestWord || (value[0] != '.' && value[1] != '.')) return null;
        }
        return Evaluate(scalar) is { Error: { } error } ? $"{Shown(scalar.Value)}: {error}" : null;
    }

    private static string Shown(string value) => value.Length == 0 ? "(empty)" : value;

    private static JsonScalar ToJson(GoScalar go, string text) => go.Kind switch
    {
        GoKind.Null => new JsonScalar(ScalarKind.Null),
        GoKind.Bool => new JsonScalar(ScalarKind.Bool, go.Int),
        GoKind.Int => new JsonScalar(ScalarKind.Int, go.Int, go.Int),
        // An integer above int64 is written as its digits; the unstructured decoder reads those as a float64.
        GoKind.Uint => new JsonScalar(ScalarKind.Float, Number: double.Parse(go.Uint.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)),
        GoKind.Float => FromFloat(go.Float),
        GoKind.Timestamp => new JsonScalar(ScalarKind.String, Text: text),
        GoKind.String => new JsonScalar(ScalarKind.String, Text: go.Text),
        _ => new JsonScalar(ScalarKind.String, Text: text, Error: go.Text),
    };

    /// <summary>A float64 as encoding/json writes it and apimachinery reads it back: integral text that fits int64 is an integer.</summary>
    private static JsonScalar FromFloat(double value)
    {
        if (!double.IsFinite(value))
        {
            var shown = double.IsNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf";
            return new JsonScalar(ScalarKind.Float, Number: value, Error: $"json: unsupported value: {shown} (JSON has no such number; Argo CD cannot convert the document)");
        }
        var text = GoFloatText.JsonNumber(value);
        if (text.AsSpan().IndexOfAny('.', 'e') < 0 && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return new JsonScalar(ScalarKind.Int, integer, integer);
        }
        return new JsonScalar(ScalarKind.Float, Number: value);
    }
}
