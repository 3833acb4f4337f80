using System.Text.RegularExpressions;

namespace Acolhimento.Validation.Live;

/// <summary>What to look for in the object when a refusal names a value but not its field (a decoder's error).</summary>
internal enum ValueSearchKind
{
    /// <summary>A mapping key written twice (<see cref="ValueSearch.Key"/>).</summary>
    DuplicateKey,
    /// <summary>A value of a resource-quantity field that is not a quantity.</summary>
    Quantity,
    /// <summary>A value of a <c>format: byte</c> field (<c>Secret.data</c>) that is not base64.</summary>
    Base64,
}

internal sealed record ValueSearch(ValueSearchKind Kind, string? Key = null);

/// <summary>
/// The fields a refusal's message names, in the formats the API server writes them, for answers that carry no
/// <c>details.causes</c>:
/// <list type="bullet">
/// <item>apimachinery's <c>NewInvalid</c>: <c>Kind.group "name" is invalid: </c> then one <c>field.Error</c>
/// (<c>&lt;field&gt;: &lt;type&gt;[: &lt;value&gt;][: &lt;detail&gt;]</c>, the type one of <c>Not found</c>, <c>Required value</c>,
/// <c>Duplicate value</c>, <c>Invalid value</c>, <c>Unsupported value</c>, <c>Forbidden</c>, <c>Too long</c>, <c>Too many</c>,
/// <c>Internal error</c>), or several as the aggregate writes them, <c>[e1, e2]</c>;</item>
/// <item>structured-merge-diff's typed-patch errors (<c>failed to create typed patch object (…): .path: message</c>, or an
/// <c>errors:</c> list, one per line);</item>
/// <item>the decoders': strict JSON (<c>unknown field "spec.x"</c>, <c>duplicate field "spec.x"</c>), strict YAML
/// (<c>line 3: key "a" already set in map</c>), <c>encoding/json</c> (<c>cannot unmarshal number 2147483648 into Go struct
/// field Probe.spec.template.spec.containers.livenessProbe.failureThreshold of type int32</c>), a quantity that does not match
/// its grammar, base64 that does not decode.</item>
/// </list>
/// </summary>
internal static partial class StatusMessages
{
    public static IEnumerable<StatusCause> Causes(string message)
    {
        if (TypedPatch().Match(message) is { Success: true } typed) return TypedPatchCauses(message[typed.Length..].Trim());
        if (FieldErrors(message) is { Count: > 0 } invalid) return invalid;
        var decoding = DecodingField().Matches(message)
            .Select(f => new StatusCause(f.Groups["path"].Value, f.Groups["what"].Value + " field", f.Groups["what"].Value == "unknown" ? "FieldValueNotSupported" : "FieldValueDuplicate"))
            .Concat(DuplicateYamlKey().Matches(message).Select(k => new StatusCause(null, $"key \"{k.Groups["key"].Value}\" written twice in one mapping (line {k.Groups["line"].Value} of the request)", "FieldValueDuplicate", new ValueSearch(ValueSearchKind.DuplicateKey, k.Groups["key"].Value))))
            .Concat(GoStructField().Matches(message).Select(f => new StatusCause(f.Groups["path"].Value, $"cannot unmarshal {f.Groups["what"].Value} into a field of type {f.Groups["type"].Value}", "FieldValueTypeInvalid")))
            .ToList();
        if (decoding.Count > 0) return decoding;
        if (message.Contains("quantities must match the regular expression", StringComparison.Ordinal))
        {
            return [new StatusCause(null, "not a resource quantity (a number with an optional suffix, e.g. 250m, 0.5, 128Mi, 1Gi)", "FieldValueInvalid", new ValueSearch(ValueSearchKind.Quantity))];
        }
        if (IllegalBase64().Match(message) is { Success: true } base64)
        {
            return [new StatusCause(null, $"not base64 (illegal data at input byte {base64.Groups["at"].Value})", "FieldValueInvalid", new ValueSearch(ValueSearchKind.Base64))];
        }
        return [];
    }

    private static IEnumerable<StatusCause> TypedPatchCauses(string rest)
    {
        IEnumerable<string> parts = rest.StartsWith("errors:", StringComparison.Ordinal)
            ? rest["errors:".Length..].ReplaceLineEndings("\n").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : [rest];
        foreach (var part in parts)
        {
            if (PathAndMessage().Match(part) is { Success: true } cause) yield return new StatusCause(cause.Groups["path"].Value, cause.Groups["message"].Value.Trim(), "FieldValueInvalid");
        }
    }

