using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy;

/// <summary>Pod Security Standards levels, ordered from least to most restrictive.</summary>
public enum PodSecurityLevel
{
    Privileged,
    Baseline,
    Restricted,
}

/// <summary>
/// Everything a rule sees about one cluster: all its objects (so rules look across objects), the rules' parameters,
/// and indexes built once per cluster — by kind, by kind and namespace, by identity — so that a rule looking up the
/// objects of one namespace costs the size of that namespace, not of the cluster. Generated objects count as present:
/// an ExternalSecret, a SealedSecret or a cert-manager Certificate makes the Secret it produces exist;
/// Kustomize-generated ConfigMaps and Secrets are ordinary rendered objects.
/// </summary>
public sealed class PolicyContext
{
    public const string EnforceLabel = "pod-security.kubernetes.io/enforce";

    private readonly Dictionary<(GroupKind Kind, string Namespace, string Name), RenderedObject> _byKey = new();
    private readonly Dictionary<(string Kind, string Namespace, string Name), RenderedObject> _byKindNameOnly = new();
    private readonly Dictionary<GroupKind, List<RenderedObject>> _byKind = new();
    private readonly Dictionary<(GroupKind Kind, string Namespace), List<RenderedObject>> _byKindAndNamespace = new();
    private readonly HashSet<(string Namespace, string Name)> _secrets = [];
    private readonly Dictionary<string, List<PodTemplate>> _templatesByNamespace = new(StringComparer.Ordinal);
    private readonly Dictionary<RenderedObject, string> _namespaceOf = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, DestinationCluster?> _destinations;

    /// <param name="whole">Everything the cluster's Argo CD deploys, on every destination, when <paramref name="cluster"/> is one destination's part of it.</param>
    public PolicyContext(RenderedCluster cluster, PolicyConfiguration parameters, RenderedCluster? whole = null)
    {
        Cluster = cluster;
        Parameters = parameters;
        ArgoCdObjects = whole?.Objects ?? cluster.Objects;
        _destinations = (whole ?? cluster).Applications.GroupBy(a => a.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Destination, StringComparer.Ordinal);
        var scope = new ClusterScope().With(cluster.Objects.Select(o => o.Body));
        var destinations = cluster.Applications
            .Where(a => a.DestinationNamespace is not null)
            .GroupBy(a => a.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().DestinationNamespace!, StringComparer.Ordinal);
        var templates = new List<PodTemplate>();
        foreach (var o in cluster.Objects)
        {
            var ns = scope.IsClusterScoped(o.Id.Group, o.Kind) ? "" : o.Namespace ?? destinations.GetValueOrDefault(o.Application) ?? "default";
            _namespaceOf[o] = ns;
            var kind = KindOf(o);
            _byKey.TryAdd((kind, ns, o.Name), o);
            _byKindNameOnly.TryAdd((o.Kind, ns, o.Name), o);
            Add(_byKind, kind, o);
            Add(_byKindAndNamespace, (kind, ns), o);
            if (ProducedSecretName(o) is { } secret) _secrets.Add((ns, secret));
            if (PodTemplate.Of(o, ns) is { } template)
            {
                templates.Add(template);
                Add(_templatesByNamespace, ns, template);
            }
        }
        PodTemplates = templates;
    }

    public RenderedCluster Cluster { get; }

    public string ClusterName => Cluster.Name;

    public PolicyConfiguration Parameters { get; }

    /// <summary>Production rules apply to the cluster the objects land on: a destination cluster by its own name, else the declared cluster.</summary>
    public bool IsProduction => Parameters.IsProduction(Cluster.Destination?.Name ?? Cluster.Name);

    /// <summary>What the cluster receives: every object when its Argo CD deploys only to itself, else one destination cluster's objects.</summary>
    public IReadOnlyList<RenderedObject> Objects => Cluster.Objects;

    /// <summary>Every object the cluster's Argo CD deploys, on any destination: what its Applications and AppProjects are judged against.</summary>
    public IReadOnlyList<RenderedObject> ArgoCdObjects { get; }

