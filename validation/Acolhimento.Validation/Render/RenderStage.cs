using Acolhimento.Validation.Configuration;
using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Tools;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

public sealed record RenderStatistics(int ToolRuns, int CacheHits);

public sealed record RenderResult(IReadOnlyList<RenderedCluster> Clusters, IReadOnlyList<Finding> Findings, RenderStatistics Statistics);

/// <summary>
/// Render stage: computes, offline, what Argo CD would apply to each cluster — starting from <c>clusters/&lt;name&gt;/</c>,
/// rendering every Application source and following the Applications it renders (app of apps) — with every object
/// traced to the repository line it came from.
/// </summary>
public sealed class RenderStage(IProcessRunner runner, RenderCache? cache = null, RenderOptions? options = null, ToolCache? toolCache = null)
{
    public const string ClustersFolder = "clusters";
    public const string BootstrapApplication = "bootstrap";
    public const string UndeclaredCluster = "render/undeclared-cluster";
    public const string MissingClusterFolder = "render/missing-cluster-folder";
    public const string Cycle = "render/application-cycle";
    public const string Unpinned = "render/unpinned-external-source";
    public const string Duplicate = "render/duplicate-object";
    public const string Dead = "render/dead-configuration";
    public const string MissingRepoUrl = "render/missing-repo-url";
    public const string UnsupportedGenerator = "render/unsupported-generator";
    public const string NoSources = "render/no-sources";

