using Acolhimento.Validation.Configuration;
using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Tools;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

/// <summary>
/// Renders one cluster: the bootstrap folder, then every Application reached from it, level by level. The Applications
/// of a level render concurrently; each hands back its own immutable <see cref="ApplicationOutput"/>, merged in the
/// level's order once all are in, so the result never depends on which render finished first.
/// </summary>
internal sealed class ClusterRender(RenderContext context, ClusterSettings settings)
{
    private readonly List<Finding> _findings = [];
    private readonly HashSet<string> _reached = new(StringComparer.Ordinal);
    private readonly List<RenderedApplication> _applications = [];
    private readonly List<RenderedObject> _objects = [];
    private readonly List<ExternalChart> _external = [];

    private sealed record Pending(ApplicationDefinition Application, IReadOnlyList<string> Ancestors);

    /// <summary>What rendering one Application produced; built by its task alone and never changed after.</summary>
    private sealed record ApplicationOutput(
        RenderedApplication Application,
        IReadOnlyList<RenderedObject> Objects,
        IReadOnlyList<Finding> Findings,
        IReadOnlySet<string> Reached,
        IReadOnlyList<ExternalChart> External);

    public async Task<(RenderedCluster, IReadOnlyList<Finding>, IReadOnlySet<string>)> RunAsync(CancellationToken ct)
    {
        var entries = context.Configuration.EntryPoints(settings);
        var bootstrap = new List<RenderedObject>();
        var roots = new List<Pending>();
        foreach (var entry in entries)
        {
            if (EntryApplication(entry) is { } root) roots.Add(new Pending(root, []));
            else bootstrap.AddRange(BootstrapFolder(entry));
            _reached.Add(entry);
        }
        _applications.Add(new RenderedApplication(ClusterLayout.BootstrapApplication, null, null, null, new SourceLocation(entries[0], 1, 1), null,
            entries.Select(e => new ApplicationSourceSummary("Directory", "", e, null, null, External: false)).ToList()));
        _objects.AddRange(bootstrap);

        var rendered = new HashSet<string>(StringComparer.Ordinal);
        var level = roots.Concat(Children(bootstrap, [])).ToList();
        while (level.Count > 0)
        {
            var next = new List<Pending>();
            var work = new List<(Pending Item, Task<ApplicationOutput> Task)>();
            foreach (var item in level)
            {
                var identity = item.Application.Identity;
                if (item.Ancestors.Contains(identity))
                {
                    _findings.Add(item.Application.Object.Finding(Stages.Render, Severity.Error, RenderRules.Cycle,
                        $"Application {identity} renders itself again through {string.Join(" → ", item.Ancestors.Append(identity))}; Argo CD would loop"));
                    continue;
                }
                if (!rendered.Add(identity)) continue; // rendered already (namespace and name); the duplicate object is reported below
                if (Unwatched(item.Application) is { } unwatched)
                {
                    _findings.Add(unwatched);
                    continue;
                }
                var destination = DestinationClusters.Resolve(item.Application, settings);
                if (destination.Problem is { } refused)
                {
                    _findings.Add(refused);
                    continue;
                }
                work.Add((item, RenderApplicationAsync(item, destination.Cluster, ct)));
            }
            var outputs = await Task.WhenAll(work.Select(w => w.Task));
            // Scope is known once the whole level is in: a CRD rendered by one Application decides for another's objects.
            var scope = new ClusterScope().With(_objects.Concat(outputs.SelectMany(o => o.Objects)).Select(o => o.Body));
            for (var i = 0; i < work.Count; i++)
            {
                var (item, output) = (work[i].Item, outputs[i]);
                _applications.Add(output.Application);
                _findings.AddRange(output.Findings);
                _reached.UnionWith(output.Reached);
                _external.AddRange(output.External);
                var placed = output.Objects.Select(o => WithDestinationNamespace(o, item.Application, scope) with { Destination = output.Application.Destination }).ToList();
                _objects.AddRange(placed);
                next.AddRange(Children(placed, [.. item.Ancestors, item.Application.Identity]));
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

    /// <summary>The objects written in an entry folder, applied by hand (the bootstrap); YAML the parse stage left unjudged is judged here, as Argo CD would apply it.</summary>
    private List<RenderedObject> BootstrapFolder(string folder)
    {
        // A Helm value file an Application names ($values/… of a multi-source Application) is Helm input kept beside the Applications, not a manifest.
        var valueFiles = ValueFileReferences.Of(context.Repository);
        var files = context.Repository.Files.Where(f => RepositoryPaths.Folder(f.Path) == folder && f.File.Kind is FileKind.Manifest or FileKind.OtherYaml
            && !(f.File.Kind == FileKind.OtherYaml && valueFiles.Contains(f.Path))).ToList();
        foreach (var file in files.Where(f => f.File.Kind == FileKind.OtherYaml && f.Problem is null))
        {
            foreach (var document in file.Documents.Where(d => d.Root is not (null or YamlScalar { IsNull: true })))
            {
                _findings.Add(new Finding(Stages.Render, Severity.Error, RenderRules.NotAnObject,
                    $"cluster {settings.Name}: document {document.Index + 1} of {file.Path} is not a Kubernetes object with a string apiVersion, kind and metadata.name; Argo CD cannot apply it",
                    new SourceLocation(file.Path, document.Root!.Start.Line, document.Root.Start.Column)));
            }
        }
        foreach (var refused in files.Where(f => f.Problem is not null))
        {
            _findings.Add(new Finding(Stages.Render, Severity.Error, RenderRules.InputRefused,
                $"cluster {settings.Name}: {RefusedInput.Reason(context.Repository, refused.Path, "Argo CD")}", new SourceLocation(refused.Path, 1, 1)));
        }
        return files.Where(f => f.Problem is null).SelectMany(f => RenderedObjects.FromFile(f, settings.Name, ClusterLayout.BootstrapApplication)).ToList();
    }

    /// <summary>
    /// An entry point that is a chart or a kustomization (an app-of-apps chart installed with <c>argocd app create</c>) is
    /// rendered as the Application created by hand for it: named after its folder, in Argo CD's namespace, on the
    /// default project and the in-cluster destination. Null for a folder of manifests.
    /// </summary>
    private ApplicationDefinition? EntryApplication(string folder)
    {
        var type = SourceTypeDecision.Discovered(context.Repository.Root, folder);
        if (type == SourceTypes.Directory) return null;
        var at = type == SourceTypes.Helm ? RepositoryPaths.Combine(folder, "Chart.yaml")! : KustomizeSafety.FindKustomization(context.Repository, folder)!.Path;
        var name = folder.Length == 0 ? "root" : RepositoryPaths.FileName(folder);
        var yaml = $"apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: {name}\n  namespace: {ArgoCd.Namespace}\nspec:\n  project: {ArgoCd.DefaultProject}\n"
            + $"  destination:\n    server: {ArgoCd.InClusterServer}\n    namespace: {ArgoCd.Namespace}\n"
            + $"  source:\n    repoURL: {context.Configuration.RepositoryUrls[0]}\n    targetRevision: HEAD\n    path: {(folder.Length == 0 ? "." : folder)}\n";
        var (file, _) = ParseStage.ParseText(at, yaml, FileKind.Manifest);
        return RenderedObjects.FromFile(file, settings.Name, ClusterLayout.BootstrapApplication).Select(ApplicationDefinition.From).First();
    }

    private IEnumerable<Pending> Children(IEnumerable<RenderedObject> objects, IReadOnlyList<string> ancestors)
    {
        foreach (var o in objects)
        {
            if (ApplicationDefinition.IsApplication(o)) yield return new Pending(ApplicationDefinition.From(o), ancestors);
            else if (ApplicationDefinition.IsApplicationSet(o))
            {
                var (applications, problems) = ApplicationSetExpander.Expand(o, context.Repository.Root, context.Configuration, settings);
                _findings.AddRange(problems);
                foreach (var app in applications) yield return new Pending(ApplicationDefinition.From(app), ancestors);
            }
        }
    }

    /// <summary>Renders every source of one Application; touches no state of this class, so many run at once safely.</summary>
    private async Task<ApplicationOutput> RenderApplicationAsync(Pending item, DestinationCluster? destination, CancellationToken ct)
    {
        var app = item.Application;
        var summaries = new List<ApplicationSourceSummary>();
        var findings = new List<Finding>();
        var external = new List<ExternalChart>();
        if (app.Sources.Count == 0)
        {
            findings.Add(app.Object.Finding(Stages.Render, Severity.Error, RenderRules.NoSources, $"Application {app.Name} has no spec.source or spec.sources", ObjectPath.Of("spec")));
        }
        var renders = new List<Task<SourceOutput>>();
        foreach (var source in app.Sources)
        {
            var url = source.RepoUrl;
            if (url is null)
            {
                findings.Add(app.Object.Finding(Stages.Render, Severity.Error, RenderRules.MissingRepoUrl, $"Application {app.Name}: source has no repoURL", source.At));
                continue;
            }
            if (!context.Configuration.IsThisRepository(url))
            {
                summaries.Add(ExternalSummary(source));
                external.Add(External(app, source));
                if (UnpinnedExternal(app, source) is { } unpinned) findings.Add(unpinned);
                // An upstream chart renders from the chart cache (or says, once, that it is not checked).
                if (source.Chart is not null) renders.Add(new Charts.UpstreamChartSource().RenderAsync(context, app, source, settings.Name, settings.KubernetesVersion, ct));
                continue;
            }
            if (source.Ref is not null && source.Path is null)
            {
                summaries.Add(new ApplicationSourceSummary("Ref", url, null, null, source.TargetRevision, External: false));
                continue; // a values-only source: its files are read through $ref value files
            }
            if (!context.Revision.Covers(source.TargetRevision))
            {
                // Another revision than the working tree: rendered from that revision's files, or an error saying why it cannot be.
                var other = await context.OtherRevisionAsync(source.TargetRevision!, ct);
                if (other.Context is not { } at)
                {
                    summaries.Add(new ApplicationSourceSummary(SourceTypes.Unknown, url, source.Path, null, source.TargetRevision, External: false));
                    findings.Add(app.Object.Finding(Stages.Render, Severity.Error, RenderRules.OtherRevision,
                        $"Application {app.Identity}: source {source.Path} tracks revision \"{source.TargetRevision}\" of this repository, not the revision under test ({context.Revision.Describe()}), "
                        + $"and that revision cannot be rendered ({other.Problem}); what Argo CD would apply from it is not checked", source.At.Key("targetRevision")) with { Application = app.Identity });
                    continue;
                }
                var there = SourceTypeDecision.Decide(at.Repository, app, source);
                summaries.Add(new ApplicationSourceSummary(there.Type, url, source.Path, null, source.TargetRevision, External: false));
                renders.Add(MarkedAsync(other, new SourceRenderer(at).RenderAsync(there, settings.Name, settings.KubernetesVersion, ct)));
                continue;
            }
            var decision = SourceTypeDecision.Decide(context.Repository, app, source);
            summaries.Add(new ApplicationSourceSummary(decision.Type, url, source.Path, null, source.TargetRevision, External: false));
            renders.Add(new SourceRenderer(context).RenderAsync(decision, settings.Name, settings.KubernetesVersion, ct));
        }
        var outputs = await Task.WhenAll(renders);
        var application = new RenderedApplication(app.Identity, app.Project, app.DestinationNamespace,
            item.Ancestors.LastOrDefault() ?? ClusterLayout.BootstrapApplication, app.Object.Location, app.Object, summaries) { Destination = destination };
        return new ApplicationOutput(
            application,
            outputs.SelectMany(o => o.Objects).ToList(),
            [.. findings, .. outputs.SelectMany(o => o.Findings)],
            outputs.SelectMany(o => o.ReachedFolders).ToHashSet(StringComparer.Ordinal),
            external);
    }

    /// <summary>
    /// Argo CD reconciles Applications only in its own namespace and in the namespaces it is configured to watch
    /// (<c>application.namespaces</c>: names, globs, or <c>/regular expressions/</c>); any other Application is never
    /// synced, so what it would deploy is not what this cluster gets: an error, not rendered.
    /// </summary>
    private Finding? Unwatched(ApplicationDefinition app)
    {
        if (app.Namespace == ArgoCd.Namespace || settings.ApplicationNamespaces.Any(pattern => ApplicationNamespaces.Matches(pattern, app.Namespace))) return null;
        return app.Object.Finding(Stages.Render, Severity.Error, RenderRules.UnwatchedNamespace,
            $"Application {app.Identity} is in namespace {app.Namespace}, which Argo CD does not watch (its own namespace is {ArgoCd.Namespace}; "
            + $"{(settings.ApplicationNamespaces.Count == 0 ? "no application namespaces are" : $"application namespaces {string.Join(", ", settings.ApplicationNamespaces)} are")} "
            + $"declared for cluster {settings.Name} in {RepositoryConfiguration.FileName}); it is never synced and its sources are not rendered",
            ObjectPath.Of("metadata", "namespace")) with { Application = app.Identity };
    }

    /// <summary>Findings of a source rendered at another revision say which one; folders reached there are not the working tree's.</summary>
    private static async Task<SourceOutput> MarkedAsync(RevisionTree revision, Task<SourceOutput> render)
    {
        var output = await render;
        var commit = revision.Commit is { } c ? c[..Math.Min(12, c.Length)] : "?";
        return output with
        {
            Findings = output.Findings.Select(f => f with { Message = $"at revision {revision.Revision} ({commit}): {f.Message}" }).ToList(),
            ReachedFolders = new HashSet<string>(),
        };
    }

    private static ApplicationSourceSummary ExternalSummary(SourceDefinition source) =>
        new(source.Chart is not null ? "Helm" : "Git", source.RepoUrl!, source.Path, source.Chart, source.TargetRevision, External: true);

    private static ExternalChart External(ApplicationDefinition app, SourceDefinition source) =>
        new(app.Name, source.RepoUrl!, source.Chart ?? source.Path ?? "", source.TargetRevision ?? "", app.Object.Locate(source.At.Key("targetRevision")), source.Chart is not null);

    private static Finding? UnpinnedExternal(ApplicationDefinition app, SourceDefinition source)
    {
        var isChart = source.Chart is not null;
        if (RevisionPins.Problem(source.TargetRevision, isChart) is not { } problem) return null;
        return app.Object.Finding(Stages.Render, Severity.Error, RenderRules.Unpinned,
            $"Application {app.Name}: external {(isChart ? $"chart {source.Chart}" : $"source {source.Path}")} from {source.RepoUrl}: {problem}",
            source.TargetRevision is null ? source.At : source.At.Key("targetRevision"));
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

    /// <summary>
    /// Every object rendered again under an identity already taken on the same destination cluster, reported against the
    /// first; one look-up per object, and the findings in the order of the identities' first appearance, then of the repeats.
    /// One folder deployed to three clusters is three objects, not a duplicate.
    /// </summary>
    private void ReportDuplicates()
    {
        var firsts = new Dictionary<(DestinationCluster?, ObjectReference), (RenderedObject Object, int Position)>(_objects.Count, SameObject.Instance);
        List<(int FirstPosition, RenderedObject First, RenderedObject Again)>? repeats = null;
        for (var i = 0; i < _objects.Count; i++)
        {
            var o = _objects[i];
            // Objects named only by generateName get a fresh name from the API server each time: never the same object.
            if (o.Metadata?.String("name") is null) continue;
            if (firsts.TryAdd((o.Destination, o.Id), (o, i))) continue;
            var first = firsts[(o.Destination, o.Id)];
            (repeats ??= []).Add((first.Position, first.Object, o));
        }
        if (repeats is null) return;
        foreach (var (_, first, again) in repeats.OrderBy(r => r.FirstPosition)) // stable: repeats of one identity keep their order
        {
            var where = first.Application == again.Application ? $"twice by Application {first.Application}" : $"by Applications {first.Application} and {again.Application}";
            var on = again.Destination is { } d ? $" for destination cluster {d.Name}" : "";
            _findings.Add(again.Finding(Stages.Render, Severity.Error, RenderRules.Duplicate,
                $"{again.Id} is rendered {where}{on} (first at {first.Location}); Argo CD would fight over it"));
        }
    }

    /// <summary>
    /// Two references name the same object when group, kind, namespace and name agree (<see cref="ObjectReference.Identity"/>,
    /// the version left out), compared part by part so that no identity string is built per object.
    /// </summary>
    private sealed class SameObject : IEqualityComparer<(DestinationCluster? Destination, ObjectReference Id)>
    {
        public static readonly SameObject Instance = new();

        public bool Equals((DestinationCluster? Destination, ObjectReference Id) x, (DestinationCluster? Destination, ObjectReference Id) y)
        {
            var (a, b) = (x.Id, y.Id);
            return Equals(x.Destination, y.Destination) && (ReferenceEquals(a, b) || (Group(a).SequenceEqual(Group(b))
                && string.Equals(a.Kind, b.Kind, StringComparison.Ordinal) && string.Equals(a.Namespace ?? "", b.Namespace ?? "", StringComparison.Ordinal)
                && string.Equals(a.Name, b.Name, StringComparison.Ordinal)));
        }

        public int GetHashCode((DestinationCluster? Destination, ObjectReference Id) x) =>
            HashCode.Combine(string.GetHashCode(Group(x.Id), StringComparison.Ordinal), StringComparer.Ordinal.GetHashCode(x.Id.Kind),
                StringComparer.Ordinal.GetHashCode(x.Id.Namespace ?? ""), StringComparer.Ordinal.GetHashCode(x.Id.Name), x.Destination?.Server);

        private static ReadOnlySpan<char> Group(ObjectReference o) => o.ApiVersion.IndexOf('/') is var slash and >= 0 ? o.ApiVersion.AsSpan(0, slash) : [];
    }
}
