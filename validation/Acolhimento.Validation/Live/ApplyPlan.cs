using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Live;

/// <summary>
/// An object as it is sent to the API server: the rendered body with the namespace Argo CD would give it (the
/// Application's destination) and a name when it only has <c>generateName</c> (apply needs one).
/// </summary>
internal sealed record LiveObject(RenderedObject Source, string Group, string Kind, string? Namespace, string Name, YamlMapping Body)
{
    /// <summary>Lower-case kind and group, as people name a resource type: <c>deployment.apps</c>.</summary>
    public string Resource => Kind.ToLowerInvariant() + (Group.Length > 0 ? "." + Group : "");

    public string ApiVersion => Body.String("apiVersion") ?? Source.Id.ApiVersion;

    /// <summary>
    /// Marks which environment's version an object on the shared cluster is (<see cref="EnvironmentAnnotation"/>): one
    /// cluster serves every environment, and a later run or environment meeting an earlier one's version of an object
    /// whose immutable fields differ replaces it rather than reporting a clash no real cluster would see.
    /// </summary>
    public const string EnvironmentAnnotation = Validation.Identity.Harness.AnnotationPrefix + "environment";

    /// <summary>
    /// The body as the API server receives it: JSON with scalars typed as Kubernetes' YAML decoder types them, and the
    /// <see cref="EnvironmentAnnotation"/> (metadata the server does not validate beyond its size).
    /// </summary>
    public string Json
    {
        get
        {
            var json = Body.ToJsonNode();
            if (json is System.Text.Json.Nodes.JsonObject { } body && body["metadata"] is System.Text.Json.Nodes.JsonObject metadata)
            {
                metadata["annotations"] ??= new System.Text.Json.Nodes.JsonObject();
                if (metadata["annotations"] is System.Text.Json.Nodes.JsonObject annotations) annotations[EnvironmentAnnotation] = Source.Cluster;
            }
            return json.ToCompactJson();
        }
    }

    /// <summary>Identity on the shared cluster (without version): two clusters' versions of it are the same object there.</summary>
    public string Identity => $"{Group}/{Kind}/{Namespace}/{Name}";

    public override string ToString() => Namespace is null ? $"{Resource}/{Name}" : $"{Resource}/{Name} in {Namespace}";
}

internal enum StepKind
{
    /// <summary>CustomResourceDefinitions the repository itself renders; applied first, then waited for until Established.</summary>
    Crds,
    Namespaces,
    ClusterScoped,
    Application,
}

/// <summary>Argo CD sync phases that apply objects in a successful sync, in order.</summary>
internal enum SyncPhase
{
    PreSync,
    Sync,
    PostSync,
}

/// <summary>One batch of objects that Argo CD would apply together (same cluster, step, Application, phase and wave).</summary>
internal sealed record ApplyStep(string Cluster, StepKind Kind, string? Application, SyncPhase Phase, int Wave, IReadOnlyList<LiveObject> Objects)
{
    public override string ToString() => Kind switch
    {
        StepKind.Application => $"{Cluster}: application {Application}, {Phase} wave {Wave}",
        _ => $"{Cluster}: {Kind}",
    };
}

/// <summary>
/// The order every cluster's objects are applied in: the add-on CRDs (then wait for Established); per cluster the CRDs it
/// renders, its Namespaces, its other cluster-scoped objects, then each Application's namespaced objects by Argo CD's
/// sync order (phase, wave, kind, name). Hooks that only run on failure or deletion, and <c>Skip</c> hooks, are not applied.
/// </summary>
internal sealed record ApplyPlan(IReadOnlyList<CrdManifest> AddOnCrds, IReadOnlyList<ApplyStep> Steps, IReadOnlyList<RenderedObject> NotApplied)
{
    public const string HookAnnotation = "argocd.argoproj.io/hook";
    public const string HelmHookAnnotation = "helm.sh/hook";

