using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Discovery;

public sealed record RepositoryInventory(string Root, IReadOnlyList<RepositoryFile> Files, IReadOnlyList<Finding> Findings)
{
    /// <summary>Repo-relative folders that hold a <c>Chart.yaml</c>.</summary>
    public IReadOnlyList<string> ChartFolders =>
        Files.Where(f => f.Kind == FileKind.HelmChart).Select(f => RepositoryPaths.Folder(f.Path)).ToList();

    /// <summary>Repo-relative folders that hold a kustomization file.</summary>
    public IReadOnlyList<string> KustomizationFolders =>
        Files.Where(f => f.Kind == FileKind.Kustomization).Select(f => RepositoryPaths.Folder(f.Path)).ToList();
}

/// <summary>
/// Discover stage: finds every YAML file of the repository and says what kind of file it is. Nothing is opened here;
/// links are resolved by <see cref="RepositoryLinks"/> and followed only to a regular file inside the repository.
/// </summary>
public static class RepositoryScanner
{
    public const string SymlinkOutside = "parse/symlink-outside-repository";
    public const string SymlinkUnresolvable = "parse/symlink-unresolvable";
    public const string SpecialFile = "parse/special-file";
    public const string UnreadableEntry = "parse/unreadable-file";

    public static readonly IReadOnlySet<string> KustomizationFileNames = new HashSet<string>(StringComparer.Ordinal)
        { "kustomization.yaml", "kustomization.yml", "Kustomization" };

    public static RepositoryInventory Scan(string repositoryRoot, IgnoreRules? ignore = null)
    {
        var root = Path.GetFullPath(repositoryRoot);
        var realRoot = RepositoryLinks.RealRoot(root);
        ignore ??= IgnoreRules.Load(root);
        var findings = new List<Finding>();
        var found = new List<(string Relative, string Full, long Size)>();
        void Refuse(string rule, string relative, string message) =>
            findings.Add(new Finding(Stages.Parse, Severity.Error, rule, message, new SourceLocation(relative, 1, 1)));

        var folders = new Stack<string>();
        folders.Push(root);
        while (folders.Count > 0)
        {
            var folder = folders.Pop();
            if (Entries(folder, root, findings) is not { } entries) continue;
            foreach (var entry in entries)
            {
                var relative = RepositoryPaths.Relative(root, entry.FullName);
                var type = EntryTypes.Of(entry.FullName);
                if (type == EntryType.Missing)
                {
                    // Listed but not there under its decoded name: a name that is not valid UTF-8 (or a file removed meanwhile).
                    findings.Add(new Finding(Stages.Parse, Severity.Error, UnreadableEntry,
                        $"\"{relative}\" cannot be opened under its name (not valid UTF-8?); Argo CD and the tools may read it, this gate cannot", new SourceLocation(relative, 1, 1)));
                    continue;
                }
                if (ignore.IsIgnored(relative, type == EntryType.Folder || entry is DirectoryInfo)) continue;
                switch (type)
                {
                    case EntryType.Special:
                        Refuse(SpecialFile, relative, "a FIFO, socket or device, not a file: never read, and no tool is handed the folder that holds it");
                        break;
                    case EntryType.SymbolicLink:
                        var resolution = RepositoryLinks.Resolve(realRoot, relative);
                        if (resolution.Refused)
                        {
                            Refuse(resolution.Rule!, relative, $"symbolic link ({entry.LinkTarget}) not followed: {resolution.Problem}");
                        }
                        else if (resolution.TargetType == EntryType.RegularFile && IsYamlName(entry.Name))
                        {
                            found.Add((relative, Path.Combine(realRoot, resolution.Target!), new FileInfo(Path.Combine(realRoot, resolution.Target!)).Length));
                        }
                        break; // a linked folder's target is inside the repository and is scanned there
                    case EntryType.Folder:
                        folders.Push(entry.FullName);
                        break;
                    case EntryType.RegularFile when IsYamlName(entry.Name):
                        found.Add((relative, entry.FullName, ((FileInfo)entry).Length));
                        break;
                }
            }
        }

        var chartFolders = found.Where(f => RepositoryPaths.FileName(f.Relative) == "Chart.yaml")
            .Select(f => RepositoryPaths.Folder(f.Relative)).ToHashSet(StringComparer.Ordinal);
        var files = found
            .Select(f => new RepositoryFile(f.Relative, f.Full, Classify(f.Relative, chartFolders), f.Size))
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
        return new RepositoryInventory(root, files, findings);
    }

    /// <summary>The entries of one folder in ordinal order, or null (with a finding) when it cannot be listed.</summary>
    private static List<FileSystemInfo>? Entries(string folder, string root, List<Finding> findings)
    {
        try
        {
            return new DirectoryInfo(folder).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            findings.Add(new Finding(Stages.Parse, Severity.Error, UnreadableEntry, $"folder cannot be listed: {ex.Message}",
                new SourceLocation(RepositoryPaths.Relative(root, folder), 1, 1)));
            return null;
        }
    }

    public static bool IsYamlName(string name) =>
        name.EndsWith(".yaml", StringComparison.Ordinal) || name.EndsWith(".yml", StringComparison.Ordinal) || name == "Kustomization";

    public static FileKind Classify(string relativePath, IReadOnlySet<string> chartFolders)
    {
        var name = RepositoryPaths.FileName(relativePath);
        if (HarnessFolders.HoldsHarnessFile(relativePath)) return FileKind.Configuration; // the harness's own settings, rules' settings, workflows
        if (KustomizationFileNames.Contains(name)) return FileKind.Kustomization;
        if (name == "Chart.yaml") return FileKind.HelmChart;
        foreach (var chart in chartFolders)
        {
            var prefix = chart.Length == 0 ? "templates/" : chart + "/templates/";
            if (relativePath.StartsWith(prefix, StringComparison.Ordinal)) return FileKind.HelmTemplate;
        }
        if (name.StartsWith("values", StringComparison.Ordinal)) return FileKind.HelmValues;
        return FileKind.Manifest;
    }
}

internal static class RepositoryPaths
{
    public static string Relative(string root, string fullPath) =>
        Path.GetRelativePath(root, fullPath).Replace('\\', '/');

    public static string Folder(string relativePath)
    {
        var slash = relativePath.LastIndexOf('/');
        return slash < 0 ? "" : relativePath[..slash];
    }

    public static string FileName(string relativePath) => relativePath[(relativePath.LastIndexOf('/') + 1)..];

    public static bool IsInside(string root, string fullPath)
    {
        var relative = Path.GetRelativePath(root, Path.GetFullPath(fullPath));
        return relative != ".." && !relative.StartsWith("../", StringComparison.Ordinal) && !Path.IsPathRooted(relative);
    }

    /// <summary>Joins and normalises repo-relative paths (<c>a/b</c> + <c>../c</c> = <c>a/c</c>); null when it leaves the repository.</summary>
    public static string? Combine(string folder, string relative)
    {
        var parts = new List<string>();
        foreach (var part in (folder.Length == 0 ? relative : folder + "/" + relative).Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == "..")
            {
                if (parts.Count == 0) return null;
                parts.RemoveAt(parts.Count - 1);
            }
            else parts.Add(part);
        }
        return string.Join('/', parts);
    }
}
