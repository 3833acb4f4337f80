using System.Globalization;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Schema.Cel;

/// <summary>
/// A YAML value seen through its structural schema as the API server hands it to CEL (apiextensions'
/// <c>UnstructuredToVal</c>): an object with properties is a message whose fields are the properties, an object with
/// additionalProperties a map, an array a list, integer fields ints, number fields doubles, strings strings (format
/// <c>byte</c> bytes, <c>duration</c> durations, <c>date-time</c> timestamps), int-or-string and untyped values by
/// what they hold. At a resource root, <c>apiVersion</c>, <c>kind</c> and <c>metadata.name</c>/<c>generateName</c>
/// are fields too. Values are converted when a rule reads them, not before.
/// </summary>
internal static class CelSchemaValues
{
    public static object FromYaml(YamlNode node, SchemaNode? schema, bool isResourceRoot = false)
    {
        if (node is YamlScalar { IsNull: true }) return CelNull.Instance;
        if (schema is null || schema.Types == JsonTypes.Any || schema.IntOrString) return Dynamic(node, schema);
        switch (node)
        {
            case YamlMapping mapping when schema.Types.HasFlag(JsonTypes.Object):
                if (schema.Properties.Count > 0 || isResourceRoot || schema.EmbeddedResource) return new YamlObject(mapping, schema, isResourceRoot || schema.EmbeddedResource);
                return new YamlMap(mapping, schema.AdditionalProperties);
            case YamlSequence sequence when schema.Types.HasFlag(JsonTypes.Array):
                return new YamlList(sequence, schema.Items);
            case YamlScalar scalar:
                return Scalar(scalar, schema);
        }
        return Dynamic(node, schema);
    }

    private static object Scalar(YamlScalar scalar, SchemaNode schema)
    {
        if (schema.Types.HasFlag(JsonTypes.String) && scalar.Kind == ScalarKind.String)
        {
            return schema.Format switch
            {
                "byte" => Base64(scalar.Value) is { } bytes ? new CelBytes(bytes) : scalar.Value,
                "duration" => CelTime.ParseDuration(scalar.Value) is { } d ? new CelDuration(d) : scalar.Value,
                "date-time" or "datetime" => DateTimeOffset.TryParse(scalar.Value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var t) ? new CelTimestamp(t.ToUniversalTime()) : scalar.Value,
                _ => scalar.Value,
            };
        }
        if (schema.Types.HasFlag(JsonTypes.Integer) && Number(scalar) is { } n && Math.Floor(n) == n)
        {
            return scalar.Kind == ScalarKind.Int && ScalarResolution.TryParseInt(scalar.Value, out var exact) ? exact : (long)n;
        }
        if (schema.Types.HasFlag(JsonTypes.Number) && Number(scalar) is { } d2) return d2;
        return Dynamic(scalar, schema);
    }

    private static double? Number(YamlScalar scalar) => scalar.Kind switch
    {
        ScalarKind.Int when ScalarResolution.TryParseInt(scalar.Value, out var i) => i,
        ScalarKind.Float => ScalarResolution.ParseFloat(scalar.Value),
        _ => null,
    };

    private static byte[]? Base64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }

    /// <summary>A value whose schema does not fix its type: JSON's own types (integers stay ints).</summary>
    private static object Dynamic(YamlNode node, SchemaNode? schema) => node switch
    {
        YamlMapping mapping => new YamlMap(mapping, schema?.AdditionalProperties),
        YamlSequence sequence => new YamlList(sequence, schema?.Items),
        YamlScalar s => s.Kind switch
        {
            ScalarKind.Null => CelNull.Instance,
            ScalarKind.Bool => ScalarResolution.ParseBool(s.Value),
            ScalarKind.Int when ScalarResolution.TryParseInt(s.Value, out var i) => i,
            ScalarKind.Int or ScalarKind.Float => ScalarResolution.ParseFloat(s.Value),
            _ => s.Value,
        },
        _ => CelNull.Instance,
    };

    /// <summary>The property a CEL field name stands for: Kubernetes escapes <c>-</c>, <c>.</c>, <c>/</c>, <c>__</c> and keywords in property names.</summary>
    public static string Unescape(string field)
    {
        if (!field.Contains("__", StringComparison.Ordinal)) return field;
        if (field.Length > 4 && field.StartsWith("__", StringComparison.Ordinal) && field.EndsWith("__", StringComparison.Ordinal) && Keywords.Contains(field[2..^2])) return field[2..^2];
        return field.Replace("__underscores__", "\u0000", StringComparison.Ordinal).Replace("__dot__", ".", StringComparison.Ordinal)
            .Replace("__dash__", "-", StringComparison.Ordinal).Replace("__slash__", "/", StringComparison.Ordinal).Replace("\u0000", "__", StringComparison.Ordinal);
    }

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "true", "false", "null", "in", "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let", "loop",
        "package", "namespace", "return", "var", "void", "while",
    };

    private sealed class YamlObject(YamlMapping mapping, SchemaNode schema, bool isResourceRoot) : CelObject
    {
        private static readonly SchemaNode StringSchema = new() { Name = "string", Types = JsonTypes.String };
        private static readonly SchemaNode RootMetadata = new()
        {
            Name = "metadata",
            Types = JsonTypes.Object,
            Properties = new Dictionary<string, SchemaNode>(StringComparer.Ordinal) { ["name"] = StringSchema, ["generateName"] = StringSchema },
        };

        private readonly Dictionary<string, object> _converted = new(StringComparer.Ordinal);

        private SchemaNode? FieldSchema(string property)
        {
            if (isResourceRoot)
            {
                switch (property)
                {
                    case "apiVersion" or "kind": return StringSchema;
                    case "metadata": return RootMetadata;
                }
            }
            return schema.Property(property);
        }

        public override bool IsDeclared(string field) => FieldSchema(Unescape(field)) is not null;

        public override bool TryGetField(string field, out object value)
        {
            var property = Unescape(field);
            if (_converted.TryGetValue(property, out value!)) return true;
            var child = FieldSchema(property);
            // A null in a field that is not nullable is dropped by the API server before validation: the field is absent.
            if (child is null || mapping[property] is not { } node || (node is YamlScalar { IsNull: true } && !child.Nullable)) return false;
            value = FromYaml(node, child);
            _converted[property] = value;
            return true;
        }

        public override IEnumerable<string> SetFields =>
            mapping.Entries.Select(e => e.Key.Value).Where(p => FieldSchema(p) is not null && TryGetField(p, out _));
    }

    private sealed class YamlMap(YamlMapping mapping, SchemaNode? valueSchema) : CelMap
    {
        public override int Count => mapping.Entries.Count;

        public override IEnumerable<object> Keys => mapping.Entries.Select(e => (object)e.Key.Value);

        public override bool TryGet(object key, out object value)
        {
            value = null!;
            if (key is not string k || mapping[k] is not { } node) return false;
            value = FromYaml(node, valueSchema);
            return true;
        }
    }

    private sealed class YamlList(YamlSequence sequence, SchemaNode? itemSchema) : CelList
    {
        private readonly object?[] _converted = new object?[sequence.Items.Count];

        public override int Count => sequence.Items.Count;

        public override object this[int index] => _converted[index] ??= FromYaml(sequence.Items[index], itemSchema);
    }
}
