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
/// and indexes built once per cluster. Generated objects count as present: an ExternalSecret or SealedSecret makes
/// the Secret it produces exist; Kustomize-generated ConfigMaps and Secrets are ordinary rendered objects.
/// </summary>
public sealed class PolicyContext
{
    public const string EnforceLabel = "pod-security.kubernetes.io/enforce";

    private static readonly HashSet<string> ClusterScopedKinds =
    [
        "Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "ClusterIssuer", "ClusterSecretStore",
        "PersistentVolume", "StorageClass", "PriorityClass", "IngressClass", "ValidatingWebhookConfiguration",
        "MutatingWebhookConfiguration", "APIService", "RuntimeClass", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding",
    ];

    private readonly Dictionary<(string Kind, string Namespace, string Name), RenderedObject> _byKey = new();
    private readonly HashSet<(string Namespace, string Name)> _secrets = [];
    private readonly Dictionary<string, List<PodTemplate>> _templatesByNamespace = new(StringComparer.Ordinal);
    private readonly Dictionary<RenderedObject, string> _namespaceOf = new(ReferenceEqualityComparer.Instance);

    public PolicyContext(RenderedCluster cluster, PolicyConfiguration parameters)
    {
        Cluster = cluster;
        Parameters = parameters;
        var destinations = cluster.Applications
            .Where(a => a.DestinationNamespace is not null)
            .GroupBy(a => a.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().DestinationNamespace!, StringComparer.Ordinal);
        var templates = new List<PodTemplate>();
        foreach (var o in cluster.Objects)
        {
            var ns = IsClusterScoped(o.Kind) ? "" : o.Namespace ?? destinations.GetValueOrDefault(o.Application) ?? "default";
            _namespaceOf[o] = ns;
            _byKey.TryAdd((o.Kind, ns, o.Name), o);
            switch (o.Kind)
            {
                case "Secret":
                    _secrets.Add((ns, o.Name));
                    break;
                case "ExternalSecret":
                    _secrets.Add((ns, o.Spec?.Mapping("target")?.String("name") ?? o.Name));
                    break;
                case "SealedSecret":
                    _secrets.Add((ns, o.Spec?.Mapping("template")?.Mapping("metadata")?.String("name") ?? o.Name));
                    break;
            }
            if (PodTemplate.Of(o, ns) is { } template)
            {
                templates.Add(template);
                if (!_templatesByNamespace.TryGetValue(ns, out var list)) _templatesByNamespace[ns] = list = [];
                list.Add(template);
            }
        }
        PodTemplates = templates;
    }

    public RenderedCluster Cluster { get; }

    public string ClusterName => Cluster.Name;

    public PolicyConfiguration Parameters { get; }

    public bool IsProduction => Parameters.IsProduction(Cluster.Name);

    public IReadOnlyList<RenderedObject> Objects => Cluster.Objects;

    public IReadOnlyList<PodTemplate> PodTemplates { get; }

    public static bool IsClusterScoped(string kind) => ClusterScopedKinds.Contains(kind);

    public IEnumerable<RenderedObject> OfKind(string kind) => Cluster.Objects.Where(o => o.Kind == kind);

    /// <summary>The namespace an object lands in: its own, else its Application's destination, else <c>default</c>; "" when cluster-scoped.</summary>
    public string NamespaceOf(RenderedObject o) => _namespaceOf.TryGetValue(o, out var ns) ? ns : o.Namespace ?? "default";

    public RenderedObject? Find(string kind, string? @namespace, string name) =>
        _byKey.GetValueOrDefault((kind, IsClusterScoped(kind) ? "" : @namespace ?? "default", name));

    public IReadOnlyList<PodTemplate> PodTemplatesIn(string @namespace) =>
        _templatesByNamespace.TryGetValue(@namespace, out var list) ? list : [];

    /// <summary>Namespaces that run at least one pod template from Git, sorted.</summary>
    public IReadOnlyList<string> NamespacesWithPods => _templatesByNamespace.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>Pod Security level the Namespace object enforces; privileged (nothing enforced) when absent.</summary>
    public PodSecurityLevel EnforcedLevel(string @namespace) =>
        Find("Namespace", null, @namespace)?.Labels.GetValueOrDefault(EnforceLabel) switch
        {
            "restricted" => PodSecurityLevel.Restricted,
            "baseline" => PodSecurityLevel.Baseline,
            _ => PodSecurityLevel.Privileged,
        };

    /// <summary>A Secret exists when written, generated by Kustomize, or produced by an ExternalSecret or SealedSecret.</summary>
    public bool SecretExists(string @namespace, string name) => _secrets.Contains((@namespace, name));

    /// <summary>ConfigMaps in Git, plus the root CA bundle Kubernetes publishes in every namespace.</summary>
    public bool ConfigMapExists(string @namespace, string name) => name == "kube-root-ca.crt" || Find("ConfigMap", @namespace, name) is not null;

    /// <summary>ServiceAccounts in Git, plus <c>default</c>, which Kubernetes creates in every namespace.</summary>
    public bool ServiceAccountExists(string @namespace, string name) => name == "default" || Find("ServiceAccount", @namespace, name) is not null;

    /// <summary>Pod templates in a namespace whose labels a LabelSelector (matchLabels/matchExpressions) selects.</summary>
    public IEnumerable<PodTemplate> SelectedBy(string @namespace, YamlMapping? selector) =>
        PodTemplatesIn(@namespace).Where(t => LabelSelectors.Matches(selector, t.Labels));

    /// <summary>The workload an HPA or similar reference names (<c>kind</c>/<c>name</c>), in a namespace.</summary>
    public RenderedObject? FindReference(string @namespace, YamlMapping? reference) =>
        reference?.String("kind") is { } kind && reference.String("name") is { } name ? Find(kind, @namespace, name) : null;
}
