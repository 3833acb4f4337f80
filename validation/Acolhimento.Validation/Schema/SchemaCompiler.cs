using System.Text.Json;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Schema;

/// <summary>
/// Turns OpenAPI v3 component schemas or CRD structural schemas (as JSON) into <see cref="SchemaNode"/>s, resolving
/// <c>$ref</c> and <c>allOf</c> once. One compiler per OpenAPI document or CRD version; components are cached so
/// each is compiled once however many kinds refer to it. Thread-safe: compilation runs under a lock.
/// </summary>
internal sealed class SchemaCompiler(SchemaDialect dialect, Func<string, JsonElement?> resolveComponent)
{
    public const string QuantityComponent = "io.k8s.apimachinery.pkg.api.resource.Quantity";
    public const string ObjectMetaComponent = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
    private const string RefPrefix = "#/components/schemas/";

    // Keywords that only describe: a wrapper holding nothing else around a $ref is the referenced schema itself.
    private static readonly HashSet<string> AnnotationKeywords =
    [
        "description", "default", "example", "title", "externalDocs", "x-kubernetes-patch-strategy", "x-kubernetes-patch-merge-key",
        "x-kubernetes-map-type", "x-kubernetes-unions", "x-kubernetes-action", "x-kubernetes-group-version-kind",
        "x-kubernetes-list-type", "x-kubernetes-list-map-keys", "readOnly", "deprecated",
    ];

    private readonly Dictionary<string, SchemaNode> _components = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public SchemaDialect Dialect { get; } = dialect;

    /// <summary>A schema with no <c>$ref</c>s (a CRD version's <c>openAPIV3Schema</c>).</summary>
    public static SchemaNode CompileStructural(JsonElement schema, string name) =>
        new SchemaCompiler(SchemaDialect.Structural, _ => null).Compile(schema, name);

    public SchemaNode CompileComponent(string name)
    {
        lock (_gate) return Component(name);
    }

    public SchemaNode Compile(JsonElement schema, string name)
    {
        lock (_gate) return Build(schema, name);
    }

    private SchemaNode Component(string name)
    {
        if (_components.TryGetValue(name, out var cached)) return cached;
        var element = resolveComponent(name) ?? throw new CannotValidateException($"schema data is broken: a schema refers to {name}, which its OpenAPI document does not define");
        var node = new SchemaNode { Name = name };
        _components[name] = node; // registered before filling so that reference cycles resolve to this node
        Fill(node, element);
        if (name == QuantityComponent)
        {
            node.IsQuantity = true;
            node.Types = JsonTypes.String | JsonTypes.Number;
            node.OneOf = [];
        }
        if (Dialect == SchemaDialect.OpenApi)
        {
            ApplyEnumeratedFields(node);
            ApiServer.ApiServerFieldConstraints.Apply(node);
        }
        node.Complete = true;
        return node;
    }

    /// <summary>
    /// The values the API server's validation code admits for this built-in type's fields (its OpenAPI carries no
    /// enums), set on the field's own node, or its entries' for a list. A field missing from this Kubernetes version's
    /// schema, or one that is a shared component rather than the field's own node, is left alone.
    /// </summary>
    private static void ApplyEnumeratedFields(SchemaNode node)
    {
        foreach (var field in EnumeratedFields.BuiltIn.OfSchema(node.Name))
        {
            if (!node.Properties.TryGetValue(field.Field, out var property)) continue;
            var target = property.Types.HasFlag(JsonTypes.Array) ? property.Items : property;
            if (target is null || !target.Name.StartsWith(node.Name + ".", StringComparison.Ordinal)) continue;
            target.Enum = field.Values.Select(EnumValues.OfString).ToList();
            target.EnumEmptyIsUnset = field.EmptyIsUnset;
        }
    }

