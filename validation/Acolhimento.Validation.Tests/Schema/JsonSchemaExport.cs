using Acolhimento.Validation.Schema;
using Newtonsoft.Json.Linq;

namespace Acolhimento.Validation.Tests.Schema;

/// <summary>
/// Writes a compiled schema as a JSON Schema (draft 4) document, every node a definition so that reference cycles
/// survive. It is the bridge to NJsonSchema, kept as the reference implementation the tests compare the fast validator with.
/// </summary>
internal static class JsonSchemaExport
{
    // The quantity grammar as a JSON Schema pattern (it applies to strings only; numbers are valid quantities).
    private const string QuantityPattern = @"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$";

    public static JObject ToJsonSchema(SchemaNode root, SchemaNode? objectMeta = null)
    {
        var definitions = new JObject();
        var ids = new Dictionary<(SchemaNode, bool), string>();
        // Alternatives (allOf/anyOf/oneOf/not) only constrain values; fields they do not name are not unknown there.
        JObject Ref(SchemaNode node, bool alternative)
        {
            if (!ids.TryGetValue((node, alternative), out var id))
            {
                id = "n" + ids.Count;
                ids[(node, alternative)] = id;
                var body = new JObject();
                definitions[id] = body; // registered before filling: a cycle refers back to it
                Fill(body, node, alternative, Ref, objectMeta);
            }
            return new JObject { ["$ref"] = "#/definitions/" + id };
        }
        var document = Ref(root, false);
        document["definitions"] = definitions;
        return document;
    }

    private static void Fill(JObject body, SchemaNode node, bool alternative, Func<SchemaNode, bool, JObject> referenceTo, SchemaNode? objectMeta)
    {
        JObject reference(SchemaNode schema) => referenceTo(schema, alternative);
        JObject branch(SchemaNode schema) => referenceTo(schema, true);
        var types = node.IntOrString ? node.Types | JsonTypes.Integer | JsonTypes.String : node.Types;
        if (types != JsonTypes.Any)
        {
            var names = new JArray();
            if (types.HasFlag(JsonTypes.Object)) names.Add("object");
            if (types.HasFlag(JsonTypes.Array)) names.Add("array");
            if (types.HasFlag(JsonTypes.String)) names.Add("string");
            if (types.HasFlag(JsonTypes.Integer)) names.Add("integer");
            if (types.HasFlag(JsonTypes.Number)) names.Add("number");
            if (types.HasFlag(JsonTypes.Boolean)) names.Add("boolean");
            if (node.Nullable) names.Add("null");
            body["type"] = names;
        }
        var properties = new JObject();
        foreach (var (name, schema) in node.Properties) properties[name] = reference(schema);
        var required = new JArray(node.Required);
        if (node.EmbeddedResource)
        {
            properties["apiVersion"] ??= new JObject { ["type"] = "string" };
            properties["kind"] ??= new JObject { ["type"] = "string" };
            if (objectMeta is not null) properties["metadata"] ??= reference(objectMeta);
            required.Add("apiVersion");
            required.Add("kind");
        }
        if (properties.Count > 0) body["properties"] = properties;
        if (required.Count > 0) body["required"] = required;
        if (node.AdditionalProperties is { } values) body["additionalProperties"] = reference(values);
        else if (!node.AllowsUnknownFields && !alternative) body["additionalProperties"] = false;
        if (node.Items is { } items) body["items"] = reference(items);
        if (node.Enum is { } allowed) body["enum"] = new JArray(allowed.Select(EnumToken));
        if (node.IsQuantity) body["pattern"] = QuantityPattern;
        else if (node.Pattern is not null) body["pattern"] = node.PatternText;
        switch (node.Format)
        {
            case "int32":
                body["minimum"] = int.MinValue;
                body["maximum"] = int.MaxValue;
                break;
            case "date-time" or "byte" or "ipv4" or "ipv6" or "uuid":
                body["format"] = node.Format;
                break;
        }
        if (node.Minimum is { } min) body["minimum"] = min;
        if (node.Maximum is { } max) body["maximum"] = max;
        if (node.ExclusiveMinimum) body["exclusiveMinimum"] = true;
        if (node.ExclusiveMaximum) body["exclusiveMaximum"] = true;
        if (node.MinLength is { } minLength) body["minLength"] = minLength;
        if (node.MaxLength is { } maxLength) body["maxLength"] = maxLength;
        if (node.MinItems is { } minItems) body["minItems"] = minItems;
        if (node.MaxItems is { } maxItems) body["maxItems"] = maxItems;
        if (node.MinProperties is { } minProperties) body["minProperties"] = minProperties;
        if (node.MaxProperties is { } maxProperties) body["maxProperties"] = maxProperties;
        if (node.AllOf.Count > 0) body["allOf"] = new JArray(node.AllOf.Select(branch));
        if (node.AnyOf.Count > 0) body["anyOf"] = new JArray(node.AnyOf.Select(branch));
        if (node.OneOf.Count > 0) body["oneOf"] = new JArray(node.OneOf.Select(branch));
        if (node.Not is { } not) body["not"] = branch(not);
    }

    private static JToken EnumToken(EnumValue value) => value.Canonical switch
    {
        "null" => JValue.CreateNull(),
        "b:true" => true,
        "b:false" => false,
        var c when c.StartsWith("s:", StringComparison.Ordinal) => c[2..],
        var c when c.StartsWith("n:", StringComparison.Ordinal) => JToken.Parse(c[2..]),
        var c => JToken.Parse(c[2..]),
    };
}