    /// <summary>
    /// The server and name of the cluster an Application deploys to, as the render resolved its destination through the
    /// declared clusters; for an Application the render did not resolve, what its destination writes (in-cluster's name
    /// and server standing for each other).
    /// </summary>
    public (string? Server, string? Name) DestinationOf(ApplicationDefinition application)
    {
        if (_destinations.TryGetValue(application.Identity, out var destination))
        {
            return destination is null ? (ArgoCd.InClusterServer, ArgoCd.InClusterName) : (destination.Server, destination.Name);
        }
        var written = application.Object.Spec?.Mapping("destination");
        return ArgoCd.Resolve(written?.String("server"), written?.String("name"));
    }

    public IReadOnlyList<PodTemplate> PodTemplates { get; }

    /// <summary>Every container of every pod template (init, sidecar and ephemeral too) with its template: the loop most container rules need.</summary>
    public IEnumerable<(PodTemplate Template, ContainerSpec Container)> Containers() =>
        PodTemplates.SelectMany(template => template.Containers().Select(container => (template, container)));

    /// <summary>The group and kind of an object: what tells a Service from a custom <c>example.com/Service</c>.</summary>
    public static GroupKind KindOf(RenderedObject o) => new(o.Id.Group, o.Kind);

    /// <summary>Every object of a kind (group and name, <see cref="Kinds"/>), in render order.</summary>
    public IReadOnlyList<RenderedObject> OfKind(GroupKind kind) => _byKind.TryGetValue(kind, out var list) ? list : [];

    /// <summary>Every object of a kind in one namespace, in render order.</summary>
    public IReadOnlyList<RenderedObject> OfKind(GroupKind kind, string @namespace) =>
        _byKindAndNamespace.TryGetValue((kind, @namespace), out var list) ? list : [];

    /// <summary>The namespace an object lands in: its own, else its Application's destination, else <c>default</c>; "" when cluster-scoped.</summary>
    public string NamespaceOf(RenderedObject o) => _namespaceOf.TryGetValue(o, out var ns) ? ns : o.Namespace ?? "default";

    /// <summary>An object by kind, namespace (null for cluster-scoped kinds) and name.</summary>
    public RenderedObject? Find(GroupKind kind, string? @namespace, string name) => _byKey.GetValueOrDefault((kind, @namespace ?? "", name));

    public IReadOnlyList<PodTemplate> PodTemplatesIn(string @namespace) =>
        _templatesByNamespace.TryGetValue(@namespace, out var list) ? list : [];

    /// <summary>Namespaces that run at least one pod template from Git, sorted.</summary>
    public IReadOnlyList<string> NamespacesWithPods => _templatesByNamespace.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>Pod Security level the Namespace object's enforce label declares; privileged (nothing enforced) when absent or not a level.</summary>
    public PodSecurityLevel DeclaredLevel(string @namespace) =>
        Find(Kinds.Namespace, null, @namespace)?.Labels.GetValueOrDefault(EnforceLabel) is { } value && PolicyConfiguration.LevelNames.TryGetValue(value, out var level)
            ? level
            : PodSecurityLevel.Privileged;

    /// <summary>
    /// The level pods of a namespace are judged at: the organisation's floor (<c>podSecurityFloor</c>) or the namespace's
    /// declared level, whichever is stricter. The floor is not the namespace's to lower: a label that says privileged does
    /// not switch the rules off (the label itself is reported by policy/pss-namespace-below-floor).
    /// </summary>
    public PodSecurityLevel RequiredLevel(string @namespace)
    {
        var declared = DeclaredLevel(@namespace);
        return Parameters.PodSecurityFloor is { } floor && floor > declared ? floor : declared;
    }

    /// <summary>A Secret exists when written, generated by Kustomize, or produced by an ExternalSecret, SealedSecret or Certificate.</summary>
    public bool SecretExists(string @namespace, string name) => _secrets.Contains((@namespace, name));

    /// <summary>ConfigMaps in Git, plus the root CA bundle Kubernetes publishes in every namespace.</summary>
    public bool ConfigMapExists(string @namespace, string name) => name == "kube-root-ca.crt" || Find(Kinds.ConfigMap, @namespace, name) is not null;

