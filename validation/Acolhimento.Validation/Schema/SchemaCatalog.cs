using System.Collections.Concurrent;
using System.Text.Json;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Schema;

/// <summary>The outcome of looking a kind up: its schema, or why there is none.</summary>
public abstract record KindLookup;

/// <summary>A schema for the kind; <paramref name="Origin"/> says where it came from; <paramref name="DeprecationWarning"/> is set for a deprecated CRD version.</summary>
internal sealed record KindFound(SchemaNode Schema, string Origin, string? DeprecationWarning = null) : KindLookup;

/// <param name="MissingDefinition">True when the kind belongs to no built-in group and no CustomResourceDefinition defines it (nor a kind of its group it may be a typo of): its CRD is missing, not the object wrong.</param>
internal sealed record KindNotFound(string Reason, bool MissingDefinition = false) : KindLookup;

/// <summary>
/// Every schema one Kubernetes version offers: the built-in group-versions from the OpenAPI v3 documents and the custom
/// resources from CRDs (the schema data's, plus those a cluster's rendered output contains). Documents are parsed and
/// each kind compiled lazily, once, and cached in this instance (shared with the per-cluster catalogs derived from it).
/// Schemas compiled from a cluster's own CRDs are cached only in the catalog <see cref="WithDefinitions"/> returns for
/// that run, so a long-lived process does not keep every rendered CRD it has ever seen.
/// </summary>
public sealed class SchemaCatalog
{
    private static readonly YamlLimits SchemaDataLimits = new(MaxExpandedNodes: 20_000_000, MaxDepth: 1_000);

    private readonly IReadOnlyDictionary<string, OpenApiGroupVersion> _builtIns;
    private readonly IReadOnlySet<string> _builtInGroups;
    private readonly CrdLibrary _sharedDefinitions;
    private readonly IReadOnlyDictionary<(string Group, string Kind), CustomResourceDefinition> _clusterDefinitions;
    private readonly ConcurrentDictionary<CustomResourceVersion, Lazy<SchemaNode>> _customSchemas;
    private readonly ConcurrentDictionary<CustomResourceVersion, Lazy<SchemaNode>> _clusterSchemas = new();
    private readonly Lazy<SchemaNode> _objectMeta;
    private readonly Lazy<ObjectValidator> _validator;
    // A run looks the same few kinds up for thousands of objects; the answer depends only on this instance's data.
    private readonly ConcurrentDictionary<(string ApiVersion, string Kind), KindLookup> _lookups = new();

    private SchemaCatalog(
        string kubernetesVersion,
        IReadOnlyDictionary<string, OpenApiGroupVersion> builtIns,
        CrdLibrary sharedDefinitions,
        IReadOnlyDictionary<(string, string), CustomResourceDefinition> clusterDefinitions,
        ConcurrentDictionary<CustomResourceVersion, Lazy<SchemaNode>> customSchemas,
        Lazy<SchemaNode> objectMeta)
    {
        KubernetesVersion = kubernetesVersion;
        _builtIns = builtIns;
        _builtInGroups = builtIns.Keys.Select(GroupOf).ToHashSet(StringComparer.Ordinal);
        _sharedDefinitions = sharedDefinitions;
        _clusterDefinitions = clusterDefinitions;
        _customSchemas = customSchemas;
        _objectMeta = objectMeta;
        _validator = new Lazy<ObjectValidator>(() => new ObjectValidator(_objectMeta.Value));
    }

    public string KubernetesVersion { get; }

    /// <summary>How many CRD version schemas the shared cache holds (those of the schema data only).</summary>
    internal int SharedCustomSchemaCount => _customSchemas.Count;

    public IEnumerable<string> BuiltInGroupVersions => _builtIns.Keys.Order(StringComparer.Ordinal);

    /// <summary>A built-in OpenAPI component by name (<c>io.k8s.api.core.v1.Probe</c>), compiled, or null when no group version defines it.</summary>
    public SchemaNode? BuiltInComponent(string name) =>
        _builtIns.Values.FirstOrDefault(g => g.HasComponent(name)) is { } groupVersion ? groupVersion.Component(name) : null;

    /// <summary>The validator bound to this catalog's ObjectMeta schema.</summary>
    public ObjectValidator Validator => _validator.Value;

