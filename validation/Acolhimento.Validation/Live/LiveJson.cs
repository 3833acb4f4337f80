using System.Text.Json;
using System.Text.Json.Nodes;

namespace Acolhimento.Validation.Live;

/// <summary>Reading the API server's JSON answers: a field's text or number, or nothing when absent or of another type.</summary>
internal static class LiveJson
{
    /// <summary>The parsed body, or null when it is not JSON.</summary>
    public static JsonNode? Parse(string json)
    {
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string? Text(this JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    public static long? Number(this JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var number) ? number : null;

    public static bool? Flag(this JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? value.GetValue<bool>() : null;

    /// <summary>The objects of an array field (other entries skipped).</summary>
    public static IEnumerable<JsonObject> Objects(this JsonNode? node) => node is JsonArray array ? array.OfType<JsonObject>() : [];
}