    public async Task<RenderResult> RunAsync(ParsedRepository repository, RepositoryConfiguration configuration, IReadOnlyList<string> clusterFilter, CancellationToken ct = default)
    {
        var context = new RenderContext(repository, configuration, runner,
            new ToolResolver(runner, configuration.Tools, toolCache ?? ToolCache.Default()), cache, options ?? RenderOptions.Default);
        var findings = new List<Finding>();
        var folders = ClusterFolders(repository.Root);
        foreach (var name in clusterFilter.Where(n => !folders.Contains(n)))
            throw new CannotValidateException($"cluster {name} not found: the clusters are {string.Join(", ", folders)}");
        foreach (var declared in configuration.Clusters.Where(c => !folders.Contains(c.Name)))
            findings.Add(new Finding(Stages.Render, Severity.Error, MissingClusterFolder, $"cluster {declared.Name} is declared but {ClustersFolder}/{declared.Name}/ does not exist",
                new SourceLocation(RepositoryConfiguration.FileName, 1, 1), declared.Name));

        var selected = folders.Where(f => clusterFilter.Count == 0 || clusterFilter.Contains(f)).ToList();
        var renders = selected.Select(async name =>
        {
            if (configuration.Cluster(name) is not { } settings)
            {
                return (Cluster: (RenderedCluster?)null, Findings: (IReadOnlyList<Finding>)[new Finding(Stages.Render, Severity.Error, UndeclaredCluster,
                    $"{ClustersFolder}/{name}/ is not declared in {RepositoryConfiguration.FileName} (its Kubernetes version is needed)",
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
            findings.AddRange(DeadConfiguration(repository, reached));
        }
        findings.Sort(FindingOrder.Instance);
        return new RenderResult(clusters, findings, new RenderStatistics(context.ToolRuns, context.CacheHits));
    }

    public static IReadOnlyList<string> ClusterFolders(string repositoryRoot)
    {
        var folder = Path.Combine(repositoryRoot, ClustersFolder);
        return Directory.Exists(folder)
            ? Directory.EnumerateDirectories(folder).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList()
            : [];
    }

    /// <summary>Kustomizations and charts of the repository that no Application of any cluster reaches.</summary>
    private static IEnumerable<Finding> DeadConfiguration(ParsedRepository repository, IReadOnlySet<string> reached)
    {
        bool UnderReachedChart(string folder) => reached.Any(r => folder.StartsWith(r + "/charts/", StringComparison.Ordinal));
        foreach (var file in repository.Files.Where(f => f.File.Kind is FileKind.Kustomization or FileKind.HelmChart))
        {
            var folder = RepositoryPaths.Folder(file.Path);
            if (reached.Contains(folder) || UnderReachedChart(folder)) continue;
            var what = file.File.Kind == FileKind.HelmChart ? "chart" : "kustomization";
            yield return new Finding(Stages.Render, Severity.Warning, Dead,
                $"{what} {folder}/ is not rendered by any Application of any cluster: dead configuration that reviewers still have to read",
                new SourceLocation(file.Path, 1, 1));
        }
    }
}

/// <summary>Renders one cluster: the bootstrap folder, then every Application reached from it, level by level.</summary>
internal sealed class ClusterRender(RenderContext context, ClusterSettings settings)
{
    private readonly List<Finding> _findings = [];
    private readonly HashSet<string> _reached = new(StringComparer.Ordinal);
    private readonly List<RenderedApplication> _applications = [];
    private readonly List<RenderedObject> _objects = [];
    private readonly List<ExternalChart> _external = [];

    private sealed record Pending(ApplicationDefinition Application, IReadOnlyList<string> Ancestors);

    public async Task<(RenderedCluster, IReadOnlyList<Finding>, IReadOnlySet<string>)> RunAsync(CancellationToken ct)
    {
        var folder = $"{RenderStage.ClustersFolder}/{settings.Name}";
        var bootstrap = context.Repository.Files
            .Where(f => RepositoryPaths.Folder(f.Path) == folder && f.File.Kind == FileKind.Manifest)
            .SelectMany(f => RenderedObjects.FromFile(f, settings.Name, RenderStage.BootstrapApplication))
            .ToList();
        _reached.Add(folder);
        _applications.Add(new RenderedApplication(RenderStage.BootstrapApplication, null, null, null, new SourceLocation(folder, 1, 1), null,
            [new ApplicationSourceSummary("Directory", "", folder, null, null, External: false)]));
        _objects.AddRange(bootstrap);

        var rendered = new HashSet<string>(StringComparer.Ordinal);
        var level = Children(bootstrap, []).ToList();
        while (level.Count > 0)
        {
            var next = new List<Pending>();
            var work = new List<(Pending Item, Task<IReadOnlyList<RenderedObject>> Task)>();
            foreach (var item in level)
            {
                if (item.Ancestors.Contains(item.Application.Name))
                {
                    _findings.Add(item.Application.Object.Finding(Stages.Render, Severity.Error, RenderStage.Cycle,
                        $"Application {item.Application.Name} renders itself again through {string.Join(" → ", item.Ancestors.Append(item.Application.Name))}; Argo CD would loop"));
                    continue;
                }
                if (!rendered.Add(item.Application.Name)) continue; // rendered already; the duplicate object is reported below
                work.Add((item, RenderApplicationAsync(item, ct)));
            }
            var outputs = await Task.WhenAll(work.Select(w => w.Task));
            // Scope is known once the whole level is in: a CRD rendered by one Application decides for another's objects.
            var scope = new ClusterScope().With(_objects.Concat(outputs.SelectMany(o => o)));
            for (var i = 0; i < work.Count; i++)
            {
                var item = work[i].Item;
                var placed = outputs[i].Select(o => WithDestinationNamespace(o, item.Application, scope)).ToList();
                _objects.AddRange(placed);
                next.AddRange(Children(placed, [.. item.Ancestors, item.Application.Name]));
            }
            level = next;
        }

        ReportDuplicates();
        var ordered = _objects.OrderBy(o => o.Application == RenderStage.BootstrapApplication ? 0 : 1)
            .ThenBy(o => o.Application, StringComparer.Ordinal)
            .ThenBy(o => o.SyncWave)
            .ThenBy(o => KindOrder.Of(o.Kind))
            .ThenBy(o => o.Kind, StringComparer.Ordinal)
            .ThenBy(o => o.Namespace ?? "", StringComparer.Ordinal)
            .ThenBy(o => o.Name, StringComparer.Ordinal)
            .ToList();
        var cluster = new RenderedCluster(settings.Name, settings.KubernetesVersion,
            _applications.OrderBy(a => a.Name, StringComparer.Ordinal).ToList(), ordered,
            _external.OrderBy(e => e.Application, StringComparer.Ordinal).ThenBy(e => e.Chart, StringComparer.Ordinal).ToList());
        return (cluster, _findings.Select(f => f with { Cluster = settings.Name }).ToList(), _reached);
    }

    private IEnumerable<Pending> Children(IEnumerable<RenderedObject> objects, IReadOnlyList<string> ancestors)
    {
        foreach (var o in objects)
        {
            if (ApplicationDefinition.IsApplication(o)) yield return new Pending(ApplicationDefinition.From(o), ancestors);
            else if (ApplicationDefinition.IsApplicationSet(o))
            {
                var (applications, problems) = ApplicationSetExpander.Expand(o);
                _findings.AddRange(problems);
                foreach (var app in applications) yield return new Pending(ApplicationDefinition.From(app), ancestors);
            }
        }
    }

    private async Task<IReadOnlyList<RenderedObject>> RenderApplicationAsync(Pending item, CancellationToken ct)
    {
        var app = item.Application;
        var summaries = new List<ApplicationSourceSummary>();
        var objects = new List<RenderedObject>();
        if (app.Sources.Count == 0)
        {
            lock (_findings) _findings.Add(app.Object.Finding(Stages.Render, Severity.Error, RenderStage.NoSources, $"Application {app.Name} has no spec.source or spec.sources", ObjectPath.Of("spec")));
        }
        var renders = new List<Task<SourceOutput>>();
        foreach (var source in app.Sources)
        {
            var url = source.RepoUrl;
            if (url is null)
            {
                lock (_findings) _findings.Add(app.Object.Finding(Stages.Render, Severity.Error, RenderStage.MissingRepoUrl, $"Application {app.Name}: source has no repoURL", source.At));
                continue;
            }
            if (!context.Configuration.IsThisRepository(url))
            {
                RecordExternal(app, source, summaries);
                continue;
            }
            if (source.Ref is not null && source.Path is null)
            {
                summaries.Add(new ApplicationSourceSummary("Ref", url, null, null, source.TargetRevision, External: false));
                continue; // a values-only source: its files are read through $ref value files
            }
            summaries.Add(new ApplicationSourceSummary(SourceType(source), url, source.Path, null, source.TargetRevision, External: false));
            renders.Add(new SourceRenderer(context).RenderAsync(app, source, settings.Name, settings.KubernetesVersion, ct));
        }
        foreach (var output in await Task.WhenAll(renders))
        {
            lock (_findings)
            {
                _findings.AddRange(output.Findings);
                foreach (var f in output.ReachedFolders) _reached.Add(f);
            }
            objects.AddRange(output.Objects);
        }
        lock (_applications)
        {
            _applications.Add(new RenderedApplication(app.Name, app.Project, app.DestinationNamespace,
                item.Ancestors.LastOrDefault() ?? RenderStage.BootstrapApplication, app.Object.Location, app.Object, summaries));
        }
        return objects;
    }

    private string SourceType(SourceDefinition source)
    {
        var folder = source.Path is null ? null : RepositoryPaths.Combine("", source.Path);
        if (folder is null) return "Unknown";
        if (File.Exists(Path.Combine(context.Repository.Root, folder, "Chart.yaml"))) return "Helm";
        return KustomizeSafety.FindKustomization(context.Repository, folder) is not null ? "Kustomize" : "Directory";
    }

    private void RecordExternal(ApplicationDefinition app, SourceDefinition source, List<ApplicationSourceSummary> summaries)
    {
        var isChart = source.Chart is not null;
        summaries.Add(new ApplicationSourceSummary(isChart ? "Helm" : "Git", source.RepoUrl!, source.Path, source.Chart, source.TargetRevision, External: true));
        var revisionPath = source.At.Key("targetRevision");
        lock (_findings)
        {
            _external.Add(new ExternalChart(app.Name, source.RepoUrl!, source.Chart ?? source.Path ?? "", source.TargetRevision ?? "", app.Object.Locate(revisionPath)));
            if (RevisionPins.Problem(source.TargetRevision, isChart) is { } problem)
            {
                _findings.Add(app.Object.Finding(Stages.Render, Severity.Error, RenderStage.Unpinned,
                    $"Application {app.Name}: external {(isChart ? $"chart {source.Chart}" : $"source {source.Path}")} from {source.RepoUrl}: {problem}",
                    source.TargetRevision is null ? source.At : revisionPath));
            }
        }
    }

    /// <summary>Argo CD puts namespaced objects without a namespace into the Application's destination namespace.</summary>
    private static RenderedObject WithDestinationNamespace(RenderedObject o, ApplicationDefinition app, ClusterScope scope)
    {
        if (o.Namespace is not null || app.DestinationNamespace is not { } ns || scope.IsClusterScoped(o.Id.Group, o.Kind)) return o;
        var body = o.Body.WithMetadata("namespace", ns);
        var setBy = new FieldOverride(ObjectPath.Of("metadata", "namespace"), app.Object.Locate(ObjectPath.Of("spec", "destination", "namespace")));
        return o with
        {
            Id = o.Id with { Namespace = ns },
            Body = body,
            Provenance = o.Provenance with { Overrides = [.. o.Provenance.Overrides, setBy] },
        };
    }

    private void ReportDuplicates()
    {
        foreach (var group in _objects.GroupBy(o => o.Id.Identity, StringComparer.Ordinal))
        {
            var list = group.ToList();
            for (var i = 1; i < list.Count; i++)
            {
                var first = list[0];
                var where = first.Application == list[i].Application ? $"twice by Application {first.Application}" : $"by Applications {first.Application} and {list[i].Application}";
                _findings.Add(list[i].Finding(Stages.Render, Severity.Error, RenderStage.Duplicate,
                    $"{list[i].Id} is rendered {where} (first at {first.Location}); Argo CD would fight over it"));
            }
        }
    }
}

/// <summary>The order Argo CD applies kinds in within one sync wave (namespaces and definitions first).</summary>
public static class KindOrder
{
    private static readonly string[] Order =
    [
        "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange", "PodSecurityPolicy", "PodDisruptionBudget", "ServiceAccount", "Secret",
        "SecretList", "ConfigMap", "StorageClass", "PersistentVolume", "PersistentVolumeClaim", "CustomResourceDefinition", "ClusterRole",
        "ClusterRoleList", "ClusterRoleBinding", "ClusterRoleBindingList", "Role", "RoleList", "RoleBinding", "RoleBindingList", "Service",
        "DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment", "HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob",
        "IngressClass", "Ingress", "APIService",
    ];

    public static int Of(string kind)
    {
        var index = Array.IndexOf(Order, kind);
        return index < 0 ? Order.Length : index;
    }
}