    /// <summary>Loads the catalog of one Kubernetes version from a schema data folder; throws when that version's OpenAPI files are missing.</summary>
    public static SchemaCatalog Load(SchemaData data, string kubernetesVersion)
    {
        var directory = data.OpenApiDirectory(kubernetesVersion);
        var files = Directory.Exists(directory) ? Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal).ToList() : [];
        var documents = files
            .Select(f => (GroupVersion: OpenApiFileNames.GroupVersion(Path.GetFileName(f)), File: f))
            .Where(d => d.GroupVersion is not null)
            .Select(d => new OpenApiGroupVersion(d.GroupVersion!, d.File, () => SchemaData.ReadFile(d.File)))
            .ToList();
        if (documents.Count == 0)
        {
            throw new CannotValidateException(
                $"no Kubernetes {kubernetesVersion} OpenAPI schemas in {directory} (expected files such as apis__apps__v1_openapi.json); run `{SchemaLocator.PullCommand(kubernetesVersion)}`");
        }
        var cache = data.DerivedDataCache is { } folder ? new CrdJsonCache(folder) : null;
        return Create(kubernetesVersion, documents, CrdLibrary.Open(data.CrdDirectory, SchemaDataLimits, cache));
    }

    /// <summary>A catalog from in-memory documents: OpenAPI JSON per group-version and CRDs (for tests and tools).</summary>
    public static SchemaCatalog FromDocuments(
        string kubernetesVersion,
        IEnumerable<(string GroupVersion, string Json)> openApiDocuments,
        IEnumerable<CustomResourceDefinition> definitions)
    {
        var documents = openApiDocuments.Select(d => new OpenApiGroupVersion(d.GroupVersion, $"<{d.GroupVersion}>", () => System.Text.Encoding.UTF8.GetBytes(d.Json).AsMemory())).ToList();
        return Create(kubernetesVersion, documents, CrdLibrary.FromDefinitions(definitions));
    }

    private static SchemaCatalog Create(string version, List<OpenApiGroupVersion> documents, CrdLibrary definitions)
    {
        var builtIns = documents.ToDictionary(d => d.GroupVersion, StringComparer.Ordinal);
        var objectMeta = new Lazy<SchemaNode>(() => FindObjectMeta(builtIns));
        return new SchemaCatalog(version, builtIns, definitions, new Dictionary<(string, string), CustomResourceDefinition>(), new(), objectMeta);
    }

    /// <summary>This catalog plus CRDs a cluster's rendered output contains; they take precedence over the schema data's.</summary>
    public SchemaCatalog WithDefinitions(IEnumerable<CustomResourceDefinition> clusterDefinitions)
    {
        var indexed = CrdLibrary.Index(clusterDefinitions);
        return indexed.Count == 0 ? this : new SchemaCatalog(KubernetesVersion, _builtIns, _sharedDefinitions, indexed, _customSchemas, _objectMeta);
    }

    public KindLookup Find(string apiVersion, string kind) => _lookups.GetOrAdd((apiVersion, kind), static (key, catalog) => catalog.Lookup(key), this);

    private KindLookup Lookup((string ApiVersion, string Kind) key)
    {
        var (apiVersion, kind) = key;
        var group = GroupOf(apiVersion);
        var version = apiVersion.Contains('/') ? apiVersion[(apiVersion.IndexOf('/') + 1)..] : apiVersion;
        if (_clusterDefinitions.TryGetValue((group, kind), out var rendered)) return FromDefinition(rendered, version, apiVersion, _clusterSchemas);
        if (_builtIns.TryGetValue(apiVersion, out var document))
        {
            if (document.Kind(kind) is { } schema) return new KindFound(schema, $"Kubernetes {KubernetesVersion} OpenAPI ({apiVersion})");
            var suggestion = FieldSuggestions.Closest(kind, document.Kinds);
            return new KindNotFound($"Kubernetes {KubernetesVersion} has no kind {kind} in {apiVersion}" + (suggestion is null ? "" : $"; did you mean {suggestion}?"));
        }
        if (_builtInGroups.Contains(group))
        {
            var served = _builtIns.Keys.Where(gv => GroupOf(gv) == group).Order(StringComparer.Ordinal);
            return new KindNotFound($"Kubernetes {KubernetesVersion} does not serve {apiVersion}; it serves {string.Join(", ", served)}");
        }
        if (_sharedDefinitions.Find(group, kind) is { } shared) return FromDefinition(shared, version, apiVersion, _customSchemas);
        var kindsOfGroup = _sharedDefinitions.All.Keys.Concat(_clusterDefinitions.Keys).Where(k => k.Group == group).Select(k => k.Kind).Distinct().ToList();
        if (kindsOfGroup.Count > 0)
        {
            var suggestion = FieldSuggestions.Closest(kind, kindsOfGroup);
            return new KindNotFound($"no CustomResourceDefinition of group {group} defines kind {kind}" + (suggestion is null ? "" : $"; did you mean {suggestion}?"), MissingDefinition: suggestion is null);
        }
        return new KindNotFound(
            $"no built-in API and no CustomResourceDefinition defines {kind} in {apiVersion}; add the CRD to the schema data (crds/) or to the cluster's manifests", MissingDefinition: true);
    }

    private KindLookup FromDefinition(CustomResourceDefinition definition, string version, string apiVersion, ConcurrentDictionary<CustomResourceVersion, Lazy<SchemaNode>> cache)
    {
        var served = definition.ServedVersions.ToList();
        if (definition.Version(version) is not { Served: true } crdVersion)
        {
            return new KindNotFound(
                $"the CustomResourceDefinition of {definition.Kind} ({definition.Source}) does not serve {apiVersion}; served: {(served.Count == 0 ? "none" : string.Join(", ", served.Select(v => $"{definition.Group}/{v}")))}");
        }
        var schema = cache.GetOrAdd(crdVersion, v => new Lazy<SchemaNode>(() => CompileDefinition(definition, v))).Value;
        var warning = crdVersion.Deprecated ? crdVersion.DeprecationWarning ?? $"{apiVersion} {definition.Kind} is deprecated by its CustomResourceDefinition" : null;
        return new KindFound(schema, $"CustomResourceDefinition {definition.Source}", warning);
    }

    private SchemaNode CompileDefinition(CustomResourceDefinition definition, CustomResourceVersion version)
    {
        var name = $"{definition.Group}/{version.Name}/{definition.Kind}";
        SchemaNode root;
        if (version.SchemaElement is { } element)
        {
            root = SchemaCompiler.CompileStructural(element, name);
        }
        else if (version.SchemaJson() is not { } schemaJson)
        {
            root = new SchemaNode { Name = name, Types = JsonTypes.Object, AllowsUnknownFields = true };
        }
        else
        {
            using var json = JsonDocument.Parse(schemaJson);
            root = SchemaCompiler.CompileStructural(json.RootElement, name);
        }
        // The API server checks apiVersion, kind and metadata of every custom resource itself, whatever the CRD says.
        var properties = new Dictionary<string, SchemaNode>(root.Properties, StringComparer.Ordinal)
        {
            ["apiVersion"] = new() { Name = "apiVersion", Types = JsonTypes.String, Complete = true },
            ["kind"] = new() { Name = "kind", Types = JsonTypes.String, Complete = true },
            ["metadata"] = _objectMeta.Value,
        };
        root.Properties = properties;
        root.Complete = true;
        return root;
    }

    private static SchemaNode FindObjectMeta(IReadOnlyDictionary<string, OpenApiGroupVersion> builtIns)
    {
        var candidates = builtIns.TryGetValue("v1", out var core) ? [core, .. builtIns.Values] : builtIns.Values.ToList();
        foreach (var document in candidates)
        {
            if (document.HasComponent(SchemaCompiler.ObjectMetaComponent)) return document.Component(SchemaCompiler.ObjectMetaComponent);
        }
        throw new CannotValidateException($"schema data is incomplete: no OpenAPI document defines {SchemaCompiler.ObjectMetaComponent}");
    }

    internal static string GroupOf(string apiVersion) => apiVersion.Contains('/') ? apiVersion[..apiVersion.IndexOf('/')] : "";
}