    public static ApplyPlan Create(IReadOnlyList<RenderedCluster> clusters, CrdCatalog catalog)
    {
        var addOns = catalog.NeededBy(clusters.SelectMany(c => c.Objects));
        var steps = new List<ApplyStep>();
        var notApplied = new List<RenderedObject>();
        foreach (var cluster in clusters)
        {
            var scopes = new ResourceScopes(catalog, cluster.Objects);
            var applications = cluster.Applications.ToDictionary(a => a.Name, StringComparer.Ordinal);
            var live = new List<(LiveObject Object, SyncPhase Phase)>();
            foreach (var source in cluster.Objects)
            {
                if (PhaseOf(source) is not { } phase)
                {
                    notApplied.Add(source);
                    continue;
                }
                live.Add((ToLive(source, scopes, applications.GetValueOrDefault(source.Application)), phase));
            }

            var crds = live.Where(o => IsCrd(o.Object)).ToList();
            var namespaces = live.Where(o => o.Object is { Group: "", Kind: "Namespace" }).Select(o => o.Object).ToList();
            namespaces.AddRange(AddOnNamespaces(cluster, live.Select(o => o.Object), namespaces));
            var clusterScoped = live.Where(o => o.Object.Namespace is null && !IsCrd(o.Object) && o.Object is not { Group: "", Kind: "Namespace" }).ToList();
            var namespaced = live.Where(o => o.Object.Namespace is not null).ToList();

            Add(steps, new ApplyStep(cluster.Name, StepKind.Crds, null, SyncPhase.Sync, 0, Sorted(crds.Select(o => o.Object))));
            Add(steps, new ApplyStep(cluster.Name, StepKind.Namespaces, null, SyncPhase.Sync, 0, Sorted(namespaces)));
            Add(steps, new ApplyStep(cluster.Name, StepKind.ClusterScoped, null, SyncPhase.Sync, 0, Sorted(clusterScoped.Select(o => o.Object))));
            var applicationOrder = ApplicationOrder(cluster);
            foreach (var group in namespaced
                .GroupBy(o => (o.Object.Source.Application, o.Phase, o.Object.Source.SyncWave))
                .OrderBy(g => applicationOrder.GetValueOrDefault(g.Key.Application, int.MaxValue))
                .ThenBy(g => g.Key.Application, StringComparer.Ordinal)
                .ThenBy(g => g.Key.Phase)
                .ThenBy(g => g.Key.SyncWave))
            {
                Add(steps, new ApplyStep(cluster.Name, StepKind.Application, group.Key.Application, group.Key.Phase, group.Key.SyncWave, Sorted(group.Select(o => o.Object))));
            }
        }
        return new ApplyPlan(addOns, steps, notApplied);
    }

    /// <summary>The phase an object is applied in, or null when a successful sync does not apply it.</summary>
    public static SyncPhase? PhaseOf(RenderedObject source)
    {
        if (source.Annotations.TryGetValue(HookAnnotation, out var hooks))
        {
            var values = hooks.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (values.Contains("PreSync")) return SyncPhase.PreSync;
            if (values.Contains("Sync")) return SyncPhase.Sync;
            if (values.Contains("PostSync")) return SyncPhase.PostSync;
            return null; // Skip, SyncFail, PostDelete
        }
        if (source.Annotations.TryGetValue(HelmHookAnnotation, out var helmHooks))
        {
            // Argo CD maps Helm hooks onto its phases; test and delete hooks do not run on sync.
            var values = helmHooks.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (values.Any(v => v is "pre-install" or "pre-upgrade" or "crd-install")) return SyncPhase.PreSync;
            if (values.Any(v => v is "post-install" or "post-upgrade")) return SyncPhase.PostSync;
            return null;
        }
        return SyncPhase.Sync;
    }

    private static IReadOnlyList<LiveObject> Sorted(IEnumerable<LiveObject> objects) => objects
        .OrderBy(o => SyncKindOrder.Of(o.Kind))
        .ThenBy(o => o.Kind, StringComparer.Ordinal)
        .ThenBy(o => o.Namespace ?? "", StringComparer.Ordinal)
        .ThenBy(o => o.Name, StringComparer.Ordinal)
        .ToList();

    private static void Add(List<ApplyStep> steps, ApplyStep step)
    {
        if (step.Objects.Count > 0) steps.Add(step);
    }

    private static bool IsCrd(LiveObject o) => CustomResourceDefinition.IsKind(o.Group, o.Kind);

    private static LiveObject ToLive(RenderedObject source, ResourceScopes scopes, RenderedApplication? application)
    {
        var body = source.Body;
        var metadata = body.Mapping("metadata");
        var name = metadata?.String("name");
        if (name is null)
        {
            // Hooks often carry only generateName (Argo CD creates them); apply needs a name, so a fixed suffix stands in.
            name = source.Id.Name + "live";
            body = body.WithMetadata("name", name);
        }
        string? @namespace = null;
        if (scopes.IsNamespaced(source.Id.Group, source.Id.Kind))
        {
            @namespace = source.Namespace ?? application?.DestinationNamespace ?? "default";
            if (source.Namespace is null) body = body.WithMetadata("namespace", @namespace);
        }
        return new LiveObject(source, source.Id.Group, source.Id.Kind, @namespace, name, body);
    }

