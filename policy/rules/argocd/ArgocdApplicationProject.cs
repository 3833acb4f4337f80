using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.ArgoCd;

internal sealed class ArgocdApplicationProject : PolicyRule
{
    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/argocd-application-project",
        Area = "Argo CD",
        Title = "Every Application's project exists and allows its sources, its destination and every object it deploys",
        Severity = Severity.Error,
        Rationale = "Argo CD refuses to sync an Application its project does not permit; the error only shows once deployed.",
        Remediation = "Define the AppProject in Git (or use Argo CD's built-in default project, which permits everything) and add the source repository, the destination and the namespaces and kinds the Application deploys to it.",
        Profile = RuleProfile.Kubernetes,
        NeedsWholeObjectSet = true,
    };

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        var projects = context.OfKind(Kubernetes.Kinds.AppProject).GroupBy(p => p.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var application in context.OfKind(Kubernetes.Kinds.Application))
        {
            var spec = application.Spec;
            if (spec is null) continue;
            var name = spec.String("project");
            if (name == Kubernetes.ArgoCd.DefaultProject && !projects.ContainsKey(name)) continue; // Argo CD's built-in default project permits everything
            if (name is null || !projects.TryGetValue(name, out var project))
            {
                yield return Report(application, name is null ? "Application names no project" : $"AppProject {name} is not defined in cluster {context.ClusterName}",
                    spec["project"] is null ? ObjectPath.Of("spec") : ObjectPath.Of("spec", "project"));
                continue;
            }
            var repos = Strings(project.Spec?.Sequence("sourceRepos"));
            var definition = ApplicationDefinition.From(application);
            foreach (var source in definition.Sources)
            {
                if (source.RepoUrl is { } url && !ArgoGlob.Allowed(repos, url))
                {
                    yield return Report(application, $"AppProject {name} does not allow source repository {url}", source.At.Key("repoURL"));
                }
            }
            var destination = spec.Mapping("destination");
            var (server, cluster) = context.DestinationOf(definition);
            var target = destination?.String("server") ?? destination?.String("name") ?? "(no server)";
            var ownNamespace = destination?.String("namespace") ?? "";
            if (destination is not null && !DestinationAllowed(project, server, cluster, ownNamespace))
            {
                yield return Report(application, $"AppProject {name} does not allow destination {target} namespace {destination.String("namespace") ?? "(none)"}", ObjectPath.Of("spec", "destination"));
            }
            // Argo CD judges each object it syncs, not only the Application's destination (controller sync permission check).
            foreach (var deployed in context.ArgoCdObjects.Where(o => o.Application == application.Name))
            {
                var ns = context.NamespaceOf(deployed);
                var namespaced = ns.Length > 0;
                if (!KindPermitted(project.Spec, deployed.Id.Group, deployed.Kind, namespaced))
                {
                    var list = namespaced ? "namespaceResourceWhitelist/namespaceResourceBlacklist" : "clusterResourceWhitelist/clusterResourceBlacklist";
                    yield return Report(deployed, $"AppProject {name} of Application {application.Name} does not permit {(namespaced ? "namespaced" : "cluster-scoped")} kind {GroupKind(deployed)} ({list}); Argo CD refuses to sync it", ObjectPath.Of("kind"));
                }
                else if (namespaced && ns != ownNamespace && destination is not null && !DestinationAllowed(project, server, cluster, ns))
                {
                    yield return Report(deployed, $"AppProject {name} of Application {application.Name} does not allow namespace {ns} on {target}; Argo CD refuses to sync {deployed.Kind} {deployed.Name}",
                        deployed.Metadata?["namespace"] is null ? ObjectPath.Of("metadata") : ObjectPath.Of("metadata", "namespace"));
                }
            }
        }
    }

    private static string GroupKind(RenderedObject o) => o.Id.Group.Length == 0 ? o.Kind : $"{o.Kind}.{o.Id.Group}";

    /// <summary>
    /// Argo CD's kind check (AppProject.IsGroupKindPermitted): a namespaced kind is permitted when the namespaced allow list
    /// is absent or names it, a cluster-scoped kind only when the cluster allow list names it; a deny list entry always
    /// refuses. Entries match group and kind as shell patterns (<c>*</c>, <c>?</c>, <c>[...]</c>).
    /// </summary>
    private static bool KindPermitted(YamlMapping? spec, string group, string kind, bool namespaced)
    {
        var allow = spec?[namespaced ? "namespaceResourceWhitelist" : "clusterResourceWhitelist"] as YamlSequence;
        var deny = spec?[namespaced ? "namespaceResourceBlacklist" : "clusterResourceBlacklist"] as YamlSequence;
        var allowed = namespaced && allow is null || InList(allow, group, kind);
        return allowed && !InList(deny, group, kind);
    }

    private static bool InList(YamlSequence? list, string group, string kind) =>
        (list?.Items ?? []).OfType<YamlMapping>().Any(e => ShellPattern.Matches(e.String("kind") ?? "", kind) && ShellPattern.Matches(e.String("group") ?? "", group));

    /// <summary>
    /// Argo CD's destination check (AppProject.isDestinationMatched): some entry matches the server or name and the
    /// namespace, and no entry with a <c>!</c> field fails to match — a <c>!</c> field matches every value but the one it
    /// names, so it refuses that one whatever another entry allows. A destination's name and server stand for each other
    /// as the declared clusters (in-cluster and <c>argoCdClusters</c>) pair them.
    /// </summary>
    private static bool DestinationAllowed(RenderedObject project, string? server, string? cluster, string ns)
    {
        var matched = false;
        foreach (var entry in (project.Spec?.Sequence("destinations")?.Items ?? []).OfType<YamlMapping>())
        {
            var entryServer = entry.String("server") ?? "";
            var entryName = entry.String("name") ?? "";
            var entryNamespace = entry.String("namespace") ?? "";
            var nameMatched = cluster is not null && Match(entryName, cluster);
            var serverMatched = server is not null && Match(entryServer, server);
            var namespaceMatched = Match(entryNamespace, ns);
            if ((serverMatched || nameMatched) && namespaceMatched) matched = true;
            else if ((!nameMatched && IsDeny(entryName)) || (!serverMatched && IsDeny(entryServer)) || (!namespaceMatched && IsDeny(entryNamespace))) return false;
        }
        return matched;
    }

    private static bool Match(string pattern, string value) => IsDeny(pattern) ? !ArgoGlob.Matches(pattern[1..], value) : ArgoGlob.Matches(pattern, value);

    private static bool IsDeny(string? pattern) => pattern?.StartsWith('!') == true;

    private static List<string> Strings(YamlSequence? sequence) => (sequence?.Items ?? []).OfType<YamlScalar>().Select(s => s.Value).ToList();
}
