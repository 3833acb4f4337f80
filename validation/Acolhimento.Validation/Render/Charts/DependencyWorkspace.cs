using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Parsing;

namespace Acolhimento.Validation.Render.Charts;

/// <summary>
/// Renders a chart whose dependencies are not vendored as Argo CD does after <c>helm dependency build</c>: in a copy of
/// the repository (never the repository itself) each dependency is placed in the chart's <c>charts/</c> folder — a
/// <c>file://</c> one copied from the repository, any other unpacked from the chart cache (digest checked, untrusted-input
/// limits) — then <see cref="HelmRenderer"/> runs there. A dependency the cache lacks fails the source with one finding
/// per dependency naming it, never Helm's raw hint.
/// </summary>
internal static class DependencyWorkspace
{
    private const string Unpacked = ".acolhimento-dependencies";

    public static async Task<SourceOutput> RenderAsync(RenderContext context, SourceRequest request, UnvendoredDependencies dependencies, CancellationToken ct)
    {
        var (app, cluster) = (request.Application, request.Cluster);
        Finding Error(string rule, SourceLocation at, string message) => new(Stages.Render, Severity.Error, rule, $"Application {app.Name}: {message}", at, cluster, app.Name);
        var findings = dependencies.Problems.Select(p => Error(RenderRules.DependencyNotCached, p.At, $"not checked: {p.Problem}")).ToList();
        var placements = new List<(ChartDependency Dependency, string? LocalFolder, byte[]? Archive)>();
        foreach (var dependency in dependencies.Missing)
        {
            if (dependency.Repository.StartsWith("file://", StringComparison.Ordinal))
            {
                var local = RepositoryPaths.Combine(request.Folder, dependency.Repository["file://".Length..]);
                if (local is null || !File.Exists(Path.Combine(context.Repository.Root, local, "Chart.yaml")) || context.Repository.Resolve(local) is { Refused: true })
                    findings.Add(Error(RenderRules.MissingResource, dependency.DeclaredAt, $"dependency {dependency.Name} names {dependency.Repository}, which is no chart folder of this repository"));
                else placements.Add((dependency, local, null));
                continue;
            }
            if (dependency.Repository.StartsWith('@') || dependency.Repository.StartsWith("alias:", StringComparison.Ordinal))
            {
                findings.Add(Error(RenderRules.DependencyNotCached, dependency.DeclaredAt,
                    $"not checked: dependency {dependency.Name}@{dependency.Version} names repository {dependency.Repository} by its Helm alias, which only Argo CD's repository settings resolve; write its URL"));
                continue;
            }
            var located = context.Charts.Locate(new ArchiveRequest(ArchiveKind.Chart, dependency.Repository, dependency.Name, dependency.Version));
            if (located.Content is { } archive) placements.Add((dependency, null, archive));
            else findings.Add(Error(RenderRules.DependencyNotCached, dependency.DeclaredAt,
                $"not checked: dependency {dependency.Name}@{dependency.Version} not in the chart cache ({located.Missing}); run charts pull"));
        }
        if (findings.Count > 0) return SourceOutput.Failed([.. findings]);

        using var workspace = RenderWorkspace.Create(context.Repository);
        var charts = Path.Combine(workspace.PathOf(request.Folder), "charts");
        Directory.CreateDirectory(charts);
        for (var i = 0; i < placements.Count; i++)
        {
            var (dependency, local, archive) = placements[i];
            var target = FreeName(charts, dependency.Name);
            if (local is not null)
            {
                CopyFolder(workspace.PathOf(local), target);
                continue;
            }
            var scratch = workspace.PathOf($"{Unpacked}/{i}");
            var (folder, problem) = ChartUnpacking.Unpack(archive!, scratch, dependency.Name);
            if (problem is not null)
                return SourceOutput.Failed(Error(RenderRules.ArchiveRefused, dependency.DeclaredAt, $"dependency {dependency.Name}@{dependency.Version} from the chart cache cannot be used: {problem}; the chart is not rendered"));
            Directory.Move(Path.Combine(scratch, folder!), target);
        }
        if (Directory.Exists(workspace.PathOf(Unpacked))) Directory.Delete(workspace.PathOf(Unpacked), recursive: true);
        var tree = ParseStage.Run(RepositoryScanner.Scan(workspace.Root)).Repository;
        return await new HelmRenderer(context.Over(tree)).RenderAsync(app, request.Source, request.Folder, cluster, request.KubernetesVersion, ct);
    }

    private static string FreeName(string folder, string name)
    {
        var candidate = Path.Combine(folder, name);
        for (var n = 2; Directory.Exists(candidate) || File.Exists(candidate); n++) candidate = Path.Combine(folder, $"{name}-{n}");
        return candidate;
    }

    /// <summary>Copies a chart folder of the workspace (links inside the repository were recreated as links; they are copied as what they point to, within the workspace).</summary>
    private static void CopyFolder(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, entry.FullName));
            if (entry is DirectoryInfo) Directory.CreateDirectory(destination);
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                File.Copy(entry.FullName, destination);
            }
        }
    }
}
