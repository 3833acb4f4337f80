using Acolhimento.Validation.Configuration;
using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Tools;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

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
        var folder = $"{ClusterLayout.ClustersFolder}/{settings.Name}";
        var bootstrapFiles = context.Repository.Files.Where(f => RepositoryPaths.Folder(f.Path) == folder && f.File.Kind is FileKind.Manifest or FileKind.OtherYaml).ToList();
        // Argo CD applies every YAML file of the bootstrap folder, so YAML the parse stage left unjudged is judged here.
        foreach (var file in bootstrapFiles.Where(f => f.File.Kind == FileKind.OtherYaml && f.Problem is null))
        {
            foreach (var document in file.Documents.Where(d => d.Root is not (null or YamlScalar { IsNull: true })))
            {
                _findings.Add(new Finding(Stages.Render, Severity.Error, RenderRules.NotAnObject,
                    $"cluster {settings.Name}: document {document.Index + 1} of {file.Path} is not a Kubernetes object with a string apiVersion, kind and metadata.name; Argo CD cannot apply it",
                    new SourceLocation(file.Path, document.Root!.Start.Line, document.Root.Start.Column)));
            }
        }
        foreach (var refused in bootstrapFiles.Where(f => f.Problem is not null))
        {
            _findings.Add(new Finding(Stages.Render, Severity.Error, RenderRules.InputRefused,
                $"cluster {settings.Name}: {RefusedInput.Reason(context.Repository, refused.Path, "Argo CD")}", new SourceLocation(refused.Path, 1, 1)));
        }
        var bootstrap = bootstrapFiles.Where(f => f.Problem is null)
            .SelectMany(f => RenderedObjects.FromFile(f, settings.Name, ClusterLayout.BootstrapApplication))
            .ToList();
        _reached.Add(folder);
        _applications.Add(new RenderedApplication(ClusterLayout.BootstrapApplication, null, null, null, new SourceLocation(folder, 1, 1), null,
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
                    _findings.Add(item.Application.Object.Finding(Stages.Render, Severity.Error, RenderRules.Cycle,
                        $"Application {item.Application.Name} renders itself again through {string.Join(" → ", item.Ancestors.Append(item.Application.Name))}; Argo CD would loop"));
                    continue;
                }
                if (!rendered.Add(item.Application.Name)) continue; // rendered already; the duplicate object is reported below
                work.Add((item, RenderApplicationAsync(item, ct)));
            }
            var outputs = await Task.WhenAll(work.Select(w => w.Task));
            // Scope is known once the whole level is in: a CRD rendered by one Application decides for another's objects.
            var scope = new ClusterScope().With(_objects.Concat(outputs.SelectMany(o => o)).Select(o => o.Body));
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
        var ordered = _objects.OrderBy(o => o.Application == ClusterLayout.BootstrapApplication ? 0 : 1)
            .ThenBy(o => o.Application, StringComparer.Ordinal)
            .ThenBy(o => o.SyncWave)
            .ThenBy(o => SyncKindOrder.Of(o.Kind))
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
            lock (_findings) _findings.Add(app.Object.Finding(Stages.Render, Severity.Error, RenderRules.NoSources, $"Application {app.Name} has no spec.source or spec.sources", ObjectPath.Of("spec")));
        }
        var renders = new List<Task<SourceOutput>>();
        foreach (var source in app.Sources)
        {
            var url = source.RepoUrl;
            if (url is null)
            {
                lock (_findings) _findings.Add(app.Object.Finding(Stages.Render, Severity.Error, RenderRules.MissingRepoUrl, $"Application {app.Name}: source has no repoURL", source.At));
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
                item.Ancestors.LastOrDefault() ?? ClusterLayout.BootstrapApplication, app.Object.Location, app.Object, summaries));
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
            _external.Add(new ExternalChart(app.Name, source.RepoUrl!, source.Chart ?? source.Path ?? "", source.TargetRevision ?? "", app.Object.Locate(revisionPath), isChart));
            if (RevisionPins.Problem(source.TargetRevision, isChart) is { } problem)
            {
                _findings.Add(app.Object.Finding(Stages.Render, Severity.Error, RenderRules.Unpinned,
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
        // Objects named only by generateName get a fresh name from the API server each time: never the same object.
        foreach (var group in _objects.Where(o => o.Metadata?.String("name") is not null).GroupBy(o => o.Id.Identity, StringComparer.Ordinal))
        {
            var list = group.ToList();
            for (var i = 1; i < list.Count; i++)
            {
                var first = list[0];
                var where = first.Application == list[i].Application ? $"twice by Application {first.Application}" : $"by Applications {first.Application} and {list[i].Application}";
                _findings.Add(list[i].Finding(Stages.Render, Severity.Error, RenderRules.Duplicate,
                    $"{list[i].Id} is rendered {where} (first at {first.Location}); Argo CD would fight over it"));
            }
        }
    }
}
