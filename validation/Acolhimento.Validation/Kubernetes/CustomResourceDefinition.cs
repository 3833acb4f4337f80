using System.Text.Json;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Kubernetes;

/// <summary>One version of a CRD: whether it is served, its deprecation, and its structural schema (null means anything goes).</summary>
public sealed class CustomResourceVersion
{
    public CustomResourceVersion(string name, bool served, bool deprecated, string? deprecationWarning, YamlNode? schema)
        : this(name, served, deprecated, deprecationWarning, schema, schemaElement: null)
    {
    }

    private CustomResourceVersion(string name, bool served, bool deprecated, string? deprecationWarning, YamlNode? schema, JsonElement? schemaElement)
    {
        Name = name;
        Served = served;
        Deprecated = deprecated;
        DeprecationWarning = deprecationWarning;
        Schema = schema;
        SchemaElement = schemaElement;
    }

    /// <summary>
    /// A version whose schema is already parsed JSON (the schema data's CRDs as the derived-data cache keeps them; the
    /// element keeps its document alive); <see cref="Schema"/> is null.
    /// </summary>
    internal static CustomResourceVersion FromJson(string name, bool served, bool deprecated, string? deprecationWarning, JsonElement? schema) =>
        new(name, served, deprecated, deprecationWarning, schema: null, schema);

    public string Name { get; }

    public bool Served { get; }

    public bool Deprecated { get; }

    public string? DeprecationWarning { get; }

    /// <summary>The <c>schema.openAPIV3Schema</c> node as written, when read from YAML; compiled lazily by the catalog.</summary>
    public YamlNode? Schema { get; }

    /// <summary>The schema as parsed JSON when it was read as JSON, else null (see <see cref="Schema"/>).</summary>
    internal JsonElement? SchemaElement { get; }

    /// <summary>The schema as JSON text (Kubernetes' YAML-to-JSON conversion), or null when the version has none.</summary>
    public string? SchemaJson() => SchemaElement?.GetRawText() ?? Schema?.ToJsonString();
}

/// <summary>An <c>apiextensions.k8s.io/v1</c> CustomResourceDefinition as far as validation needs it; <see cref="Source"/> names where it came from.</summary>
public sealed record CustomResourceDefinition(string Group, string Kind, string Scope, IReadOnlyList<CustomResourceVersion> Versions, string Source)
{
    public const string ApiVersion = ApiGroups.ApiExtensions + "/v1";
    public const string KindName = "CustomResourceDefinition";

    /// <summary>Whether a group and kind name a CustomResourceDefinition (any served version): the one place that asks.</summary>
    public static bool IsKind(string group, string kind) => kind == KindName && group == ApiGroups.ApiExtensions;

    /// <summary>A CRD of any <c>apiextensions.k8s.io</c> version (what it declares still decides a kind's scope).</summary>
    public static bool IsAnyVersion(YamlMapping body) =>
        body.String("kind") == KindName && body.String("apiVersion")?.StartsWith(ApiGroups.ApiExtensions + "/", StringComparison.Ordinal) == true;

    /// <summary>A CRD whose schema this library reads: <c>apiextensions.k8s.io/v1</c> (v1beta1 is no longer served).</summary>
    public static bool IsDefinition(YamlMapping body) => body.String("apiVersion") == ApiVersion && body.String("kind") == KindName;

    /// <summary>Reads a CRD manifest; null when the document is not a CRD or lacks group, kind or versions.</summary>
    public static CustomResourceDefinition? FromYaml(YamlMapping body, string source)
    {
        if (!IsDefinition(body) || body.Mapping("spec") is not { } spec) return null;
        var group = spec.String("group");
        var kind = spec.Mapping("names")?.String("kind");
        var versions = spec.Sequence("versions");
        if (group is null || kind is null || versions is null) return null;
        var parsed = new List<CustomResourceVersion>();
        foreach (var item in versions.Items.OfType<YamlMapping>())
        {
            if (item.String("name") is not { } name) continue;
            parsed.Add(new CustomResourceVersion(
                name,
                item.Boolean("served") ?? false,
                item.Boolean("deprecated") ?? false,
                item.String("deprecationWarning"),
                item.Mapping("schema")?["openAPIV3Schema"] ?? spec.Mapping("validation")?["openAPIV3Schema"]));
        }
        return new CustomResourceDefinition(group, kind, spec.String("scope") ?? "Namespaced", parsed, source);
    }

    public CustomResourceVersion? Version(string name) => Versions.FirstOrDefault(v => v.Name == name);

    public IEnumerable<string> ServedVersions => Versions.Where(v => v.Served).Select(v => v.Name);
}
