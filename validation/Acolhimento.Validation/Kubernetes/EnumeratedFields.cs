using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Kubernetes;

/// <summary>
/// A field of a built-in type whose values the API server enumerates in its validation code: checked wherever the
/// OpenAPI schema <paramref name="Schema"/> appears. <paramref name="EmptyIsUnset"/>: the Go field is a plain string, so
/// "" is its zero value, which the API server defaults or treats as absent rather than rejecting.
/// </summary>
internal sealed record EnumeratedField(string Schema, string Field, IReadOnlyList<string> Values, bool EmptyIsUnset, string Source);

/// <summary>A pod-template field whose allowed values depend on the kind that owns the template; <paramref name="WhenAbsent"/> is the API server's default for it.</summary>
internal sealed record TemplateEnumeratedField(IReadOnlyList<(string Group, string Kind)> Kinds, string Field, IReadOnlyList<string> Values, string WhenAbsent, string Source);

/// <summary>
/// The enumerated fields of the built-in kinds, loaded from <c>enumerated-fields.yaml</c> (embedded next to this file,
/// each entry citing the API server's validation function and the <c>+enum</c> type it comes from).
/// </summary>
internal sealed class EnumeratedFields
{
    private const string ResourceName = "Acolhimento.Validation.Kubernetes.enumerated-fields.yaml";

    private static readonly Lazy<EnumeratedFields> Embedded = new(() => Parse(ReadEmbedded(), ResourceName));

    private readonly Dictionary<string, IReadOnlyList<EnumeratedField>> _bySchema;

    private EnumeratedFields(IReadOnlyList<EnumeratedField> fields, IReadOnlyList<TemplateEnumeratedField> templates)
    {
        Fields = fields;
        Templates = templates;
        _bySchema = fields.GroupBy(f => f.Schema, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (IReadOnlyList<EnumeratedField>)[.. g], StringComparer.Ordinal);
    }

    /// <summary>The table shipped with this library (Kubernetes 1.35, default feature gates).</summary>
    public static EnumeratedFields BuiltIn => Embedded.Value;

    public IReadOnlyList<EnumeratedField> Fields { get; }

    public IReadOnlyList<TemplateEnumeratedField> Templates { get; }

    /// <summary>The enumerated fields of one OpenAPI schema (component name such as <c>io.k8s.api.core.v1.Container</c>).</summary>
    public IReadOnlyList<EnumeratedField> OfSchema(string schema) => _bySchema.GetValueOrDefault(schema) ?? [];

    /// <summary>The pod-template fields constrained for one workload kind.</summary>
    public IEnumerable<TemplateEnumeratedField> OfTemplateOwner(string group, string kind) => Templates.Where(t => t.Kinds.Contains((group, kind)));

    /// <summary>Reads the table; throws <see cref="InvalidDataException"/> naming the entry when the data is malformed.</summary>
    public static EnumeratedFields Parse(string yaml, string sourceName)
    {
        var read = YamlReader.Read(yaml);
        if (read.Problems.Count > 0) throw new InvalidDataException($"{sourceName}: {read.Problems[0].At}: {read.Problems[0].Message}");
        if (read.Documents.Count != 1 || read.Documents[0].Root is not YamlMapping root) throw new InvalidDataException($"{sourceName}: expected one mapping with fields and templates");
        var fields = Entries(root, "fields", sourceName).Select(e => new EnumeratedField(
            Required(e, "schema", sourceName), Required(e, "field", sourceName), Values(e, sourceName), e.Boolean("emptyIsUnset") ?? false, Required(e, "source", sourceName))).ToList();
        var templates = Entries(root, "templates", sourceName).Select(e => new TemplateEnumeratedField(
            Kinds(e, sourceName), Required(e, "field", sourceName), Values(e, sourceName), Required(e, "whenAbsent", sourceName), Required(e, "source", sourceName))).ToList();
        var duplicate = fields.GroupBy(f => (f.Schema, f.Field)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidDataException($"{sourceName}: {duplicate.Key.Schema}.{duplicate.Key.Field} is listed twice");
        return new EnumeratedFields(fields, templates);
    }

    private static IEnumerable<YamlMapping> Entries(YamlMapping root, string key, string sourceName) =>
        (root.Sequence(key) ?? throw new InvalidDataException($"{sourceName}: no {key} list")).Items
        .Select(item => item as YamlMapping ?? throw new InvalidDataException($"{sourceName}: {item.Start}: each {key} entry must be a mapping"));

    private static string Required(YamlMapping entry, string key, string sourceName) =>
        entry.String(key) is { Length: > 0 } value ? value : throw new InvalidDataException($"{sourceName}: {entry.Start}: entry has no {key}");

    private static IReadOnlyList<string> Values(YamlMapping entry, string sourceName)
    {
        var items = entry.Sequence("values")?.Items ?? throw new InvalidDataException($"{sourceName}: {entry.Start}: entry has no values");
        var values = items.Select(v => v is YamlScalar { IsNull: false } s ? s.Value : throw new InvalidDataException($"{sourceName}: {v.Start}: values must be strings")).ToList();
        return values.Count > 0 ? values : throw new InvalidDataException($"{sourceName}: {entry.Start}: values is empty");
    }

    /// <summary>Kinds written <c>group/Kind</c>, or just <c>Kind</c> for the core group.</summary>
    private static IReadOnlyList<(string Group, string Kind)> Kinds(YamlMapping entry, string sourceName) =>
        (entry.Sequence("kinds")?.Items ?? throw new InvalidDataException($"{sourceName}: {entry.Start}: entry has no kinds"))
        .Select(k => k is YamlScalar { IsNull: false } s ? s.Value : throw new InvalidDataException($"{sourceName}: {k.Start}: kinds must be strings"))
        .Select(k => k.LastIndexOf('/') is var slash and >= 0 ? (k[..slash], k[(slash + 1)..]) : ("", k))
        .ToList();

    private static string ReadEmbedded()
    {
        using var stream = typeof(EnumeratedFields).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the library was built without its embedded {ResourceName}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
