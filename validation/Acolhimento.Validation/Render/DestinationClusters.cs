using Acolhimento.Validation.Configuration;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

/// <summary>An Application's destination as Argo CD resolves it: the cluster (null for in-cluster), or the finding that says why it has none.</summary>
internal sealed record ResolvedDestination(DestinationCluster? Cluster, Finding? Problem);

/// <summary>
/// Argo CD's destination semantics (<c>argo.ValidateDestination</c> and <c>GetDestinationCluster</c> in util/argo, the
/// <c>ApplicationDestination</c> type): a destination names its cluster by <c>server</c> or by <c>name</c>, never both;
/// a name is looked up among the Argo CD's clusters (several of one name is an error); a server must be a configured
/// cluster. The Argo CD's own cluster is always configured, as <c>in-cluster</c> at <c>https://kubernetes.default.svc</c>,
/// unless a cluster Secret declares that server under another name.
/// </summary>
internal static class DestinationClusters
{
    private static readonly ObjectPath Destination = ObjectPath.Of("spec", "destination");

    /// <summary>The clusters the Argo CD of <paramref name="settings"/> knows, each with the server it is keyed by.</summary>
    public static IReadOnlyList<(string Name, string Server, ArgoCdCluster? Declared)> Known(ClusterSettings settings)
    {
        var known = settings.ArgoCdClusters.Select(c => (c.Name, Server: Normalise(c.Server), Declared: (ArgoCdCluster?)c)).ToList();
        if (!known.Any(k => k.Server == ArgoCd.InClusterServer)) known.Insert(0, (ArgoCd.InClusterName, ArgoCd.InClusterServer, null));
        return known;
    }

    /// <summary>Where <paramref name="app"/> deploys, as the Argo CD of <paramref name="settings"/> would resolve it.</summary>
    public static ResolvedDestination Resolve(ApplicationDefinition app, ClusterSettings settings)
    {
        var destination = app.Object.Spec?.Mapping("destination");
        var server = destination?.String("server") is { Length: > 0 } s ? s : null;
        var name = destination?.String("name") is { Length: > 0 } n ? n : null;
        var known = Known(settings);
        Finding Problem(string rule, string message, ObjectPath at) =>
            app.Object.Finding(Stages.Render, Severity.Error, rule,
                $"Application {app.Identity}: {message}; Argo CD refuses to sync it, so its sources are not rendered", at) with { Application = app.Identity };
        string Declared() => $"the clusters the Argo CD of cluster {settings.Name} knows are {string.Join(", ", known.Select(k => $"{k.Name} ({k.Server})"))}; "
            + $"declare the others under spec.clusters[].argoCdClusters in {RepositoryConfiguration.FileName}";

        if (name is not null && server is not null)
        {
            return new(null, Problem(RenderRules.AmbiguousDestination,
                $"destination names both the cluster name \"{name}\" and the server \"{server}\" (Argo CD: \"application destination can't have both name and server defined\"); keep one",
                Destination.Key("name")));
        }
        if (name is not null)
        {
            var named = known.Where(k => k.Name == name).ToList();
            if (named.Count == 0) return new(null, Problem(RenderRules.UnknownDestination, $"destination cluster \"{name}\" does not exist: {Declared()}", Destination.Key("name")));
            if (named.Count > 1)
            {
                return new(null, Problem(RenderRules.AmbiguousDestination,
                    $"there are {named.Count} clusters named \"{name}\" ({string.Join(", ", named.Select(k => k.Server))}); name it by server instead", Destination.Key("name")));
            }
            return new(Cluster(named[0], settings), null);
        }
        if (server is not null)
        {
            var normalised = Normalise(server);
            return known.FirstOrDefault(k => k.Server == normalised) is { Server: not null } match
                ? new(Cluster(match, settings), null)
                : new(null, Problem(RenderRules.UnknownDestination, $"destination server {server} is not a configured cluster: {Declared()}", Destination.Key("server")));
        }
        return new(null, Problem(RenderRules.UnknownDestination, $"destination names neither a server nor a cluster name: {Declared()}", destination is null ? ObjectPath.Of("spec") : Destination));
    }

    public static string Normalise(string server) => RepositoryConfiguration.NormaliseServer(server);

    private static DestinationCluster? Cluster((string Name, string Server, ArgoCdCluster? Declared) known, ClusterSettings settings) =>
        known.Server == ArgoCd.InClusterServer ? null : new DestinationCluster(known.Name, known.Server, known.Declared?.KubernetesVersion ?? settings.KubernetesVersion);
}
