using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Acolhimento.Validation.Configuration;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render.Helm;

/// <summary>
/// What Argo CD tells Helm about the destination cluster (<c>--kube-version</c>, <c>--api-versions</c>): the cluster's
/// server version and the sorted <c>group/version</c> and <c>group/version/Kind</c> strings of every API it serves
/// (Argo CD's <c>APIResourcesToStrings(resources, includeKinds: true)</c>).
/// </summary>
/// <param name="KubeVersion">As Argo CD passes it: <c>MAJOR.MINOR.PATCH</c>, no leading v (its <c>parseKubeVersion</c>).</param>
/// <param name="PatchPinned">False when validation.yaml declares only <c>MAJOR.MINOR</c>: the patch the cluster runs is unknown and <c>.0</c> stands for it.</param>
internal sealed record ClusterCapabilities(string KubeVersion, bool PatchPinned, IReadOnlyList<string> ApiVersions)
{
    /// <summary>The same cluster also serving <paramref name="more"/> (CRDs its render installs); the same instance when nothing is new.</summary>
    public ClusterCapabilities With(IEnumerable<string> more)
    {
        var added = more.Where(v => !ApiVersions.Contains(v, StringComparer.Ordinal)).ToList();
        return added.Count == 0 ? this : this with { ApiVersions = ApiVersions.Concat(added).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList() };
    }

    /// <summary>The API strings of CustomResourceDefinitions among rendered objects: each served version, with and without its kind.</summary>
    public static IEnumerable<string> Installed(IEnumerable<YamlMapping> bodies) =>
        bodies.Where(CustomResourceDefinition.IsDefinition)
            .Select(b => CustomResourceDefinition.FromYaml(b, "rendered"))
            .OfType<CustomResourceDefinition>()
            .SelectMany(ApiStrings);

    internal static IEnumerable<string> ApiStrings(CustomResourceDefinition crd) =>
        crd.ServedVersions.SelectMany(v => new[] { $"{crd.Group}/{v}", $"{crd.Group}/{v}/{crd.Kind}" });
}

/// <summary>
/// Derives a cluster's capabilities from validation.yaml and the schema data: the built-in APIs of its Kubernetes
/// version (from <c>openapi/vX.Y</c>: every GA group-version and the kinds its operations serve; alpha and beta
/// group-versions are off by default since Kubernetes 1.24, KEP-3136, so a cluster that enables one declares it in
/// <c>apiVersions</c>), the add-on CRDs of the schema data (<c>crds/</c>) and the cluster's declared <c>apiVersions</c>.
/// The derived list is kept in the schema-derived cache under a hash of the files it came from.
/// </summary>
/// <param name="schemaDirectory">The schema data folder (<c>--schemas</c>), else <c>$ACOLHIMENTO_SCHEMA_DIR</c> or the user cache, located on first use.</param>
internal sealed class CapabilitySource(string? schemaDirectory)
{
    private readonly Dictionary<string, Lazy<IReadOnlyList<string>>> _builtIns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Lazy<ClusterCapabilities>> _clusters = new(StringComparer.Ordinal);
    private readonly Lazy<SchemaData> _data = new(() =>
    {
        try
        {
            return SchemaLocator.Locate(schemaDirectory);
        }
        catch (CannotValidateException ex)
        {
            throw new CannotValidateException($"Helm is told the cluster's API versions, which come from the schema data: {ex.Message}");
        }
    });
    private readonly Lock _gate = new();

    /// <summary>Each cluster's capabilities, derived once; a cluster validation.yaml does not declare is a reason to stop.</summary>
    public Func<string, ClusterCapabilities> ForClusters(RepositoryConfiguration configuration) => name =>
    {
        Lazy<ClusterCapabilities> lazy;
        lock (_gate)
        {
            if (!_clusters.TryGetValue(name, out lazy!))
            {
                var settings = configuration.Cluster(name) ?? throw new CannotValidateException($"cluster {name} is not declared in {RepositoryConfiguration.FileName}");
                _clusters[name] = lazy = new(For(settings));
            }
        }
        return lazy.Value;
    };

    private static readonly Regex GeneralAvailability = new(@"^v[0-9]+$", RegexOptions.CultureInvariant);

    /// <summary>Capabilities of <paramref name="cluster"/> before its render adds CRDs; schema data is read on first use only.</summary>
    public Func<ClusterCapabilities> For(ClusterSettings cluster) => () =>
    {
        var (version, pinned) = KubeVersion(cluster.KubernetesVersion)
            ?? throw new CannotValidateException($"cluster {cluster.Name} declares Kubernetes version \"{cluster.KubernetesVersion}\"; expected MAJOR.MINOR or MAJOR.MINOR.PATCH such as 1.35 or 1.35.3");
        var minor = SchemaLocator.NormalizeKubernetesVersion(version)!;
        return new ClusterCapabilities(version, pinned, BuiltIns(minor).Concat(cluster.ApiVersions).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());
    };

    /// <summary>
    /// validation.yaml's version as Argo CD would pass it (<c>v1.35.3</c> → <c>1.35.3</c>); a version without a patch
    /// becomes <c>MAJOR.MINOR.0</c>, which is what Helm reads "1.35" as. Null when it is not a version.
    /// </summary>
    public static (string Version, bool PatchPinned)? KubeVersion(string declared) =>
        ReleaseVersion.Parse(declared) is { } v
            ? ($"{v.Major}.{v.Minor}.{v.Patch}", declared.Trim().TrimStart('v', 'V').Count(c => c == '.') == 2)
            : null;

