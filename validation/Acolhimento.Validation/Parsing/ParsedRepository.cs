using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Parsing;

/// <summary>A file after parsing. <see cref="Complete"/> is false when reading stopped early (a finding says why).</summary>
public sealed record ParsedFile(RepositoryFile File, IReadOnlyList<YamlDocument> Documents, bool Complete)
{
    public string Path => File.Path;

    /// <summary>The first error the parse stage reported for this file; a file with one is never handed to kubectl or helm.</summary>
    public Findings.Finding? Problem { get; init; }

    /// <summary>
    /// Set when the parse stage let this file's trees go once it had checked them (<see cref="ParseOptions.ReleaseObjectTrees"/>):
    /// <see cref="Documents"/> are then outlines of its objects (<see cref="ObjectOutline"/>) and the whole trees are read
    /// again, from the same bytes, by the stage that needs them (<see cref="TreeReader"/>).
    /// </summary>
    public ReleasedTrees? Released { get; init; }

    public IEnumerable<YamlMapping> Mappings => Documents.Select(d => d.Root).OfType<YamlMapping>();

    /// <summary>The text as read, kept only for the run's own settings (<see cref="HarnessFolders.RunSettings"/>); null for every other file.</summary>
    public string? Text { get; init; }
}

public sealed record ParsedRepository(string Root, IReadOnlyList<ParsedFile> Files)
{
    private readonly Dictionary<string, ParsedFile> _byPath = Files.ToDictionary(f => f.Path, StringComparer.Ordinal);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ParsedFile?> _unlisted = new(StringComparer.Ordinal);

    /// <summary>A file the parse stage read, by repo-relative path; null for files discovery skips (ignored paths, JSON).</summary>
    public ParsedFile? Find(string relativePath) => _byPath.GetValueOrDefault(relativePath);

    /// <summary>
    /// The text of one of the run's settings files (<see cref="HarnessFolders.RunSettings"/>) as the parse stage read it;
    /// read from disk only when the parse stage did not read it (a <c>.validationignore</c> path, a file over its size
    /// limit); null when there is no such file.
    /// </summary>
    /// <exception cref="Findings.CannotValidateException">The file is there but cannot be read.</exception>
    public string? SettingsText(string relativePath)
    {
        if (Find(relativePath)?.Text is { } kept) return kept;
        var path = System.IO.Path.Combine(Root, relativePath);
        if (!System.IO.File.Exists(path)) return null;
        try
        {
            return System.IO.File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new Findings.CannotValidateException($"cannot read {path}: {ex.Message}");
        }
    }

    /// <summary>
    /// A file as Argo CD would read it: the parse stage's file, or one discovery skips (a <c>.validationignore</c> path, a
    /// <c>bin/</c> or <c>node_modules/</c> folder, JSON) read now under the same limits, once. Null when there is no regular
    /// file at that path reached without a symbolic link (links are the business of the stage that meets them) or it is under <c>.git</c>.
    /// </summary>
    public ParsedFile? Read(string relativePath) => Find(relativePath) ?? _unlisted.GetOrAdd(relativePath, ReadUnlisted);

    private ParsedFile? ReadUnlisted(string relativePath)
    {
        if (RepositoryPaths.Combine("", relativePath) != relativePath || relativePath.Length == 0 || relativePath.Split('/')[0] == ".git") return null;
        var full = Root;
        foreach (var part in relativePath.Split('/'))
        {
            full = System.IO.Path.Combine(full, part);
            var info = new FileInfo(full);
            if (info.LinkTarget is not null || (!info.Exists && !Directory.Exists(full))) return null;
        }
        var file = new FileInfo(full);
        if (!file.Exists || (file.Attributes & (FileAttributes.Device | FileAttributes.ReparsePoint)) != 0) return null;
        var name = RepositoryPaths.FileName(relativePath);
        var kind = RepositoryScanner.KustomizationFileNames.Contains(name) ? FileKind.Kustomization : name == "Chart.yaml" ? FileKind.HelmChart : FileKind.Manifest;
        return ParseStage.ReadUnlisted(new RepositoryFile(relativePath, full, kind, file.Length));
    }

    private readonly Lazy<string> _realRoot = new(() => RepositoryLinks.RealRoot(Root));

    /// <summary>Where a repo-relative path leads once its links are followed, or why it must not be read (<see cref="RepositoryLinks"/>).</summary>
    public PathResolution Resolve(string relativePath) => RepositoryLinks.Resolve(_realRoot.Value, relativePath);

    public int DocumentCount => Files.Sum(f => f.Documents.Count(d => d.Root is not null));

    public int ObjectCount => Files.Where(f => f.File.Kind == FileKind.Manifest).Sum(f => f.Mappings.Count());
}

/// <param name="ReleaseObjectTrees">
/// Keep only outlines of plain object files (<see cref="ObjectOutline.Releasable"/>) once they are checked, so that memory
/// does not grow with the repository; for runs whose later stages read objects' bodies only through the schema stage.
/// </param>
public sealed record ParseOptions(long MaxFileBytes = 5 * 1024 * 1024, YamlLimits? Limits = null, bool ReleaseObjectTrees = false)
{
    public static readonly ParseOptions Default = new();

    public YamlLimits YamlLimits => Limits ?? YamlLimits.Default;
}
