namespace Acolhimento.Validation.Kubernetes;

/// <summary>
/// What every Argo CD installation has without it being in Git (source: Argo CD documentation, "Projects": the
/// <c>default</c> project is created automatically and permits any source, destination and kind; "Declarative setup":
/// the cluster Argo CD runs in is <c>in-cluster</c> at <c>https://kubernetes.default.svc</c>; the installation's namespace
/// is <c>argocd</c>, where Applications and AppProjects live).
/// </summary>
internal static class ArgoCd
{
    public const string Namespace = "argocd";

    public const string DefaultProject = "default";

    public const string InClusterServer = "https://kubernetes.default.svc";

    public const string InClusterName = "in-cluster";

    /// <summary>The apiVersion of Application, ApplicationSet and AppProject.</summary>
    public const string ApiVersion = ApiGroups.ArgoProj + "/v1alpha1";

    /// <summary>A destination's server and cluster name, each filled in from the other for the in-cluster destination (Argo CD resolves one to the other before checking a project).</summary>
    public static (string? Server, string? Name) Resolve(string? server, string? name) =>
        (server ?? (name == InClusterName ? InClusterServer : null), name ?? (server == InClusterServer ? InClusterName : null));
}