    /// <summary>The <c>field.Error</c>s of a <c>NewInvalid</c> message, each once (the aggregate drops repeated texts); none when the message is not one.</summary>
    public static IReadOnlyList<StatusCause> FieldErrors(string message)
    {
        var invalid = IsInvalid().Match(message);
        if (!invalid.Success) return [];
        var errors = message[(invalid.Index + invalid.Length)..];
        var listed = errors.StartsWith('[') && errors.EndsWith(']');
        if (listed) errors = errors[1..^1];
        var starts = new List<int>();
        if (ErrorStart().Match(errors, 0) is { Success: true, Index: 0 }) starts.Add(0);
        else return [];
        if (listed)
        {
            for (var at = errors.IndexOf(", ", StringComparison.Ordinal); at >= 0; at = errors.IndexOf(", ", at + 2, StringComparison.Ordinal))
            {
                if (ErrorStart().Match(errors, at + 2) is { Success: true } next && next.Index == at + 2) starts.Add(at + 2);
            }
        }
        var causes = new List<StatusCause>();
        for (var i = 0; i < starts.Count; i++)
        {
            var text = errors[starts[i]..(i + 1 < starts.Count ? starts[i + 1] - 2 : errors.Length)];
            var start = ErrorStart().Match(text);
            causes.Add(new StatusCause(FieldOrNull(start.Groups["field"].Value), text[(start.Groups["field"].Length + 2)..], Reasons[start.Groups["type"].Value]));
        }
        return causes;
    }

    /// <summary>
    /// A cause's field, or null for one about the object as a whole: none, or <c>&lt;nil&gt;</c>, as a Go nil path prints
    /// (CEL's "some validation rules were not checked because the object was invalid" beside the errors that say why).
    /// </summary>
    public static string? FieldOrNull(string? field) => string.IsNullOrEmpty(field) || field == "<nil>" ? null : field;

    /// <summary>The cause reason (<c>metav1.CauseType</c>) of each <c>field.ErrorType</c> text; two types share "Invalid value".</summary>
    private static readonly Dictionary<string, string> Reasons = new(StringComparer.Ordinal)
    {
        ["Not found"] = "FieldValueNotFound",
        ["Required value"] = "FieldValueRequired",
        ["Duplicate value"] = "FieldValueDuplicate",
        ["Invalid value"] = "FieldValueInvalid",
        ["Unsupported value"] = "FieldValueNotSupported",
        ["Forbidden"] = "FieldValueForbidden",
        ["Too long"] = "FieldValueTooLong",
        ["Too many"] = "FieldValueTooMany",
        ["Internal error"] = "InternalError",
    };

    [GeneratedRegex(@"^\S+ ""(?:[^""\\]|\\.)*"" is invalid: ")]
    private static partial Regex IsInvalid();

    /// <summary>A field path (names, bracketed indexes or keys that may hold spaces, <c>{a, b}</c> field sets) followed by an error type.</summary>
    [GeneratedRegex(@"\G(?<field><nil>|(?:[^\s:\[\]{}<>""]|\[[^\]]*\]|\{[^}]*\})+): (?<type>Not found|Required value|Duplicate value|Invalid value|Unsupported value|Forbidden|Too long|Too many|Internal error)(?=$|:|,|\])")]
    private static partial Regex ErrorStart();

    [GeneratedRegex(@"failed to create typed patch object \([^)]*\):")]
    private static partial Regex TypedPatch();

    /// <summary><c>.path: message</c>, a structured-merge-diff path (<c>.spec.a[name="x"].b</c>).</summary>
    [GeneratedRegex(@"^(?<path>\.\S+?): (?<message>.*)$", RegexOptions.Singleline)]
    private static partial Regex PathAndMessage();

    [GeneratedRegex(@"(?<what>unknown|duplicate) field ""(?<path>[^""]+)""")]
    private static partial Regex DecodingField();

    /// <summary>go-yaml's strict decoding (<c>sigs.k8s.io/yaml</c>): <c>line 3: key "a" already set in map</c>.</summary>
    [GeneratedRegex(@"line (?<line>\d+): key ""(?<key>(?:[^""\\]|\\.)*)"" already set in map")]
    private static partial Regex DuplicateYamlKey();

    /// <summary><c>encoding/json</c>'s type error: the Go type's name, then the JSON path without list indexes.</summary>
    [GeneratedRegex(@"cannot unmarshal (?<what>.+?) into Go struct field [A-Za-z0-9_]+\.(?<path>\S+) of type (?<type>\S+)")]
    private static partial Regex GoStructField();

    [GeneratedRegex(@"illegal base64 data at input byte (?<at>\d+)")]
    private static partial Regex IllegalBase64();
}