    /// <summary>
    /// Namespaces the cluster would have before any Application syncs: where Argo CD itself runs (its Applications and
    /// AppProjects live there), and the destinations of Applications that sync with <c>CreateNamespace=true</c>.
    /// </summary>
    private static IEnumerable<LiveObject> AddOnNamespaces(RenderedCluster cluster, IEnumerable<LiveObject> objects, IReadOnlyList<LiveObject> declared)
    {
        var known = declared.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var wanted = new SortedDictionary<string, RenderedObject>(StringComparer.Ordinal);
        foreach (var o in objects.Where(o => o.Group == ApiGroups.ArgoProj && o.Namespace is not null))
        {
            wanted.TryAdd(o.Namespace!, o.Source);
        }
        foreach (var application in cluster.Applications)
        {
            if (application is { Definition: { } definition, DestinationNamespace: { } destination } && CreatesNamespace(definition)) wanted.TryAdd(destination, definition);
        }
        foreach (var (name, cause) in wanted)
        {
            if (!known.Add(name)) continue;
            var body = YamlMapping.Build(cause.Body.Start,
            [
                new(YamlNodes.Scalar("apiVersion", style: ScalarStyle.Plain), YamlNodes.Scalar("v1")),
                new(YamlNodes.Scalar("kind", style: ScalarStyle.Plain), YamlNodes.Scalar("Namespace")),
                new(YamlNodes.Scalar("metadata", style: ScalarStyle.Plain), YamlMapping.Build(cause.Body.Start, [new(YamlNodes.Scalar("name", style: ScalarStyle.Plain), YamlNodes.Scalar(name))])),
            ]);
            var id = new Findings.ObjectReference("v1", "Namespace", null, name);
            var source = new RenderedObject(id, body, ObjectProvenance.At(cause.Location), cause.Cluster, cause.Application);
            yield return new LiveObject(source, "", "Namespace", null, name, body);
        }
    }

    private static bool CreatesNamespace(RenderedObject application) =>
        application.Spec?.Mapping("syncPolicy")?.Sequence("syncOptions")?.Items.OfType<YamlScalar>().Any(o => o.Value == "CreateNamespace=true") == true;

    /// <summary>Applications in the order their parent syncs them (sync wave of their definition), the bootstrap first.</summary>
    private static Dictionary<string, int> ApplicationOrder(RenderedCluster cluster) => cluster.Applications
        .OrderBy(a => a.Definition is null ? int.MinValue : a.Definition.SyncWave)
        .ThenBy(a => a.Name, StringComparer.Ordinal)
        .Select((a, i) => (a.Name, i))
        .ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
}

/// <summary>
/// Which kinds are cluster-scoped for the plan's order and namespace defaulting: the built-in and add-on ones
/// (<see cref="ClusterScope"/>), the catalog's CRDs, and CRDs the clusters render themselves. The API server's
/// discovery decides the request path (<see cref="ApiDiscovery"/>).
/// </summary>
internal sealed class ResourceScopes
{
    private readonly CrdCatalog _catalog;
    private readonly Dictionary<string, bool> _rendered = new(StringComparer.Ordinal);

    public ResourceScopes(CrdCatalog catalog, IEnumerable<RenderedObject> objects)
    {
        _catalog = catalog;
        foreach (var crd in objects.Where(o => CustomResourceDefinition.IsKind(o.Id.Group, o.Id.Kind)))
        {
            if (crd.Spec is { } spec && spec.String("group") is { } group && spec.Mapping("names")?.String("kind") is { } kind)
            {
                _rendered[group + "/" + kind] = spec.String("scope") != "Cluster";
            }
        }
    }

    /// <summary>Unknown kinds count as namespaced: the API server then says whether the kind exists at all.</summary>
    public bool IsNamespaced(string group, string kind) =>
        !ClusterScope.IsBuiltInClusterScoped(group, kind)
        && (_rendered.TryGetValue(group + "/" + kind, out var namespaced) ? namespaced : _catalog.IsNamespaced(group, kind) ?? true);
}
