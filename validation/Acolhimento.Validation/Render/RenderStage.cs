using Acolhimento.Validation.Configuration;
using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Render.Helm;
using Acolhimento.Validation.Tools;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

public sealed record RenderStatistics(int ToolRuns, int CacheHits);

public sealed record RenderResult(IReadOnlyList<RenderedCluster> Clusters, IReadOnlyList<Finding> Findings, RenderStatistics Statistics)
{
    /// <summary>Clusters whose object set may be incomplete, each with the render finding that says why (<see cref="IncompleteRender"/>).</summary>
    public IReadOnlyDictionary<string, Finding> FailedClusters { get; } = IncompleteRender.FailedClusters(Findings);

    /// <summary>Charts and remote bases the render needed and the chart cache did not hold (what <c>charts pull</c> fetches).</summary>
    public IReadOnlyList<Charts.ArchiveRequest> MissingArchives { get; init; } = [];
}

/// <summary>
/// Render stage: computes, offline, what Argo CD would apply to each cluster — starting from <c>clusters/&lt;name&gt;/</c>,
/// rendering every Application source and following the Applications it renders (app of apps) — with every object
/// traced to the repository line it came from.
/// </summary>
/// <param name="schemaDirectory">Schema data (<c>--schemas</c>; else <c>$ACOLHIMENTO_SCHEMA_DIR</c> or the user cache): Helm's <c>--api-versions</c> come from it.</param>
/// <param name="revisions">Checks out other revisions of this repository that an Application's targetRevision names.</param>
internal sealed class RenderStage(IProcessRunner runner, RenderCache? cache = null, RenderOptions? options = null, ToolCache? toolCache = null, string? schemaDirectory = null, IRevisionCheckout? revisions = null, Charts.ChartStore? chartStore = null)
{
    /// <summary>Renders of one cluster at most: each further one only when the previous installed CRDs Helm was not told about.</summary>
    private const int MaxCapabilityPasses = 3;

    /// <param name="shard">Only the clusters of this share (<c>--shard K/N</c>); the judgements across clusters (dead configuration) are made as if they were all, for <see cref="Reporting.ShardMerge"/> to combine.</param>
    public async Task<RenderResult> RunAsync(ParsedRepository repository, RepositoryConfiguration configuration, IReadOnlyList<string> clusterFilter, CancellationToken ct = default, ClusterShard? shard = null)
    {
        var tools = new ToolResolver(runner, configuration.Tools, toolCache ?? ToolCache.Default());
        var capabilities = new CapabilitySource(schemaDirectory).ForClusters(configuration);
        var charts = new Charts.ChartSources(Charts.ChartLock.Load(repository.Root), chartStore ?? Charts.ChartStore.Default());
        var context = new RenderContext(repository, configuration, runner, tools, cache, options ?? RenderOptions.Default, capabilities, revisions, charts);
        var extraContexts = new System.Collections.Concurrent.ConcurrentBag<RenderContext>();
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

        var selected = folders.Where(f => (clusterFilter.Count == 0 || clusterFilter.Contains(f)) && (shard?.Takes(f) ?? true)).ToList();
        var renders = selected.Select(async name =>
        {
            if (configuration.Cluster(name) is not { } settings)
            {
                return (Cluster: (RenderedCluster?)null, Findings: (IReadOnlyList<Finding>)[new Finding(Stages.Render, Severity.Error, RenderRules.UndeclaredCluster,
                    $"{ClusterLayout.ClustersFolder}/{name}/ is not declared in {RepositoryConfiguration.FileName} (its Kubernetes version is needed)",
                    new SourceLocation(RepositoryConfiguration.FileName, 1, 1), name)], Reached: (IReadOnlySet<string>)new HashSet<string>());
            }
            var (cluster, clusterFindings, reached) = await new ClusterRender(context, settings).RunAsync(ct);
            // Argo CD tells Helm the APIs the live cluster serves, CRDs installed by this very render included: render
            // again, telling Helm, until no CRD is new (a chart may install one only behind a capability check).
            for (var (pass, told) = (1, (ClusterCapabilities?)null); pass < MaxCapabilityPasses && RendersHelm(cluster); pass++)
            {
                told ??= context.Capabilities(name);
                var after = told.With(ClusterCapabilities.Installed(cluster.Objects.Select(o => o.Body)));
                if (ReferenceEquals(after, told)) break;
                told = after;
                var passContext = new RenderContext(repository, configuration, runner, tools, cache, options ?? RenderOptions.Default, n => n == name ? after : capabilities(n), revisions, charts);
                extraContexts.Add(passContext);
                (cluster, clusterFindings, reached) = await new ClusterRender(passContext, settings).RunAsync(ct);
            }
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
        return new RenderResult(clusters, findings, new RenderStatistics(context.ToolRuns + extraContexts.Sum(c => c.ToolRuns), context.CacheHits + extraContexts.Sum(c => c.CacheHits)))
        {
            MissingArchives = charts.Missing,
        };
    }

    /// <summary>True when some Application of the cluster renders a chart of this repository: only Helm is told the cluster's APIs.</summary>
    private static bool RendersHelm(RenderedCluster cluster) =>
        cluster.Applications.Any(a => a.Sources.Any(s => s.Type == "Helm" && !s.External));

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