    private SchemaNode Build(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object) return new SchemaNode { Name = name, AllowsUnknownFields = true, Complete = true };
        if (AliasTarget(element) is { } target) return Component(target);
        var node = new SchemaNode { Name = name };
        Fill(node, element);
        node.Complete = true;
        return node;
    }

    /// <summary>The component a schema merely points at (<c>$ref</c> or <c>allOf: [$ref]</c> plus annotations), else null.</summary>
    private static string? AliasTarget(JsonElement element)
    {
        string? target = null;
        foreach (var property in element.EnumerateObject())
        {
            switch (property.Name)
            {
                case "$ref" when property.Value.ValueKind == JsonValueKind.String:
                    target = RefName(property.Value.GetString()!);
                    break;
                case "allOf" when property.Value.ValueKind == JsonValueKind.Array && property.Value.GetArrayLength() == 1
                                  && property.Value[0].ValueKind == JsonValueKind.Object
                                  && property.Value[0].EnumerateObject().Count() == 1
                                  && property.Value[0].TryGetProperty("$ref", out var inner) && inner.ValueKind == JsonValueKind.String:
                    target = RefName(inner.GetString()!);
                    break;
                case var keyword when AnnotationKeywords.Contains(keyword):
                    break;
                default:
                    return null;
            }
        }
        return target;
    }

    private static string RefName(string reference) =>
        reference.StartsWith(RefPrefix, StringComparison.Ordinal)
            ? reference[RefPrefix.Length..]
            : throw new CannotValidateException($"schema data is broken: unsupported $ref {reference} (only {RefPrefix}NAME is understood)");

    private void Fill(SchemaNode node, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            node.AllowsUnknownFields = true;
            return;
        }
        var allOf = new List<SchemaNode>();
        foreach (var property in element.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "$ref" when value.ValueKind == JsonValueKind.String:
                    allOf.Add(Component(RefName(value.GetString()!)));
                    break;
                case "type":
                    node.Types |= ParseTypes(value, out var nullable);
                    node.Nullable |= nullable;
                    break;
                case "default":
                    node.HasDefault = true;
                    break;
                case "nullable":
                    node.Nullable = value.ValueKind == JsonValueKind.True;
                    break;
                case "format" when value.ValueKind == JsonValueKind.String:
                    node.Format = value.GetString();
                    if (node.Format == "int-or-string") node.IntOrString = true;
                    break;
                case "properties" when value.ValueKind == JsonValueKind.Object:
                    var properties = new Dictionary<string, SchemaNode>(StringComparer.Ordinal);
                    foreach (var field in value.EnumerateObject()) properties[field.Name] = Build(field.Value, $"{node.Name}.{field.Name}");
                    node.Properties = properties;
                    break;
                case "additionalProperties":
                    if (value.ValueKind == JsonValueKind.Object) node.AdditionalProperties = Build(value, node.Name + ".*");
                    else if (value.ValueKind == JsonValueKind.True) node.AllowsUnknownFields = true;
                    break;
                case "items" when value.ValueKind == JsonValueKind.Object:
                    node.Items = Build(value, node.Name + "[]");
                    break;
                case "required" when value.ValueKind == JsonValueKind.Array:
                    node.Required = value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).Distinct().ToList();
                    break;
                case "enum" when value.ValueKind == JsonValueKind.Array:
                    node.Enum = value.EnumerateArray().Select(EnumValues.FromJson).ToList();
                    break;
                case "pattern" when value.ValueKind == JsonValueKind.String:
                    node.UsePattern(value.GetString()!);
                    if (SchemaPatterns.IsQuantityPattern(node.PatternText!)) node.IsQuantity = true; // checked by the quantity grammar, with a clearer message
                    break;
                case "minimum":
                    node.Minimum = Number(value);
                    break;
                case "maximum":
                    node.Maximum = Number(value);
                    break;
                case "exclusiveMinimum":
                    node.ExclusiveMinimum = value.ValueKind == JsonValueKind.True;
                    break;
                case "exclusiveMaximum":
                    node.ExclusiveMaximum = value.ValueKind == JsonValueKind.True;
                    break;
                case "minLength":
                    node.MinLength = Integer(value);
                    break;
                case "maxLength":
                    node.MaxLength = Integer(value);
                    break;
                case "minItems":
                    node.MinItems = Integer(value);
                    break;
                case "maxItems":
                    node.MaxItems = Integer(value);
                    break;
                case "minProperties":
                    node.MinProperties = Integer(value);
                    break;
                case "maxProperties":
                    node.MaxProperties = Integer(value);
                    break;
                case "x-kubernetes-preserve-unknown-fields":
                    node.AllowsUnknownFields |= value.ValueKind == JsonValueKind.True;
                    break;
                case "x-kubernetes-int-or-string":
                    node.IntOrString |= value.ValueKind == JsonValueKind.True;
                    break;
                case "x-kubernetes-validations" when value.ValueKind == JsonValueKind.Array:
                    node.CelRules = Cel.CrdValidationRule.ReadAll(value);
                    break;
                case "x-kubernetes-embedded-resource":
                    node.EmbeddedResource = value.ValueKind == JsonValueKind.True;
                    break;
                // Built-in list types are enforced only by server-side apply; the API server checks them on custom resources.
                case "x-kubernetes-list-type" when value.ValueKind == JsonValueKind.String && Dialect == SchemaDialect.Structural:
                    node.ListType = value.GetString();
                    break;
                case "x-kubernetes-list-map-keys" when value.ValueKind == JsonValueKind.Array && Dialect == SchemaDialect.Structural:
                    node.ListMapKeys = value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList();
                    break;
                case "allOf" when value.ValueKind == JsonValueKind.Array:
                    allOf.AddRange(value.EnumerateArray().Select((b, i) => Build(b, $"{node.Name}/allOf[{i}]")));
                    break;
                case "anyOf" when value.ValueKind == JsonValueKind.Array:
                    node.AnyOf = value.EnumerateArray().Select((b, i) => Build(b, $"{node.Name}/anyOf[{i}]")).ToList();
                    break;
                case "oneOf" when value.ValueKind == JsonValueKind.Array:
                    node.OneOf = value.EnumerateArray().Select((b, i) => Build(b, $"{node.Name}/oneOf[{i}]")).ToList();
                    break;
                case "not" when value.ValueKind == JsonValueKind.Object:
                    node.Not = Build(value, node.Name + "/not");
                    break;
            }
        }
        foreach (var branch in allOf)
        {
            if (branch.Complete) Merge(node, branch);
            else node.AllOf = [.. node.AllOf, branch]; // a reference cycle: checked as a separate constraint instead
        }
        if (Dialect == SchemaDialect.Structural && node.Required.Count > 0)
        {
            // The API server applies a CRD's defaults, then validates: a required field with a default is never missing.
            node.Required = [.. node.Required.Where(field => node.Properties.GetValueOrDefault(field) is not { HasDefault: true })];
        }
        node.AnyOf = FoldTypeUnion(node, node.AnyOf);
        node.OneOf = FoldTypeUnion(node, node.OneOf);
        if (node.IntOrString && node.Types == JsonTypes.Any) node.Types = JsonTypes.Integer | JsonTypes.String;
        // A built-in object with neither properties nor a value schema is free-form (RawExtension, FieldsV1); in a CRD it would be pruned.
        if (Dialect == SchemaDialect.OpenApi && node.Properties.Count == 0 && node.AdditionalProperties is null && node.AllOf.Count == 0
            && (node.Types & ~JsonTypes.Object) == JsonTypes.Any)
        {
            node.AllowsUnknownFields = true;
        }
    }

    /// <summary>Branches that only name a type (<c>oneOf: [{type: integer}, {type: string}]</c>) are a type union, not a constraint.</summary>
    private static IReadOnlyList<SchemaNode> FoldTypeUnion(SchemaNode node, IReadOnlyList<SchemaNode> branches)
    {
        if (branches.Count == 0 || !branches.All(IsPureType)) return branches;
        var union = branches.Aggregate(JsonTypes.Any, (types, b) => types | b.Types);
        node.Types = node.Types == JsonTypes.Any ? union : node.Types & union;
        if (node.Types == JsonTypes.Any) node.Types = union;
        return [];
    }

    private static bool IsPureType(SchemaNode branch) =>
        branch.Types != JsonTypes.Any && branch.Properties.Count == 0 && branch.AdditionalProperties is null && branch.Items is null
        && branch.Required.Count == 0 && branch.Enum is null && branch.PatternText is null && branch.Minimum is null && branch.Maximum is null
        && branch.MinLength is null && branch.MaxLength is null && branch.AnyOf.Count == 0 && branch.OneOf.Count == 0 && branch.Not is null
        && branch.AllOf.Count == 0 && branch.Format is null;

    private static void Merge(SchemaNode target, SchemaNode source)
    {
        if (source.Types != JsonTypes.Any)
        {
            var both = target.Types & source.Types;
            target.Types = target.Types == JsonTypes.Any ? source.Types : both == JsonTypes.Any ? target.Types : both;
        }
        target.Nullable |= source.Nullable;
        if (source.Properties.Count > 0)
        {
            var merged = new Dictionary<string, SchemaNode>(target.Properties, StringComparer.Ordinal);
            foreach (var (name, schema) in source.Properties) merged.TryAdd(name, schema);
            target.Properties = merged;
        }
        target.AdditionalProperties ??= source.AdditionalProperties;
        target.AllowsUnknownFields |= source.AllowsUnknownFields;
        target.Items ??= source.Items;
        if (source.Required.Count > 0) target.Required = target.Required.Union(source.Required).ToList();
        target.Enum ??= source.Enum;
        target.Format ??= source.Format;
        if (target.PatternText is null)
        {
            target.CopyPatternFrom(source);
        }
        target.Minimum ??= source.Minimum;
        target.Maximum ??= source.Maximum;
        target.ExclusiveMinimum |= source.ExclusiveMinimum;
        target.ExclusiveMaximum |= source.ExclusiveMaximum;
        target.MinLength ??= source.MinLength;
        target.MaxLength ??= source.MaxLength;
        target.MinItems ??= source.MinItems;
        target.MaxItems ??= source.MaxItems;
        target.MinProperties ??= source.MinProperties;
        target.MaxProperties ??= source.MaxProperties;
        target.IntOrString |= source.IntOrString;
        target.IsQuantity |= source.IsQuantity;
        target.EmbeddedResource |= source.EmbeddedResource;
        target.CelRules = [.. target.CelRules, .. source.CelRules];
        target.ListType ??= source.ListType;
        if (target.ListMapKeys.Count == 0) target.ListMapKeys = source.ListMapKeys;
        target.AllOf = [.. target.AllOf, .. source.AllOf];
        target.AnyOf = [.. target.AnyOf, .. source.AnyOf];
        target.OneOf = [.. target.OneOf, .. source.OneOf];
        target.Not ??= source.Not;
        if (target.Name.Length == 0) target.Name = source.Name;
    }

    private static JsonTypes ParseTypes(JsonElement value, out bool nullable)
    {
        nullable = false;
        var types = JsonTypes.Any;
        var names = value.ValueKind switch
        {
            JsonValueKind.String => [value.GetString()!],
            JsonValueKind.Array => value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToArray(),
            _ => Array.Empty<string>(),
        };
        foreach (var name in names)
        {
            switch (name)
            {
                case "object": types |= JsonTypes.Object; break;
                case "array": types |= JsonTypes.Array; break;
                case "string": types |= JsonTypes.String; break;
                case "integer": types |= JsonTypes.Integer; break;
                case "number": types |= JsonTypes.Number; break;
                case "boolean": types |= JsonTypes.Boolean; break;
                case "null": nullable = true; break;
            }
        }
        return types;
    }

    private static decimal? Number(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d) ? d : null;

    private static long? Integer(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : null;
}
