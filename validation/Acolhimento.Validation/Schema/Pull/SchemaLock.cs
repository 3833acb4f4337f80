using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Schema.Pull;

/// <summary>One file to download: where from, where to in the schema data layout, and its SHA-256.</summary>
public sealed record LockedFile(string Url, string TargetPath, string Sha256);

/// <summary>The OpenAPI files of one Kubernetes version: a URL template (<c>{name}</c>, <c>{path}</c>, <c>{version}</c>) and file names with checksums.</summary>
public sealed record LockedKubernetesVersion(string Version, string UrlTemplate, IReadOnlyList<(string Name, string Sha256)> Files)
{
    public string Url(string fileName)
    {
        var path = OpenApiFileNames.KubectlValidatePath(fileName)
                   ?? throw new CannotValidateException($"schemas.lock.yaml lists {fileName}, which is not an upstream OpenAPI v3 file name (e.g. apis__apps__v1_openapi.json)");
        return UrlTemplate.Replace("{name}", fileName, StringComparison.Ordinal)
            .Replace("{path}", path, StringComparison.Ordinal)
            .Replace("{version}", Version, StringComparison.Ordinal);
    }
}

public sealed record LockedProject(string Project, string Version, IReadOnlyList<LockedUrlFile> Files);

public sealed record LockedUrlFile(string Name, string Url, string Sha256);

/// <summary>
/// <c>validation/schemas.lock.yaml</c>: the pinned upstream files <c>schemas pull</c> downloads, each with its SHA-256,
/// laid out as the schema stage reads them (<c>openapi/vX.Y/</c>, <c>crds/&lt;project&gt;/</c>, <c>deprecations/</c>).
/// </summary>
public sealed record SchemaLock(IReadOnlyList<LockedKubernetesVersion> Kubernetes, IReadOnlyList<LockedProject> Crds, IReadOnlyList<LockedUrlFile> Deprecations)
{
    public const string DefaultRelativePath = "validation/schemas.lock.yaml";

    public static SchemaLock Parse(string text, string source)
    {
        var read = YamlReader.Read(text);
        if (read.Problems.Count > 0) throw Invalid(source, $"{read.Problems[0].Message} at line {read.Problems[0].At.Line}");
        if (read.Documents.Count != 1 || read.Documents[0].Root is not YamlMapping root) throw Invalid(source, "expected one YAML mapping");
        var kubernetes = Items(root, "kubernetes").Select(k => new LockedKubernetesVersion(
            Required(k, "version", source),
            Required(k, "urlTemplate", source),
            Items(k, "files").Select(f => (Required(f, "name", source), Sha(f, source))).ToList())).ToList();
        var crds = Projects(root.Sequence("crds"), source);
        var deprecations = Items(root, "deprecations").Select(f => UrlFile(f, source)).ToList();
        return new SchemaLock(kubernetes, crds, deprecations);
    }

    /// <summary>CRD projects (project, version, files with name, url and sha256), as the lock's <c>crds:</c> and <c>validation.yaml</c>'s <c>crdSources:</c> list them.</summary>
    public static IReadOnlyList<LockedProject> Projects(YamlSequence? projects, string source) =>
        (projects?.Items.OfType<YamlMapping>() ?? []).Select(p => new LockedProject(
            SafeName(Required(p, "project", source), source),
            Required(p, "version", source),
            Items(p, "files").Select(f => UrlFile(f, source)).ToList())).ToList();

    /// <summary>The lock this harness ships (this repository's <see cref="DefaultRelativePath"/>), for repositories that have none of their own.</summary>
    public static SchemaLock Builtin()
    {
        using var stream = typeof(SchemaLock).Assembly.GetManifestResourceStream(BuiltinResource)
            ?? throw new CannotValidateException($"this build of the harness carries no {BuiltinResource}");
        return Parse(new StreamReader(stream).ReadToEnd(), "the harness's built-in schemas.lock.yaml");
    }

    public const string BuiltinResource = "Acolhimento.Validation.schemas.lock.yaml";

    /// <summary>This lock plus CRD projects from elsewhere (a repository's <c>crdSources</c>); a project named twice is refused.</summary>
    public SchemaLock WithCrds(IReadOnlyList<LockedProject> extra)
    {
        var clash = extra.Select(p => p.Project).FirstOrDefault(p => Crds.Any(c => c.Project == p) || extra.Count(e => e.Project == p) > 1);
        if (clash is not null) throw new CannotValidateException($"CRD project {clash} is pinned twice (schemas.lock.yaml and validation.yaml crdSources, or twice in one); pin it once");
        return this with { Crds = [.. Crds, .. extra] };
    }

    public static SchemaLock Load(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path), path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CannotValidateException($"cannot read the schema lock file {path}: {ex.Message}");
        }
    }

    /// <summary>Every file to fetch for one Kubernetes version, with its target path relative to the output folder.</summary>
    public IReadOnlyList<LockedFile> FilesFor(string kubernetesVersion)
    {
        var version = Kubernetes.FirstOrDefault(k => SchemaLocator.NormalizeKubernetesVersion(k.Version) == kubernetesVersion)
            ?? throw new CannotValidateException(
                $"the schema lock file has no entry for Kubernetes {kubernetesVersion} (it has {string.Join(", ", Kubernetes.Select(k => k.Version))}); add one with the upstream OpenAPI files and their SHA-256");
        var files = new List<LockedFile>();
        files.AddRange(version.Files.Select(f => new LockedFile(version.Url(SafeName(f.Name, "openapi")), $"openapi/v{kubernetesVersion}/{f.Name}", f.Sha256)));
        files.AddRange(Crds.SelectMany(p => p.Files.Select(f => new LockedFile(f.Url, $"crds/{p.Project}/{f.Name}", f.Sha256))));
        files.AddRange(Deprecations.Select(f => new LockedFile(f.Url, $"deprecations/{f.Name}", f.Sha256)));
        return files;
    }

    private static LockedUrlFile UrlFile(YamlMapping file, string source) =>
        new(SafeName(Required(file, "name", source), source), Required(file, "url", source), Sha(file, source));

    private static string Sha(YamlMapping file, string source)
    {
        var sha = Required(file, "sha256", source).ToLowerInvariant();
        return sha.Length == 64 && sha.All(char.IsAsciiHexDigit) ? sha : throw Invalid(source, $"sha256 {sha} at line {file.Start.Line} is not 64 hex digits");
    }

    /// <summary>A file or folder name that cannot escape the output folder.</summary>
    private static string SafeName(string name, string source) =>
        name.Length > 0 && name is not ("." or "..") && name.IndexOfAny(['/', '\\', '\0']) < 0 ? name : throw Invalid(source, $"\"{name}\" is not a plain file name");

    private static IEnumerable<YamlMapping> Items(YamlMapping mapping, string key) => mapping.Sequence(key)?.Items.OfType<YamlMapping>() ?? [];

    private static string Required(YamlMapping mapping, string key, string source) =>
        mapping.String(key) is { Length: > 0 } value ? value : throw Invalid(source, $"the entry at line {mapping.Start.Line} has no {key}");

    private static CannotValidateException Invalid(string source, string reason) => new($"schema lock file {source} is not valid: {reason}");
}
