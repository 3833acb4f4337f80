using Acolhimento.Validation.Configuration;
using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Tools;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

public sealed record RenderStatistics(int ToolRuns, int CacheHits);

public sealed record RenderResult(IReadOnlyList<RenderedCluster> Clusters, IReadOnlyList<Finding> Findings, RenderStatistics Statistics)
{
    /// <summary>Clusters whose object set may be incomplete, each with the render finding that says why (<see cref="IncompleteRender"/>).</summary>
    public IReadOnlyDictionary<string, Finding> FailedClusters { get; } = IncompleteRender.FailedClusters(Findings);
}

/// <summary>
/// Render stage: computes, offline, what Argo CD would apply to each cluster — starting from <c>clusters/&lt;name&gt;/</c>,
/// rendering every Application source and following the Applications it renders (app of apps) — with every object
/// traced to the repository line it came from.
/// </summary>
public sealed class RenderStage(IProcessRunner runner, RenderCache? cache = null, RenderOptions? options = null, ToolCache? toolCache = null, IRevisionCheckout? revisions = null)
{
    public async Task<RenderResult> RunAsync(ParsedRepository repository, RepositoryConfiguration configuration, IReadOnlyList<string> clusterFilter, CancellationToken ct = default)
    {
        var context = new RenderContext(repository, configuration, runner,
            new ToolResolver(runner, configuration.Tools, toolCache ?? ToolCache.Default()), cache, options ?? RenderOptions.Default, revisions);
        var findings = new List<Finding>();
        var folders = ClusterLayout.ClusterNames(repository.Root, configuration);
        foreach (var name in clusterFilter.Where(n => !folders.Contains(n)))
            throw new CannotValidateException($"cluster {name} not found: the clusters are {string.Join(", ", folders)}");
        foreach (var declared in configuration.Clusters)
        {
            foreach (var entry in configuration.EntryPoints(declared).Where(e => !Directory.Exists(Path.Combine(repository.Root, e))))
            {
                findings.Add(new Finding(Stages.Render, Severity.Error, RenderRules.MissingClusterFolder,
                    declared.EntryPoints.Count == 0 ? $"cluster {declared.Name} is declared but {entry}/ does not exist" : $"entry point {entry}/ of cluster {declared.Name} does not exist",
                    new SourceLocation(RepositoryConfiguration.FileName, 1, 1), declared.Name));
            }
        }
        folders = folders.Where(f => configuration.Cluster(f) is not { } c || configuration.EntryPoints(c).All(e => Directory.Exists(Path.Combine(repository.Root, e)))).ToList();

        var selected = folders.Where(f => clusterFilter.Count == 0 || clusterFilter.Contains(f)).ToList();
        var renders = selected.Select(async name =>
        {
            if (configuration.Cluster(name) is not { } settings)
            {
                return (Cluster: (RenderedCluster?)null, Findings: (IReadOnlyList<Finding>)[new Finding(Stages.Render, Severity.Error, RenderRules.UndeclaredCluster,
                    $"{ClusterLayout.ClustersFolder}/{name}/ is not declared in {RepositoryConfiguration.FileName} (its Kubernetes version is needed)",
                    new SourceLocation(RepositoryConfiguration.FileName, 1, 1), name)], Reached: (IReadOnlySet<string>)new HashSet<string>());
            }
            var (cluster, clusterFindings, reached) = await new ClusterRender(context, settings).RunAsync(ct);
            return (Cluster: (RenderedCluster?)cluster, Findings: clusterFindings, Reached: reached);
        }).ToList();
        var results = await Task.WhenAll(renders);
        foreach (var r in results) findings.AddRange(r.Findings);
        var clusters = results.Select(r => r.Cluster).OfType<RenderedCluster>().OrderBy(c => c.Name, StringComparer.Ordinal).ToList();

        // Dead configuration is judged only when every cluster was rendered completely: a failed render leaves
        // folders unreached that are not dead, and the failure itself already fails the gate.
        if (clusterFilter.Count == 0 && !findings.Any(f => f.Severity == Severity.Error))
        {
            var reached = results.SelectMany(r => r.Reached).ToHashSet(StringComparer.Ordinal);
            findings.AddRange(DeadConfiguration(repository, reached, FluxObjects.Folders(repository)));
        }
        if (FluxObjects.Finding(repository) is { } flux) findings.Add(flux);
        return new RenderResult(clusters, findings, new RenderStatistics(context.ToolRuns, context.CacheHits));
    }

    /// <summary>Kustomizations and charts of the repository that no Application of any cluster reaches and Flux does not read.</summary>
    private static IEnumerable<Finding> DeadConfiguration(ParsedRepository repository, IReadOnlySet<string> reached, IReadOnlyList<string> fluxFolders)
    {
        bool UnderReachedChart(string folder) => reached.Any(r => folder.StartsWith(r + "/charts/", StringComparison.Ordinal));
        foreach (var file in repository.Files.Where(f => f.File.Kind is FileKind.Kustomization or FileKind.HelmChart))
        {
            var folder = RepositoryPaths.Folder(file.Path);
            if (reached.Contains(folder) || UnderReachedChart(folder) || fluxFolders.Any(f => FluxObjects.Covers(f, folder))) continue; // Flux reads it
            var what = file.File.Kind == FileKind.HelmChart ? "chart" : "kustomization";
            yield return new Finding(Stages.Render, Severity.Warning, RenderRules.Dead,
                $"{what} {folder}/ is not rendered by any Application of any cluster: dead configuration that reviewers still have to read",
                new SourceLocation(file.Path, 1, 1));
        }
    }
}
