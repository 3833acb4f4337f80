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

/// <summary>Discover stage: finds every YAML file of the repository and says what kind of file it is.</summary>
public static class RepositoryScanner
{
    public const string SymlinkOutside = "parse/symlink-outside-repository";

    public static readonly IReadOnlySet<string> KustomizationFileNames = new HashSet<string>(StringComparer.Ordinal)
        { "kustomization.yaml", "kustomization.yml", "Kustomization" };

    public static RepositoryInventory Scan(string repositoryRoot, IgnoreRules? ignore = null)
    {
        var root = Path.GetFullPath(repositoryRoot);
        ignore ??= IgnoreRules.Load(root);
        var findings = new List<Finding>();
        var found = new List<(string Relative, string Full, long Size)>();
        var folders = new Stack<string>();
        folders.Push(root);
        while (folders.Count > 0)
        {
            var folder = folders.Pop();
            foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                var relative = RepositoryPaths.Relative(root, entry.FullName);
                var isFolder = entry is DirectoryInfo;
                if (ignore.IsIgnored(relative, isFolder)) continue;
                if (entry.LinkTarget is not null)
                {
                    var target = entry.ResolveLinkTarget(returnFinalTarget: true)?.FullName;
                    if (target is null || !RepositoryPaths.IsInside(root, target))
                    {
                        findings.Add(new Finding(Stages.Parse, Severity.Error, SymlinkOutside,
                            $"symbolic link points outside the repository ({entry.LinkTarget}); tools would read files nobody reviews",
                            new SourceLocation(relative, 1, 1)));
                        continue;
                    }
                    if (isFolder) continue; // its target is inside the repository and is scanned there
                }
                if (isFolder)
                {
                    folders.Push(entry.FullName);
                }
                else if (IsYamlName(entry.Name))
                {
                    found.Add((relative, entry.FullName, ((FileInfo)entry).Length));
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

public static class RepositoryPaths
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
