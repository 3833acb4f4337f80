using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Diff;

/// <summary>An object as the diff shows it: YAML in one canonical field order, Secret values replaced, and the line of each field.</summary>
internal sealed record NormalisedObject(string Text, IReadOnlyDictionary<string, int> LineOfPath)
{
    public string[] Lines => Text.Length == 0 ? [] : Text.TrimEnd('\n').Split('\n');

    /// <summary>The lines a field spans (its key through its last nested value), for the nearest written ancestor of the path.</summary>
    public (int Start, int End)? RangeOf(string? path)
    {
        for (var p = path; !string.IsNullOrEmpty(p); p = Parent(p))
        {
            if (!LineOfPath.TryGetValue(p, out var start)) continue;
            var end = start;
            foreach (var (key, line) in LineOfPath)
            {
                if (line > end && key.Length > p.Length && key.StartsWith(p, StringComparison.Ordinal) && key[p.Length] is '.' or '[') end = line;
            }
            return (start, end);
        }
        return null;
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? "" : path[..cut];
    }
}

/// <summary>
/// Writes objects for the diff. Secret <c>data</c>/<c>stringData</c> values are never shown: each becomes
/// <c>&lt;redacted&gt;</c>, and in the newer revision <c>&lt;redacted, changed&gt;</c> when it differs from the base, so
/// a reviewer sees which key changed and nothing of its value.
/// </summary>
internal static class ObjectNormaliser
{
    public const string Redacted = "<redacted>";
    public const string RedactedChanged = "<redacted, changed>";
    private static readonly string[] SecretValueFields = ["data", "stringData"];

    public static bool IsSecret(ObjectReference id) => id.Group.Length == 0 && id.Kind == "Secret";

    /// <summary>The base and changed versions of one object (either may be absent), normalised together so Secret changes show.</summary>
    public static (NormalisedObject? Base, NormalisedObject? Head) Pair(RenderedObject? baseObject, RenderedObject? headObject)
    {
        var secret = (baseObject ?? headObject) is { } any && IsSecret(any.Id);
        var baseBody = baseObject?.Body;
        var headBody = headObject?.Body;
        if (secret)
        {
            var baseValues = SecretValues(baseBody);
            baseBody = baseBody is null ? null : RedactSecret(baseBody, _ => Redacted);
            var headValues = SecretValues(headBody);
            headBody = headBody is null ? null : RedactSecret(headBody, key =>
                baseValues.TryGetValue(key, out var old) && old != headValues[key] ? RedactedChanged : Redacted);
        }
        return (baseBody is null ? null : Normalise(baseBody), headBody is null ? null : Normalise(headBody));
    }

    public static NormalisedObject Normalise(YamlMapping body)
    {
        var text = YamlWriter.Write(Canonical(body));
        if (text.StartsWith("---", StringComparison.Ordinal)) text = text[(text.IndexOf('\n') + 1)..];
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        var read = YamlReader.Read(text);
        if (read.Documents.FirstOrDefault()?.Root is { } root)
        {
            foreach (var (path, node) in root.Walk())
            {
                var key = path.ToString();
                if (key.Length > 0) lines.TryAdd(key, node.Start.Line);
            }
        }
        return new NormalisedObject(text, lines);
    }

    /// <summary>Keys that lead their mapping, in this order; every other key follows in ordinal order.</summary>
    private static readonly string[] LeadingKeys = ["apiVersion", "kind", "metadata", "name", "namespace"];

    /// <summary>
    /// The node with every mapping's keys in one order. Renderers differ (kustomize writes keys sorted, a plain
    /// directory keeps the file's order), so the same object from two sources must print the same; sequences keep their order.
    /// </summary>
    private static YamlNode Canonical(YamlNode node) => node switch
    {
        YamlMapping m => YamlMapping.Build(m.Start, m.Entries
            .OrderBy(e => Array.IndexOf(LeadingKeys, e.Key.Value) is var i and >= 0 ? i : LeadingKeys.Length)
            .ThenBy(e => e.Key.Value, StringComparer.Ordinal)
            .Select(e => new KeyValuePair<YamlScalar, YamlNode>(e.Key, Canonical(e.Value)))),
        YamlSequence s => YamlNodes.Sequence(s.Items.Select(Canonical), s.Start),
        _ => node,
    };

    /// <summary>Key → value of a Secret's data and stringData (stringData keys marked, as the API server merges them into data).</summary>
    private static Dictionary<string, string> SecretValues(YamlMapping? body)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (body is null) return values;
        foreach (var field in SecretValueFields)
        {
            foreach (var entry in body.Mapping(field)?.Entries ?? [])
                values[$"{field}.{entry.Key.Value}"] = entry.Value is YamlScalar s ? s.Value : entry.Value.Describe();
        }
        return values;
    }

    private static YamlMapping RedactSecret(YamlMapping body, Func<string, string> replacement)
    {
        var result = body;
        foreach (var field in SecretValueFields)
        {
            if (body.Mapping(field) is not { } values) continue;
            var redacted = YamlMapping.Build(values.Start, values.Entries.Select(e =>
                new KeyValuePair<YamlScalar, YamlNode>(e.Key, YamlNodes.Scalar(replacement($"{field}.{e.Key.Value}"), e.Value.Start, ScalarStyle.Plain))));
            result = result.With(field, redacted);
        }
        return result;
    }
}
