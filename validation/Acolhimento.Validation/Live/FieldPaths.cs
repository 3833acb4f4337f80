using System.Collections.Immutable;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Live;

/// <summary>
/// Turns a field path as the API server writes it into an <see cref="ObjectPath"/> of the object that was sent:
/// validation paths (<c>spec.containers[0].image</c>, <c>metadata.labels[app]</c>) and server-side apply paths
/// (<c>.spec.containers[name="api"].image</c>, map keys with dots such as <c>.metadata.labels.app.kubernetes.io/name</c>).
/// Segments after the deepest one the body has are kept as written: they name a field that should be there. A template's
/// metadata fields, which validation names at the template's own path (<c>spec.template.labels</c>), are found under its <c>metadata</c>.
/// </summary>
internal static class FieldPaths
{
    private abstract record Segment;

    private sealed record Name(string Value) : Segment;

    private sealed record Index(int Value) : Segment;

    private sealed record Selector(IReadOnlyList<(string Key, string Value)> Keys) : Segment;

    public static ObjectPath Resolve(string apiPath, YamlNode body) => new(Walk(Split(apiPath), 0, body, ImmutableArray<object>.Empty));

    private static ImmutableArray<object> Walk(List<Segment> segments, int i, YamlNode? node, ImmutableArray<object> result)
    {
        for (; i < segments.Count; i++)
        {
            switch (segments[i], node)
            {
                case (Name name, YamlMapping mapping):
                    // A map key may contain dots that the path did not escape: join following names until a key matches.
                    var key = name.Value;
                    var consumed = i;
                    if (mapping[key] is null)
                    {
                        for (var j = i + 1; j < segments.Count && segments[j] is Name; j++)
                        {
                            var joined = key + "." + string.Join('.', segments.Skip(i + 1).Take(j - i).Cast<Name>().Select(n => n.Value));
                            if (mapping[joined] is not null)
                            {
                                key = joined;
                                consumed = j;
                                break;
                            }
                        }
                    }
                    if (mapping[key] is null && mapping.Mapping("metadata") is { } metadata && metadata[key] is not null)
                    {
                        // A template's ObjectMeta is validated at the template's own path: spec.template.labels is spec.template.metadata.labels.
                        result = result.Add("metadata");
                        mapping = metadata;
                    }
                    result = result.Add(key);
                    node = mapping[key];
                    i = consumed;
                    break;
                case (Name, YamlSequence { Items.Count: > 0 } sequence):
                    // A Go struct path names list fields without an index (json: cannot unmarshal … into Go struct field
                    // Probe.spec.template.spec.containers.livenessProbe.failureThreshold): the item the rest of the path reaches deepest.
                    var best = result;
                    for (var item = 0; item < sequence.Items.Count; item++)
                    {
                        var candidate = Walk(segments, i, sequence.Items[item], result.Add(item));
                        if (candidate.Length > best.Length) best = candidate;
                    }
                    return best;
                case (Name name, _):
                    result = result.Add(name.Value);
                    node = null;
                    break;
                case (Index index, YamlSequence sequence):
                    result = result.Add(index.Value);
                    node = index.Value < sequence.Items.Count ? sequence.Items[index.Value] : null;
                    break;
                case (Index index, _):
                    result = result.Add(index.Value);
                    node = null;
                    break;
                case (Selector selector, YamlSequence sequence):
                    var found = FindItem(sequence, selector);
                    if (found < 0) return result;
                    result = result.Add(found);
                    node = sequence.Items[found];
                    break;
                default:
                    return result;
            }
        }
        return result;
    }

    /// <summary>
    /// The item an associative-list selector names. The server writes every key of the list, defaulted ones included
    /// (<c>ports[port=80,protocol="TCP"]</c> for a port whose source leaves <c>protocol</c> out), so a key the item does not
    /// write matches whatever value the server filled in; an item that writes every key as selected is preferred.
    /// </summary>
    private static int FindItem(YamlSequence sequence, Selector selector)
    {
        var defaulted = -1;
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            if (sequence.Items[i] is not YamlMapping item) continue;
            var written = selector.Keys.Where(k => item[k.Key] is not null).ToList();
            if (written.Count == 0 || !written.All(k => item[k.Key] is YamlScalar s && s.Value == k.Value)) continue;
            if (written.Count == selector.Keys.Count) return i;
            if (defaulted < 0) defaulted = i;
        }
        return defaulted;
    }

    private static List<Segment> Split(string path)
    {
        var segments = new List<Segment>();
        var i = path.StartsWith('.') ? 1 : 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                i++;
                continue;
            }
            if (path[i] == '[')
            {
                var end = ClosingBracket(path, i);
                var inner = path[(i + 1)..end];
                if (inner.Length > 0) segments.Add(Bracket(inner));
                i = end + 1;
                continue;
            }
            var stop = path.IndexOfAny(['.', '['], i);
            if (stop < 0) stop = path.Length;
            segments.Add(new Name(path[i..stop]));
            i = stop;
        }
        return segments;
    }

    /// <summary>The bracket closing the one at <paramref name="open"/>, skipping brackets inside quoted selector values.</summary>
    private static int ClosingBracket(string path, int open)
    {
        var quoted = false;
        for (var i = open + 1; i < path.Length; i++)
        {
            if (path[i] == '"' && path[i - 1] != '\\') quoted = !quoted;
            else if (path[i] == ']' && !quoted) return i;
        }
        return path.Length; // unterminated: the rest of the path is the bracket's content
    }

    private static Segment Bracket(string inner)
    {
        if (int.TryParse(inner, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)) return new Index(index);
        if (inner.Contains('=', StringComparison.Ordinal) && inner.Length > 0)
        {
            var keys = new List<(string, string)>();
            foreach (var pair in SplitSelector(inner))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0) return new Name(inner);
                keys.Add((pair[..eq], Unquote(pair[(eq + 1)..])));
            }
            return new Selector(keys);
        }
        return new Name(inner);
    }

    private static IEnumerable<string> SplitSelector(string inner)
    {
        var start = 0;
        var quoted = false;
        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i] == '"') quoted = !quoted;
            else if (inner[i] == ',' && !quoted)
            {
                yield return inner[start..i];
                start = i + 1;
            }
        }
        yield return inner[start..];
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal) : value;
}
