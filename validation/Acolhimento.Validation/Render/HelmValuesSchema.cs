using System.Text.Json;
using System.Text.Json.Nodes;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;
using Json.Schema;

namespace Acolhimento.Validation.Render;

/// <summary>
/// A chart's <c>values.schema.json</c> checked against the merged values before Helm runs, with JsonSchema.Net (format
/// checking on, <c>const</c> honoured — as Helm checks them), each error located through the values' provenance and
/// said in the gate's words.
/// </summary>
internal sealed class HelmValuesSchema
{
    private readonly JsonSchema _schema;
    private readonly JsonNode _raw;

    private HelmValuesSchema(JsonSchema schema, JsonNode raw)
    {
        _schema = schema;
        _raw = raw;
    }

    /// <summary>Part of the key under which a pass is remembered (<see cref="RenderContext.PassedBefore"/>): bump when what passes changes.</summary>
    public const string VerdictVersion = "JsonSchema.Net 8.0.5; draft 7; formats required; v1";

    public sealed record ValuesError(string Message, SourceLocation? Location);

    /// <summary>The schema, or why it cannot be used (Helm then reports on it itself).</summary>
    public static (HelmValuesSchema? Schema, string? Problem) Load(string text)
    {
        try
        {
            if (JsonNode.Parse(text) is not JsonObject raw) return (null, "values.schema.json is not a JSON object");
            // Helm's validator speaks drafts 4 to 7 whatever $schema says; evaluate as draft 7 rather than fail on a
            // meta-schema URL spelled differently.
            var evaluated = raw.DeepClone().AsObject();
            evaluated.Remove("$schema");
            var schema = JsonSchema.FromText(evaluated.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry(), Dialect = Dialect.Draft07 });
            return (new HelmValuesSchema(schema, raw), null);
        }
        catch (Exception ex) when (ex is JsonException or JsonSchemaException or InvalidOperationException or ArgumentException or RefResolutionException)
        {
            return (null, $"values.schema.json cannot be read: {ex.Message}");
        }
    }

    public IReadOnlyList<ValuesError> Validate(HelmValues values)
    {
        var instance = JsonSerializer.SerializeToElement(values.Merged);
        EvaluationResults results;
        try
        {
            results = _schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        }
        catch (Exception ex) when (ex is JsonSchemaException or RefResolutionException or InvalidOperationException)
        {
            return [new ValuesError($"values.schema.json cannot be evaluated: {ex.Message}", null)];
        }
        if (results.IsValid) return [];

        var errors = new List<ValuesError>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var detail in results.Details ?? [])
        {
            if (detail.Errors is not { Count: > 0 } || detail.IsValid) continue;
            var pointer = detail.InstanceLocation.ToString();
            var evaluationPath = detail.EvaluationPath.ToString();
            // Inside anyOf/oneOf every failing alternative reports; the alternatives' owner says it once.
            if (evaluationPath.Contains("/anyOf/", StringComparison.Ordinal) || evaluationPath.Contains("/oneOf/", StringComparison.Ordinal)) continue;
            foreach (var (keyword, text) in detail.Errors)
            {
                var error = Describe(values, instance, pointer, evaluationPath, keyword, text);
                if (seen.Add($"{error.Location}|{error.Message}")) errors.Add(error);
            }
        }
        return errors;
    }

    private ValuesError Describe(HelmValues values, JsonElement instance, string pointer, string evaluationPath, string keyword, string libraryMessage)
    {
        var at = Display(pointer);
        var node = Navigate(instance, pointer);
        var schema = SchemaAt(evaluationPath);
        var origin = values.OriginOf(pointer);
        if (evaluationPath.EndsWith("/additionalProperties", StringComparison.Ordinal) || keyword == "additionalProperties")
        {
            // The error sits at the unknown key itself; its parent schema lists what is allowed.
            var key = JsonPointer.Unescape(pointer[(pointer.LastIndexOf('/') + 1)..]);
            var parentSchema = SchemaAt(evaluationPath[..evaluationPath.LastIndexOf('/')]);
            var allowed = (parentSchema?["properties"] as JsonObject)?.Select(p => p.Key).Order(StringComparer.Ordinal).ToList() ?? [];
            var where = pointer.LastIndexOf('/') == 0 ? "at the top level" : $"in {Display(pointer[..pointer.LastIndexOf('/')])}";
            var message = $"unknown key {key} {where}; allowed: {(allowed.Count == 0 ? "none" : string.Join(", ", allowed))}";
            if (FieldSuggestions.Closest(key, allowed) is { } suggestion) message += $"; did you mean {suggestion}?";
            return new ValuesError(message, origin?.Key);
        }
        switch (keyword)
        {
            case "required":
                var present = node is { ValueKind: JsonValueKind.Object } o ? o.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal) : [];
                var missing = (schema?["required"] as JsonArray)?.Select(r => r?.GetValue<string>()).OfType<string>().Where(r => !present.Contains(r)).ToList() ?? [];
                var what = missing.Count == 1 ? $"required key {missing[0]} is missing" : $"required keys {string.Join(", ", missing)} are missing";
                return new ValuesError(pointer.Length == 0 ? $"{what} at the top level" : $"{at}: {what}", (origin ?? values.OriginOf(""))?.Key);
            case "type":
                return new ValuesError($"{at}: expected {TypeWords(schema?["type"])}, got {Describe(node)}", origin?.Key);
            case "enum":
                var options = (schema?["enum"] as JsonArray)?.Select(e => e?.ToJsonString() ?? "null").ToList() ?? [];
                var enumMessage = $"{at}: {Describe(node)} is not one of {string.Join(", ", options)}";
                if (node is { ValueKind: JsonValueKind.String } s && Suggest(s.GetString()!, options.Select(x => x.Trim('"')).ToList()) is { } close) enumMessage += $"; did you mean {close}?";
                return new ValuesError(enumMessage, origin?.Key);
            case "const":
                return new ValuesError($"{at}: must be exactly {schema?["const"]?.ToJsonString() ?? "the schema's constant"}, got {Describe(node)}", origin?.Key);
            case "pattern":
                return new ValuesError($"{at}: {Describe(node)} does not match {schema?["pattern"]}{Because(schema)}", origin?.Key);
            case "anyOf" or "oneOf":
                var count = (schema?[keyword] as JsonArray)?.Count ?? 0;
                return new ValuesError($"{at}: {Describe(node)} matches {(keyword == "oneOf" && libraryMessage.Contains("found 0", StringComparison.Ordinal) is false && count > 0 ? "not exactly one" : "none")} of the {count} shapes the schema allows{Because(schema)}", origin?.Key);
            case "format":
                return new ValuesError($"{at}: {Describe(node)} is not a valid {schema?["format"]}", origin?.Key);
            default:
                return new ValuesError($"{at}: {libraryMessage.TrimEnd('.')} ({keyword}){Because(schema)}", origin?.Key);
        }
    }

    /// <summary>A near miss ("prodution") or an abbreviation of exactly one allowed value ("prod").</summary>
    private static string? Suggest(string value, IReadOnlyList<string> allowed)
    {
        var extended = allowed.Where(a => value.Length > 0 && a.StartsWith(value, StringComparison.OrdinalIgnoreCase)).ToList();
        return extended.Count == 1 ? extended[0] : FieldSuggestions.Closest(value, allowed);
    }

    private static string Because(JsonNode? schema) => schema?["description"] is JsonValue d && d.TryGetValue<string>(out var text) ? $" ({text.TrimEnd('.')})" : "";

    private static string TypeWords(JsonNode? type) => type switch
    {
        JsonArray many => string.Join(" or ", many.Select(t => t?.ToString())),
        null => "another type",
        _ => type.ToString(),
    };

    private static string Describe(JsonElement? node) => node switch
    {
        null => "nothing",
        { ValueKind: JsonValueKind.String } s => $"string \"{s.GetString()}\"",
        { ValueKind: JsonValueKind.Number } n => $"number {n.GetRawText()}",
        { ValueKind: JsonValueKind.True or JsonValueKind.False } b => $"boolean {b.GetRawText()}",
        { ValueKind: JsonValueKind.Object } => "a mapping",
        { ValueKind: JsonValueKind.Array } => "a list",
        _ => "null",
    };

    /// <summary><c>/addons/ingressNginx/replicaCount</c> → <c>addons.ingressNginx.replicaCount</c>, the way values are written.</summary>
    private static string Display(string pointer) => pointer.Length == 0 ? "(top level)" : string.Join('.', pointer[1..].Split('/').Select(JsonPointer.Unescape));

    private static JsonElement? Navigate(JsonElement root, string pointer)
    {
        var current = root;
        if (pointer.Length == 0) return current;
        foreach (var raw in pointer[1..].Split('/'))
        {
            var segment = JsonPointer.Unescape(raw);
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out var child)) current = child;
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(segment, out var i) && i < current.GetArrayLength()) current = current[i];
            else return null;
        }
        return current;
    }

    /// <summary>The schema object an evaluation path leads to in the schema as written, following local <c>$ref</c>s.</summary>
    private JsonNode? SchemaAt(string evaluationPath)
    {
        JsonNode? current = _raw;
        if (evaluationPath.Length == 0) return current;
        foreach (var raw in evaluationPath[1..].Split('/'))
        {
            var segment = JsonPointer.Unescape(raw);
            if (segment == "$ref")
            {
                if (current?["$ref"] is JsonValue r && r.TryGetValue<string>(out var reference) && reference.StartsWith("#", StringComparison.Ordinal))
                    current = SchemaAt(reference[1..]);
                else return null;
                continue;
            }
            current = current switch
            {
                JsonObject o => o[segment],
                JsonArray a when int.TryParse(segment, out var i) && i < a.Count => a[i],
                _ => null,
            };
            if (current is null) return null;
        }
        return current;
    }
}
