using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Acolhimento.Validation.Yaml;

/// <summary>Converts nodes to JSON the way Kubernetes does (sigs.k8s.io/yaml): typed scalars, string keys.</summary>
internal static class YamlJson
{
    /// <summary>Compact JSON with only what JSON requires escaped (as Go's encoder writes it, not HTML-safe).</summary>
    public static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = false };

    public static JsonNode? ToJsonNode(this YamlNode node) => node switch
    {
        YamlMapping m => ToObject(m),
        YamlSequence s => new JsonArray(s.Items.Select(ToJsonNode).ToArray()),
        YamlScalar s => ToValue(s),
        _ => null,
    };

    public static string ToJsonString(this YamlNode node) => node.ToJsonNode().ToCompactJson();

    /// <summary>The node as compact JSON; a null node is <c>null</c>.</summary>
    public static string ToCompactJson(this JsonNode? node) => node?.ToJsonString(Compact) ?? "null";

    private static JsonObject ToObject(YamlMapping mapping)
    {
        var result = new JsonObject();
        foreach (var entry in mapping.Entries) result[entry.Key.Value] = entry.Value.ToJsonNode();
        return result;
    }

    private static JsonValue? ToValue(YamlScalar scalar) => scalar.Kind == ScalarKind.String ? JsonValue.Create(scalar.Value) : scalar.Json switch
    {
        { Kind: ScalarKind.Bool } json => JsonValue.Create(json.Boolean),
        { Kind: ScalarKind.Int } json => JsonValue.Create(json.Integer),
        // JSON has no NaN or infinity (Go's encoder refuses them); the text is kept so that nothing throws.
        { Kind: ScalarKind.Float } json => double.IsFinite(json.Number) ? JsonValue.Create(json.Number) : JsonValue.Create(scalar.Value),
        _ => null,
    };
}
