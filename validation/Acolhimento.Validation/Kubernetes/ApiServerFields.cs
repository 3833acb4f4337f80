using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Kubernetes;

/// <summary>
/// A check the API server's validation code makes on one field of a built-in type, wherever that OpenAPI schema
/// appears: a number's bounds, a string's syntax (<see cref="Format"/>, a name in <c>Schema/ApiServer/ApiFormats</c>),
/// a map's key and value syntax, a list's length, that the field must be present and not empty, or that the API
/// server defaults a field its OpenAPI marks required. <see cref="Source"/> names the
/// validation function.
/// </summary>
internal sealed record ApiServerField(
    string Schema,
    string Field,
    decimal? Minimum,
    decimal? Maximum,
    string? Format,
    bool FormatChecksEmpty,
    string? KeyFormat,
    string? ValueFormat,
    bool Required,
    bool Defaulted,
    long? MaxItems,
    string Source);

/// <summary>The field checks of the built-in kinds, loaded from <c>api-server-fields.yaml</c> (embedded next to this file).</summary>
internal sealed class ApiServerFields
{
    private const string ResourceName = "Acolhimento.Validation.Kubernetes.api-server-fields.yaml";

    private static readonly Lazy<ApiServerFields> Embedded = new(() => Parse(ReadEmbedded(), ResourceName));

    private readonly Dictionary<string, IReadOnlyList<ApiServerField>> _bySchema;

    private ApiServerFields(IReadOnlyList<ApiServerField> fields)
    {
        Fields = fields;
        _bySchema = fields.GroupBy(f => f.Schema, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (IReadOnlyList<ApiServerField>)[.. g], StringComparer.Ordinal);
    }

    public static ApiServerFields BuiltIn => Embedded.Value;

    public IReadOnlyList<ApiServerField> Fields { get; }

    public IReadOnlyList<ApiServerField> OfSchema(string schema) => _bySchema.GetValueOrDefault(schema) ?? [];

    /// <summary>Reads the table; throws <see cref="InvalidDataException"/> naming the entry when the data is malformed.</summary>
    public static ApiServerFields Parse(string yaml, string sourceName)
    {
        var read = YamlReader.Read(yaml);
        if (read.Problems.Count > 0) throw new InvalidDataException($"{sourceName}: {read.Problems[0].At}: {read.Problems[0].Message}");
        if (read.Documents.Count != 1 || read.Documents[0].Root is not YamlMapping root || root.Sequence("fields") is not { } entries)
        {
            throw new InvalidDataException($"{sourceName}: expected one mapping with a fields list");
        }
        var fields = new List<ApiServerField>();
        foreach (var item in entries.Items)
        {
            if (item is not YamlMapping e) throw new InvalidDataException($"{sourceName}: {item.Start}: each entry must be a mapping");
            var field = new ApiServerField(
                Required(e, "schema", sourceName), Required(e, "field", sourceName),
                Number(e, "minimum", sourceName), Number(e, "maximum", sourceName),
                e.String("format"), e.Boolean("checkEmpty") ?? false, e.String("keys"), e.String("values"), e.Boolean("required") ?? false, e.Boolean("defaulted") ?? false,
                (long?)Number(e, "maxItems", sourceName), Required(e, "source", sourceName));
            if (field.Minimum is null && field.Maximum is null && field.Format is null && field.KeyFormat is null && field.ValueFormat is null && !field.Required && !field.Defaulted && field.MaxItems is null)
            {
                throw new InvalidDataException($"{sourceName}: {e.Start}: {field.Schema}.{field.Field} checks nothing");
            }
            fields.Add(field);
        }
        var duplicate = fields.GroupBy(f => (f.Schema, f.Field)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidDataException($"{sourceName}: {duplicate.Key.Schema}.{duplicate.Key.Field} is listed twice");
        return new ApiServerFields(fields);
    }

    private static string Required(YamlMapping entry, string key, string sourceName) =>
        entry.String(key) is { Length: > 0 } value ? value : throw new InvalidDataException($"{sourceName}: {entry.Start}: entry has no {key}");

    private static decimal? Number(YamlMapping entry, string key, string sourceName) =>
        entry.String(key) is not { } text ? null
        : decimal.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value
        : throw new InvalidDataException($"{sourceName}: {entry.Start}: {key} must be an integer");

    private static string ReadEmbedded()
    {
        using var stream = typeof(ApiServerFields).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
