using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Kubernetes;

/// <summary>A schema data folder: <c>openapi/v&lt;major.minor&gt;/*.json</c>, <c>crds/&lt;project&gt;/*.yaml</c>, <c>deprecations/*.yaml</c>.</summary>
/// <param name="DerivedDataCache">Where data derived from the schema data may be kept between runs, keyed by the content it came from (null: not kept).</param>
public sealed record SchemaData(string Root, string? DerivedDataCache = null)
{
    public string OpenApiDirectory(string kubernetesVersion) => Path.Combine(Root, "openapi", "v" + kubernetesVersion);

    public string CrdDirectory => Path.Combine(Root, "crds");

    public string DeprecationsDirectory => Path.Combine(Root, "deprecations");

    /// <summary>
    /// A schema-data file's bytes without a UTF-8 byte-order mark (upstream files carry none, but a copy saved by an
    /// editor may, and neither the JSON reader nor the CRD scan skips it); a file that cannot be read means the run
    /// cannot validate.
    /// </summary>
    public static ReadOnlyMemory<byte> ReadFile(string file)
    {
        try
        {
            var bytes = File.ReadAllBytes(file);
            return bytes.AsMemory(bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CannotValidateException($"cannot read schema data {file}: {ex.Message}");
        }
    }
}

/// <summary>
/// Finds the schema data: an explicit folder (<c>--schemas</c>), else <c>$ACOLHIMENTO_SCHEMA_DIR</c>, else the user cache
/// that <c>schemas pull</c> fills. Every stage that needs the data (schema: <c>openapi/</c>; live: <c>crds/</c>) finds it
/// here. Missing data is a reason to stop (exit 2), never a silent pass.
/// </summary>
public static class SchemaLocator
{
    public const string EnvironmentVariable = "ACOLHIMENTO_SCHEMA_DIR";

    public static string PullCommand(string? kubernetesVersion = null) =>
        $"{Identity.Harness.ToolName} schemas pull --k8s-version {kubernetesVersion ?? "X.Y"}";

    /// <summary>The user cache's schema folder: <c>schemas</c> under <see cref="Identity.CacheFolders.Root"/> (<c>$ACOLHIMENTO_CACHE_DIR</c>, else <c>$XDG_CACHE_HOME/acolhimento-validation</c>, else <c>~/.cache/acolhimento-validation</c>), as for tools and renders.</summary>
    public static string DefaultCacheDirectory(Func<string, string?>? environment = null) =>
        Path.Combine(Identity.CacheFolders.Root(environment), "schemas");

    /// <summary>The schema data folder; <paramref name="requiredFolder"/> is the part the caller reads (<c>openapi</c>, <c>crds</c>).</summary>
    public static SchemaData Locate(string? explicitDirectory, Func<string, string?>? environment = null, string requiredFolder = "openapi")
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (!string.IsNullOrWhiteSpace(explicitDirectory)) return Existing(explicitDirectory, "--schemas", requiredFolder);
        var fromEnvironment = environment(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return Existing(fromEnvironment, EnvironmentVariable, requiredFolder);
        var cache = DefaultCacheDirectory(environment);
        if (Directory.Exists(Path.Combine(cache, requiredFolder))) return new SchemaData(Path.GetFullPath(cache), DerivedDataCache());
        throw new CannotValidateException(
            $"no schema data: pass --schemas DIR, set {EnvironmentVariable}, or run `{PullCommand()}` to fill the cache {cache}");
    }

    /// <summary>The user cache's folder for data derived from schema data (e.g. CRDs as JSON); see <see cref="Identity.CacheFolders"/>.</summary>
    public static string DerivedDataCache() => Path.Combine(Identity.CacheFolders.Root(), "schema-derived");

    /// <summary>Kubernetes version as MAJOR.MINOR (<c>v1.35.2</c> → <c>1.35</c>), or null when it is not a version.</summary>
    public static string? NormalizeKubernetesVersion(string? version) =>
        ReleaseVersion.Parse(version) is { } parsed ? $"{parsed.Major}.{parsed.Minor}" : null;

    private static SchemaData Existing(string directory, string origin, string requiredFolder)
    {
        var full = Path.GetFullPath(directory);
        if (!Directory.Exists(full)) throw new CannotValidateException($"schema data folder {directory} (from {origin}) does not exist");
        if (!Directory.Exists(Path.Combine(full, requiredFolder)))
        {
            throw new CannotValidateException($"schema data folder {directory} (from {origin}) has no {requiredFolder}/ folder; fill it with `{PullCommand()} --output {directory}`");
        }
        return new SchemaData(full, DerivedDataCache());
    }
}
