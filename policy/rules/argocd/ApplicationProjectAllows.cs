using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.ArgoCd;

public sealed class ApplicationProjectAllows : PolicyRule
{
    private static readonly RuleMetadata Info = new(
        "policy/argocd-application-project", "Argo CD", "Every Application's project exists and allows its sources and destination", Severity.Error,
        "Argo CD refuses to sync an Application its project does not permit; the error only shows once deployed.",
        "Define the AppProject in Git (the built-in default project is not used) and add the source repository and destination to it.");

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        var projects = context.OfKind("AppProject").GroupBy(p => p.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var application in context.OfKind("Application"))
        {
            var spec = application.Spec;
            if (spec is null) continue;
            var name = spec.String("project");
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

    private static bool DestinationAllowed(RenderedObject project, YamlMapping destination)
    {
        var server = destination.String("server");
        var cluster = destination.String("name");
        var ns = destination.String("namespace") ?? "";
        foreach (var allowed in (project.Spec?.Sequence("destinations")?.Items ?? []).OfType<YamlMapping>())
        {
            var serverOk = server is not null ? allowed.String("server") is { } s && ArgoGlob.Matches(s, server)
                : cluster is not null && allowed.String("name") is { } n && ArgoGlob.Matches(n, cluster);
            if (serverOk && ArgoGlob.Matches(allowed.String("namespace") ?? "", ns)) return true;
        }
        return false;
    }

    private static List<string> Strings(YamlSequence? sequence) => (sequence?.Items ?? []).OfType<YamlScalar>().Select(s => s.Value).ToList();
}