    /// <summary>ServiceAccounts in Git, plus <c>default</c>, which Kubernetes creates in every namespace.</summary>
    public bool ServiceAccountExists(string @namespace, string name) => name == "default" || Find(Kinds.ServiceAccount, @namespace, name) is not null;

    /// <summary>Pod templates in a namespace whose labels a LabelSelector (matchLabels/matchExpressions) selects.</summary>
    public IEnumerable<PodTemplate> SelectedBy(string @namespace, YamlMapping? selector) =>
        PodTemplatesIn(@namespace).Where(t => LabelSelectors.Matches(selector, t.Labels));

    /// <summary>
    /// The workload an HPA or similar reference names (<c>apiVersion</c>, <c>kind</c>, <c>name</c>; <paramref name="defaultKind"/>
    /// when it names no kind), in a namespace: of the group its apiVersion names, of any group when it names none.
    /// </summary>
    public RenderedObject? FindReference(string @namespace, YamlMapping? reference, string? defaultKind = null)
    {
        if ((reference?.String("kind") ?? (reference is null ? null : defaultKind)) is not { } kind || reference?.String("name") is not { } name) return null;
        return reference.String("apiVersion") is { } apiVersion
            ? Find(new GroupKind(ObjectReference.GroupOf(apiVersion), kind), @namespace, name)
            : _byKindNameOnly.GetValueOrDefault((kind, @namespace, name));
    }

    /// <summary>Every autoscaler of the cluster (HorizontalPodAutoscaler, KEDA ScaledObject) with the object its scaleTargetRef names, or null when that is missing.</summary>
    public IEnumerable<ScaleTarget> ScaleTargets(string? @namespace = null)
    {
        foreach (var kind in Autoscalers.Kinds)
        {
            var scalerKind = new GroupKind(kind.Group, kind.Kind);
            foreach (var scaler in @namespace is null ? OfKind(scalerKind) : OfKind(scalerKind, @namespace))
            {
                var reference = scaler.Spec?.Mapping("scaleTargetRef");
                yield return new ScaleTarget(scaler, kind, reference, FindReference(NamespaceOf(scaler), reference, kind.DefaultTargetKind));
            }
        }
    }

    /// <summary>
    /// How many pods a workload runs at least: its spec.replicas (1 when unset), raised to the minimum of any autoscaler
    /// scaling it (an autoscaled workload should not set spec.replicas at all). Null for kinds without replicas.
    /// </summary>
    public long? MinimumReplicas(PodTemplate template)
    {
        if (template.Replicas is not { } replicas) return null;
        foreach (var scale in ScaleTargets(template.Namespace))
        {
            if (ReferenceEquals(scale.Target, template.Owner)) replicas = Math.Max(replicas, scale.MinReplicas);
        }
        return replicas;
    }

    private static string? ProducedSecretName(RenderedObject o)
    {
        var kind = KindOf(o);
        return kind == Kinds.Secret ? o.Name
            : kind == Kinds.ExternalSecret ? o.Spec?.Mapping("target")?.String("name") ?? o.Name
            : kind == Kinds.SealedSecret ? o.Spec?.Mapping("template")?.Mapping("metadata")?.String("name") ?? o.Name
            : kind == Kinds.Certificate ? o.Spec?.String("secretName")
            : null;
    }

    private static void Add<TKey, TValue>(Dictionary<TKey, List<TValue>> index, TKey key, TValue value) where TKey : notnull
    {
        if (!index.TryGetValue(key, out var list)) index[key] = list = [];
        list.Add(value);
    }
}

/// <summary>An autoscaler, what its scaleTargetRef says, and the object that names (null when missing).</summary>
public sealed record ScaleTarget(RenderedObject Scaler, AutoscalerKind Kind, YamlMapping? Reference, RenderedObject? Target)
{
    public string TargetKind => Reference?.String("kind") ?? Kind.DefaultTargetKind ?? "(no kind)";

    public string TargetName => Reference?.String("name") ?? "(no name)";

    public long MinReplicas => Scaler.Spec?.Integer(Kind.MinReplicasField) ?? Kind.DefaultMinReplicas;
}
