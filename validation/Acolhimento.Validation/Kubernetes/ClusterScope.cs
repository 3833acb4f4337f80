using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Kubernetes;

/// <summary>
/// Which kinds are cluster-scoped, so that, for example, the destination namespace is applied only to namespaced objects,
/// as Argo CD does. Built-in and add-on kinds come from <see cref="ClusterScopedKinds"/>; other custom kinds are
/// cluster-scoped when a CRD given here (in the rendered output or a CRD catalog) says so.
/// </summary>
internal sealed class ClusterScope(IEnumerable<string>? clusterScopedCustomKinds = null)
{
    private static readonly HashSet<string> Known = new(ClusterScopedKinds.BuiltIn.Concat(ClusterScopedKinds.AddOns), StringComparer.Ordinal);

    private readonly HashSet<string> _custom = new(clusterScopedCustomKinds ?? [], StringComparer.Ordinal);

    public static bool IsBuiltInClusterScoped(string group, string kind) => Known.Contains(Key(group, kind));

    public bool IsClusterScoped(string group, string kind) => Known.Contains(Key(group, kind)) || _custom.Contains(Key(group, kind));

    /// <summary>Adds the cluster-scoped kinds that the CustomResourceDefinitions among these objects define (<c>spec.scope: Cluster</c>).</summary>
    public ClusterScope With(IEnumerable<YamlMapping> objects)
    {
        var kinds = new List<string>(_custom);
        foreach (var crd in objects.Where(CustomResourceDefinition.IsAnyVersion))
        {
            var spec = crd.Mapping("spec");
            if (spec?.String("scope") == "Cluster" && spec.String("group") is { } group && spec.Mapping("names")?.String("kind") is { } kind)
                kinds.Add(Key(group, kind));
        }
        return new ClusterScope(kinds);
    }

    private static string Key(string group, string kind) => group + "/" + kind;
}
