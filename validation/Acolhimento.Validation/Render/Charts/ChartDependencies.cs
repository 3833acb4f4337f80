using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render.Charts;

/// <summary>
/// A dependency of a chart that is not vendored in its <c>charts/</c> folder: its name, the exact version
/// <c>Chart.lock</c> (<c>requirements.lock</c>) pins, its repository, and the line of the chart file that declares it.
/// </summary>
internal sealed record ChartDependency(string Name, string Version, string Repository, SourceLocation DeclaredAt);

/// <summary>A chart's dependencies to place before Helm runs, or why they cannot be resolved offline.</summary>
internal sealed record UnvendoredDependencies(IReadOnlyList<ChartDependency> Missing, IReadOnlyList<(SourceLocation At, string Problem)> Problems);

/// <summary>
/// Which dependencies Helm would find missing: Helm checks every dependency its chart file declares (conditions and tags
/// do not matter) against the subcharts loaded from <c>charts/</c>, by chart name, and fails with "found in Chart.yaml,
/// but missing in charts/ directory"; Argo CD then runs <c>helm dependency build</c>, which fetches the versions the lock
/// file pins. Here those versions come from the chart cache instead (<see cref="DependencyWorkspace"/>); a dependency the
/// lock does not pin cannot be resolved without the network and is said so.
/// </summary>
internal static partial class ChartDependencies
{
    public static UnvendoredDependencies Of(string repositoryRoot, string chartFolder)
    {
        var chartFile = $"{chartFolder}/Chart.yaml".TrimStart('/');
        var chart = Read(repositoryRoot, chartFile);
        // apiVersion v1 charts declare them in requirements.yaml and pin them in requirements.lock.
        var (declaredIn, lockFile) = chart?.Sequence("dependencies") is { Items.Count: > 0 }
            ? (chartFile, $"{chartFolder}/Chart.lock".TrimStart('/'))
            : ($"{chartFolder}/requirements.yaml".TrimStart('/'), $"{chartFolder}/requirements.lock".TrimStart('/'));
        var declared = (declaredIn == chartFile ? chart : Read(repositoryRoot, declaredIn))?.Sequence("dependencies")?.Items.OfType<YamlMapping>().ToList() ?? [];
        if (declared.Count == 0) return new([], []);
        var vendored = Vendored(repositoryRoot, chartFolder);
        var locked = Read(repositoryRoot, lockFile)?.Sequence("dependencies")?.Items.OfType<YamlMapping>().ToList() ?? [];
        var missing = new List<ChartDependency>();
        var problems = new List<(SourceLocation, string)>();
        foreach (var dependency in declared)
        {
            var at = new SourceLocation(declaredIn, dependency.Start.Line, dependency.Start.Column);
            if (dependency.String("name") is not { Length: > 0 } name)
            {
                problems.Add((at, $"a dependency in {declaredIn} has no name; Helm refuses the chart"));
                continue;
            }
            if (vendored.Contains(name)) continue;
            var pin = locked.FirstOrDefault(l => l.String("name") == name);
            if (pin?.String("version") is not { Length: > 0 } version || pin.String("repository") is not { } repository)
            {
                problems.Add((at, $"dependency {name} is not vendored in {chartFolder}/charts/ and {lockFile} pins no version of it; Argo CD's helm dependency build would resolve "
                    + $"\"{dependency.String("version")}\" from the network. Commit the lock file (helm dependency update), then run charts pull"));
                continue;
            }
            missing.Add(new ChartDependency(name, version, repository, at));
        }
        return new(missing, problems);
    }

    /// <summary>Names of the subcharts Helm loads from <c>charts/</c>: folders by the name in their Chart.yaml, archives by their file name (<c>name-version.tgz</c>).</summary>
    private static HashSet<string> Vendored(string repositoryRoot, string chartFolder)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var charts = Path.Combine(repositoryRoot, chartFolder, "charts");
        if (!Directory.Exists(charts)) return names;
        foreach (var entry in new DirectoryInfo(charts).EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo && Read(repositoryRoot, RepositoryPaths.Relative(repositoryRoot, Path.Combine(entry.FullName, "Chart.yaml")))?.String("name") is { } name) names.Add(name);
            else if (entry is FileInfo && ArchiveName().Match(entry.Name) is { Success: true } archive) names.Add(archive.Groups[1].Value);
        }
        return names;
    }

    private static YamlMapping? Read(string repositoryRoot, string relativePath)
    {
        var path = Path.Combine(repositoryRoot, relativePath);
        var info = new FileInfo(path);
        if (!info.Exists || info.Length > 1024 * 1024) return null;
        return YamlReader.Read(File.ReadAllText(path)).Documents.FirstOrDefault()?.Root as YamlMapping;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(.+?)-v?[0-9][^/]*\.tgz$")]
    private static partial System.Text.RegularExpressions.Regex ArchiveName();
}
