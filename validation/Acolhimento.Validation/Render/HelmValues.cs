using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

/// <summary>Where a merged value was written: the key a person renames or deletes, and the value they change.</summary>
internal sealed record ValuesOrigin(SourceLocation Key, SourceLocation Value);

/// <summary>One layer of values as Argo CD hands it to Helm, with a way to say where each of its nodes was written.</summary>
internal abstract record ValuesLayer
{
    /// <summary>A YAML document: the chart's values.yaml, a value file, inline <c>values</c> or <c>valuesObject</c>.</summary>
    public sealed record Document(YamlNode Root, Func<YamlNode, ObjectPath, SourceLocation> Locate) : ValuesLayer;

    /// <summary>A <c>--set</c>/<c>--set-string</c> parameter: a dotted path and one value.</summary>
    public sealed record Parameter(string Name, string Value, bool ForceString, SourceLocation At) : ValuesLayer;
}

/// <summary>
/// Helm's values merge (chart defaults, then value files in order, inline values, parameters; maps merge key by key,
/// anything else replaces, <c>null</c> deletes) with the provenance of every node, keyed by JSON pointer — the
/// language schema errors speak.
/// </summary>
internal sealed class HelmValues
{
    // Origins are resolved only when asked: locating a node of inline values inside a rendered Application walks
    // its template, and a run that reports nothing asks for none of them.
    private readonly Dictionary<string, Written> _origins = new(StringComparer.Ordinal);

    private HelmValues(JsonObject merged) => Merged = merged;

    public JsonObject Merged { get; }

    public static HelmValues Merge(IEnumerable<ValuesLayer> layers)
    {
        var values = new HelmValues(new JsonObject());
        foreach (var layer in layers)
        {
            switch (layer)
            {
                case ValuesLayer.Document { Root: YamlMapping root } document:
                    values.MergeMapping(values.Merged, "", root, ObjectPath.Root, document.Locate);
                    break;
                case ValuesLayer.Parameter parameter:
                    values.Set(parameter);
                    break;
            }
        }
        return values;
    }

    /// <summary>Where the node at a JSON pointer was last written, or the nearest written ancestor.</summary>
    public ValuesOrigin? OriginOf(string pointer)
    {
        for (var p = pointer; ; p = p[..p.LastIndexOf('/')])
        {
            if (_origins.TryGetValue(p, out var origin)) return origin.Resolve();
            if (p.Length == 0) return null;
        }
    }

    /// <summary>Where the node at exactly this JSON pointer was last written; null when no values layer wrote it.</summary>
    public ValuesOrigin? ExactOriginOf(string pointer) => _origins.GetValueOrDefault(pointer)?.Resolve();

    public static string Pointer(string parent, string key) => $"{parent}/{JsonPointer.Escape(key)}";

    private void MergeMapping(JsonObject into, string pointer, YamlMapping mapping, ObjectPath path, Func<YamlNode, ObjectPath, SourceLocation> locate)
    {
        foreach (var (keyNode, value) in mapping.Entries)
        {
            var key = keyNode.Value;
            var childPointer = Pointer(pointer, key);
            var childPath = path.Key(key);
            var keyAt = new Site(keyNode, childPath, locate);
            if (value is YamlScalar { IsNull: true })
            {
                into.Remove(key); // Helm: a null deletes the key the chart's defaults set
                Forget(childPointer);
                continue;
            }
            if (value is YamlMapping child && into[key] is JsonObject existing)
            {
                _origins[childPointer] = new Written(keyAt, _origins.GetValueOrDefault(childPointer)?.Value ?? keyAt);
                MergeMapping(existing, childPointer, child, childPath, locate);
                continue;
            }
            if (into.ContainsKey(key)) Forget(childPointer); // a key not written yet has no origins to forget
            into[key] = Convert(value, childPointer, childPath, locate, keyAt);
        }
    }