    /// <summary>Argo CD's <c>parseKubeVersion</c> of a helm block's <c>kubeVersion</c>: Kubernetes' generic version (two or more numbers, the first without a leading zero; a leading v and trailing text dropped), or null.</summary>
    public static string? GenericVersion(string text)
    {
        var match = GenericVersionPattern.Match(text);
        if (!match.Success) return null;
        var parts = match.Groups[1].Value.Split('.');
        if (parts.Length < 2 || (parts[0].Length > 1 && parts[0][0] == '0')) return null;
        var numbers = new List<string>();
        foreach (var part in parts)
        {
            if (!ulong.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)) return null;
            numbers.Add(n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return string.Join('.', numbers);
    }

    private static readonly Regex GenericVersionPattern = new(@"^\s*v?([0-9]+(?:\.[0-9]+)*)", RegexOptions.CultureInvariant);

    private IReadOnlyList<string> BuiltIns(string minor)
    {
        Lazy<IReadOnlyList<string>> lazy;
        lock (_gate)
        {
            if (!_builtIns.TryGetValue(minor, out lazy!)) _builtIns[minor] = lazy = new(() => Derive(minor));
        }
        return lazy.Value;
    }

    private IReadOnlyList<string> Derive(string minor)
    {
        var data = _data.Value;
        var openApi = data.OpenApiDirectory(minor);
        if (!Directory.Exists(openApi))
            throw new CannotValidateException($"schema data has no {openApi}: Helm's --api-versions for Kubernetes {minor} come from it; run `{SchemaLocator.PullCommand(minor)}`");
        var files = Directory.EnumerateFiles(openApi, "*_openapi.json").Order(StringComparer.Ordinal)
            .Concat(Directory.Exists(data.CrdDirectory)
                ? Directory.EnumerateFiles(data.CrdDirectory, "*.*", SearchOption.AllDirectories).Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal)
                : [])
            .ToList();
        var key = Key(files);
        var cached = data.DerivedDataCache is { } folder ? Path.Combine(folder, $"helm-api-versions-{key}.txt") : null;
        if (cached is not null && File.Exists(cached)) return File.ReadAllLines(cached);
        var derived = FromOpenApi(openApi).Concat(FromCrds(data)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (cached is not null)
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(cached)!);
                var temporary = cached + "." + Guid.NewGuid().ToString("N")[..8];
                File.WriteAllLines(temporary, derived);
                File.Move(temporary, cached, overwrite: true);
            }
            catch (IOException) { } // a cache that cannot be written only costs the next run the derivation
            catch (UnauthorizedAccessException) { }
        }
        return derived;
    }

    /// <summary>
    /// Names, sizes and modification times of the files the list is derived from: schema data is written whole by
    /// <c>schemas pull</c>, so any change shows there, and hashing its megabytes on every run would cost more than the look-up saves.
    /// </summary>
    private static string Key(IEnumerable<string> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData("helm-api-versions-v1\n"u8);
        foreach (var file in files)
        {
            var info = new FileInfo(file);
            hash.AppendData(Encoding.UTF8.GetBytes($"{file}\n{info.Length}\n{info.LastWriteTimeUtc.Ticks}\n"));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..24];
    }

    /// <summary>Every GA group-version of the OpenAPI documents, with the kinds its operations serve (connect-only operations are not a kind's own).</summary>
    public static IReadOnlyList<string> FromOpenApi(string openApiDirectory)
    {
        var result = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(openApiDirectory, "*_openapi.json"))
        {
            if (OpenApiFileNames.GroupVersion(Path.GetFileName(file)) is not { } groupVersion) continue;
            var slash = groupVersion.IndexOf('/');
            var (group, version) = slash < 0 ? ("", groupVersion) : (groupVersion[..slash], groupVersion[(slash + 1)..]);
            if (!GeneralAvailability.IsMatch(version)) continue;
            result.Add(groupVersion);
            using var stream = File.OpenRead(file);
            using var document = JsonDocument.Parse(stream);
            if (!document.RootElement.TryGetProperty("paths", out var paths) || paths.ValueKind != JsonValueKind.Object) continue;
            foreach (var operation in paths.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object).SelectMany(p => p.Value.EnumerateObject()))
            {
                if (operation.Value.ValueKind != JsonValueKind.Object) continue;
                if (operation.Value.TryGetProperty("x-kubernetes-action", out var action) && action.ValueKind == JsonValueKind.String && action.GetString() == "connect") continue;
                if (!operation.Value.TryGetProperty("x-kubernetes-group-version-kind", out var gvk) || gvk.ValueKind != JsonValueKind.Object) continue;
                if (Text(gvk, "group") == group && Text(gvk, "version") == version && Text(gvk, "kind") is { Length: > 0 } kind) result.Add($"{groupVersion}/{kind}");
            }
        }
        return result.ToList();
    }

    private static IEnumerable<string> FromCrds(SchemaData data)
    {
        var cache = data.DerivedDataCache is { } folder ? new CrdJsonCache(folder) : null;
        return CrdLibrary.Open(data.CrdDirectory, new YamlLimits(MaxExpandedNodes: 20_000_000, MaxDepth: 1_000), cache).All.Values.SelectMany(ClusterCapabilities.ApiStrings);
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