/// <summary>One OpenAPI v3 document (one group-version), parsed and indexed on first use.</summary>
internal sealed class OpenApiGroupVersion
{
    private readonly Lazy<Loaded> _loaded;

    public OpenApiGroupVersion(string groupVersion, string source, Func<ReadOnlyMemory<byte>> readJson)
    {
        GroupVersion = groupVersion;
        _loaded = new Lazy<Loaded>(() => Load(groupVersion, source, readJson));
    }

    public string GroupVersion { get; }

    public IEnumerable<string> Kinds => _loaded.Value.KindComponents.Keys;

    public SchemaNode? Kind(string kind) =>
        _loaded.Value.KindComponents.TryGetValue(kind, out var component) ? _loaded.Value.Compiler.CompileComponent(component) : null;

    public bool HasComponent(string name) => _loaded.Value.Components.TryGetProperty(name, out _);

    public SchemaNode Component(string name) => _loaded.Value.Compiler.CompileComponent(name);

    private sealed record Loaded(JsonDocument Document, JsonElement Components, SchemaCompiler Compiler, IReadOnlyDictionary<string, string> KindComponents);

    private static Loaded Load(string groupVersion, string source, Func<ReadOnlyMemory<byte>> readJson)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(readJson(), new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException ex)
        {
            throw new CannotValidateException($"schema data {source} is not valid JSON: {ex.Message}");
        }
        if (!document.RootElement.TryGetProperty("components", out var componentsHolder) || !componentsHolder.TryGetProperty("schemas", out var components)
            || components.ValueKind != JsonValueKind.Object)
        {
            throw new CannotValidateException($"schema data {source} has no components.schemas: it is not a Kubernetes OpenAPI v3 document");
        }
        var group = SchemaCatalog.GroupOf(groupVersion);
        var version = groupVersion.Contains('/') ? groupVersion[(groupVersion.IndexOf('/') + 1)..] : groupVersion;
        var kinds = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var component in components.EnumerateObject())
        {
            if (!component.Value.TryGetProperty("x-kubernetes-group-version-kind", out var gvks) || gvks.ValueKind != JsonValueKind.Array) continue;
            foreach (var gvk in gvks.EnumerateArray())
            {
                if (Text(gvk, "group") == group && Text(gvk, "version") == version && Text(gvk, "kind") is { } kind) kinds.TryAdd(kind, component.Name);
            }
        }
        var compiler = new SchemaCompiler(SchemaDialect.OpenApi, name => components.TryGetProperty(name, out var schema) ? schema : null);
        return new Loaded(document, components, compiler, kinds);
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