    /// <param name="keyAt">Where the key of the node was written; a list item is its own key, then <paramref name="keyAt"/> is the item's own site.</param>
    private JsonNode? Convert(YamlNode node, string pointer, ObjectPath path, Func<YamlNode, ObjectPath, SourceLocation> locate, Site keyAt, bool keyIsNode = false)
    {
        _origins[pointer] = new Written(keyAt, keyIsNode ? keyAt : new Site(node, path, locate));
        switch (node)
        {
            case YamlMapping mapping:
                var result = new JsonObject();
                MergeMapping(result, pointer, mapping, path, locate);
                return result;
            case YamlSequence sequence:
                var array = new JsonArray();
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    var itemPath = path.Index(i);
                    array.Add(Convert(sequence.Items[i], $"{pointer}/{i}", itemPath, locate, new Site(sequence.Items[i], itemPath, locate), keyIsNode: true));
                }
                return array;
            case YamlScalar scalar:
                return Scalar(scalar);
            default:
                return null;
        }
    }

    /// <summary>A node of a values layer, located in its file on first use (then remembered).</summary>
    private sealed class Site
    {
        private readonly YamlNode? _node;
        private readonly ObjectPath? _path;
        private readonly Func<YamlNode, ObjectPath, SourceLocation>? _locate;
        private SourceLocation? _location;

        public Site(YamlNode node, ObjectPath path, Func<YamlNode, ObjectPath, SourceLocation> locate) => (_node, _path, _locate) = (node, path, locate);

        public Site(SourceLocation location) => _location = location;

        // Locating is a pure function of the node: two threads racing here compute the same location.
        public SourceLocation Location => _location ??= _locate!(_node!, _path!);
    }

    /// <summary>The key and the value that wrote one node.</summary>
    private sealed record Written(Site Key, Site Value)
    {
        public ValuesOrigin Resolve() => new(Key.Location, Value.Location);
    }

    private static JsonNode? Scalar(YamlScalar scalar) => scalar.Kind switch
    {
        ScalarKind.Null => null,
        ScalarKind.Bool => JsonValue.Create(ScalarResolution.ParseBool(scalar.Value)),
        ScalarKind.Int when ScalarResolution.TryParseInt(scalar.Value, out var i) => JsonValue.Create(i),
        ScalarKind.Float when double.IsFinite(ScalarResolution.ParseFloat(scalar.Value)) => JsonValue.Create(ScalarResolution.ParseFloat(scalar.Value)),
        _ => JsonValue.Create(scalar.Value),
    };

    private void Forget(string pointer)
    {
        foreach (var stale in _origins.Keys.Where(k => k == pointer || k.StartsWith(pointer + "/", StringComparison.Ordinal)).ToList()) _origins.Remove(stale);
    }

    /// <summary><c>--set a.b[0].c=v</c>: creates the maps and list slots on the way, as Helm's strvals does.</summary>
    private void Set(ValuesLayer.Parameter parameter)
    {
        var segments = ParameterPath(parameter.Name);
        if (segments.Count == 0 || segments[0] is not string) return;
        JsonNode container = Merged;
        var pointer = "";
        for (var i = 0; i < segments.Count; i++)
        {
            var last = i == segments.Count - 1;
            var next = last ? null : segments[i + 1];
            JsonNode? Fresh() => next is int ? new JsonArray() : new JsonObject();
            switch (segments[i], container)
            {
                case (string key, JsonObject map):
                    pointer = Pointer(pointer, key);
                    if (last)
                    {
                        Forget(pointer);
                        map[key] = parameter.ForceString ? JsonValue.Create(parameter.Value) : TypedParameter(parameter.Value);
                        _origins[pointer] = Fixed(parameter.At);
                        return;
                    }
                    if (map[key] is not (JsonObject or JsonArray) || (map[key] is JsonArray) != (next is int)) map[key] = Fresh();
                    _origins.TryAdd(pointer, Fixed(parameter.At));
                    container = map[key]!;
                    break;
                case (int index, JsonArray list):
                    pointer = $"{pointer}/{index}";
                    while (list.Count <= index) list.Add(null);
                    if (last)
                    {
                        Forget(pointer);
                        list[index] = parameter.ForceString ? JsonValue.Create(parameter.Value) : TypedParameter(parameter.Value);
                        _origins[pointer] = Fixed(parameter.At);
                        return;
                    }
                    if (list[index] is not (JsonObject or JsonArray) || (list[index] is JsonArray) != (next is int)) list[index] = Fresh();
                    container = list[index]!;
                    break;
                default:
                    return;
            }
        }
    }

    private static Written Fixed(SourceLocation at)
    {
        var site = new Site(at);
        return new Written(site, site);
    }

    /// <summary>Helm's typing of <c>--set</c> values: true/false, null, integers without a leading zero; everything else a string.</summary>
    private static JsonNode? TypedParameter(string value)
    {
        if (value is "true" or "false") return JsonValue.Create(value == "true");
        if (value == "null") return null;
        if (value.Length > 1 && value[0] == '0') return JsonValue.Create(value);
        return long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? JsonValue.Create(n) : JsonValue.Create(value);
    }

    /// <summary><c>a.b\.c[2].d</c> → a, "b.c", 2, d.</summary>
    private static List<object> ParameterPath(string name)
    {
        var segments = new List<object>();
        var current = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '\\' && i + 1 < name.Length) current.Append(name[++i]);
            else if (c == '.') Flush();
            else if (c == '[')
            {
                Flush();
                var close = name.IndexOf(']', i);
                if (close < 0 || !int.TryParse(name.AsSpan(i + 1, close - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index)) return [];
                segments.Add(index);
                i = close;
            }
            else current.Append(c);
        }
        Flush();
        return segments;

        void Flush()
        {
            if (current.Length > 0) segments.Add(current.ToString());
            current.Clear();
        }
    }
}
