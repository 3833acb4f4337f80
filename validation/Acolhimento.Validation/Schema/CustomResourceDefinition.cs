using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Schema;

/// <summary>One version of a CRD: whether it is served, its deprecation, and its structural schema (null means anything goes).</summary>
public sealed class CustomResourceVersion(string name, bool served, bool deprecated, string? deprecationWarning, YamlNode? schema)
{
    public string Name { get; } = name;

    public bool Served { get; } = served;

    public bool Deprecated { get; } = deprecated;

    public string? DeprecationWarning { get; } = deprecationWarning;

    /// <summary>The <c>schema.openAPIV3Schema</c> node as written; compiled lazily by the catalog.</summary>
    public YamlNode? Schema { get; } = schema;
}

/// <summary>An <c>apiextensions.k8s.io/v1</c> CustomResourceDefinition as far as validation needs it; <see cref="Source"/> names where it came from.</summary>
public sealed record CustomResourceDefinition(string Group, string Kind, string Scope, IReadOnlyList<CustomResourceVersion> Versions, string Source)
{
    public const string ApiVersion = "apiextensions.k8s.io/v1";
    public const string KindName = "CustomResourceDefinition";

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
