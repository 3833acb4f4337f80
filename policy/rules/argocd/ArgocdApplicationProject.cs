using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.ArgoCd;

public sealed class ArgocdApplicationProject : PolicyRule
{
    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/argocd-application-project",
        Area = "Argo CD",
        Title = "Every Application's project exists and allows its sources and destination",
        Severity = Severity.Error,
        Rationale = "Argo CD refuses to sync an Application its project does not permit; the error only shows once deployed.",
        Remediation = "Define the AppProject in Git (or use Argo CD's built-in default project, which permits everything) and add the source repository and destination to it.",
        Profile = RuleProfile.Kubernetes,
        NeedsWholeObjectSet = true,
    };

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        var projects = context.OfKind("AppProject").GroupBy(p => p.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var application in context.OfKind("Application"))
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
            foreach (var source in ApplicationDefinition.From(application).Sources)
            {
                if (source.RepoUrl is { } url && !ArgoGlob.Allowed(repos, url))
                {
                    yield return Report(application, $"AppProject {name} does not allow source repository {url}", source.At.Key("repoURL"));
                }
            }
            if (spec.Mapping("destination") is { } destination && !DestinationAllowed(project, destination))
            {
                var target = destination.String("server") ?? destination.String("name") ?? "(no server)";
                yield return Report(application, $"AppProject {name} does not allow destination {target} namespace {destination.String("namespace") ?? "(none)"}", ObjectPath.Of("spec", "destination"));
            }
        }
    }

    /// <summary>
    /// Argo CD's destination check: some allow entry (no field starting with <c>!</c>) matches the server or name and the
    /// namespace, and no deny entry refuses it — a deny entry refuses when one of its <c>!</c> fields matches the
    /// destination's value, whatever another entry allows (projects since Argo CD 2.5). A server or a name matching is
    /// enough, as in Argo CD; the in-cluster destination's name and server stand for each other, any other cluster's
    /// would need the cluster secrets this check cannot read.
    /// </summary>
    private static bool DestinationAllowed(RenderedObject project, YamlMapping destination)
    {
        var (server, cluster) = Kubernetes.ArgoCd.Resolve(destination.String("server"), destination.String("name"));
        var ns = destination.String("namespace") ?? "";
        var allowed = false;
        foreach (var entry in (project.Spec?.Sequence("destinations")?.Items ?? []).OfType<YamlMapping>())
        {
            var entryServer = entry.String("server");
            var entryName = entry.String("name");
            var entryNamespace = entry.String("namespace") ?? "";
            if (IsDeny(entryServer) || IsDeny(entryName) || IsDeny(entryNamespace))
            {
                if ((server is not null && Refuses(entryServer, server)) || (cluster is not null && Refuses(entryName, cluster)) || Refuses(entryNamespace, ns)) return false;
                continue;
            }
            var clusterOk = (server is not null && entryServer is { } s && ArgoGlob.Matches(s, server))
                || (cluster is not null && entryName is { } n && ArgoGlob.Matches(n, cluster));
            if (clusterOk && ArgoGlob.Matches(entryNamespace, ns)) allowed = true;
        }
        return allowed;
    }

    private static bool IsDeny(string? pattern) => pattern?.StartsWith('!') == true;

    private static bool Refuses(string? pattern, string value) => IsDeny(pattern) && ArgoGlob.Matches(pattern![1..], value);

    private static List<string> Strings(YamlSequence? sequence) => (sequence?.Items ?? []).OfType<YamlScalar>().Select(s => s.Value).ToList();
}
