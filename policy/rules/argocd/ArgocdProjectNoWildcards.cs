using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.ArgoCd;

internal sealed class ArgocdProjectNoWildcards : PolicyRule
{
    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/argocd-project-no-wildcards",
        Area = "Argo CD",
        Title = "AppProjects allow no wildcard source repository, destination server or namespace, or cluster-scoped kind",
        Severity = Severity.Error,
        Rationale = "A project is the boundary of what its Applications may deploy where; a wildcard turns it into no boundary.",
        Remediation = "List the exact repository URLs, destination servers and namespaces, and cluster-scoped kinds with their exact group. A prefix such as central-acolhimento-* is a wildcard too: list each namespace.",
    };

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        foreach (var project in context.OfKind(Kubernetes.Kinds.AppProject))
        {
            var spec = project.Spec;
            if (spec is null) continue;
            var repos = spec.Sequence("sourceRepos")?.Items ?? [];
            for (var i = 0; i < repos.Count; i++)
            {
                if (repos[i] is YamlScalar s && s.Value.Contains('*')) yield return Report(project, $"source repository pattern {s.Value} is a wildcard", ObjectPath.Of("spec", "sourceRepos", i));
            }
            var destinations = spec.Sequence("destinations")?.Items ?? [];
            for (var i = 0; i < destinations.Count; i++)
            {
                if (destinations[i] is not YamlMapping destination) continue;
                foreach (var field in new[] { "server", "name", "namespace" })
                {
                    // A prefix glob is no boundary between environments: central-acolhimento-* lets a dev Application write
                    // into central-acolhimento-production, and creates namespaces nobody reviewed.
                    if (destination.String(field) is { } value && value.Contains('*'))
                    {
                        yield return Report(project, $"destination {field} {value} is a wildcard", ObjectPath.Of("spec", "destinations", i, field));
                    }
                }
            }
            var kinds = spec.Sequence("clusterResourceWhitelist")?.Items ?? [];
            for (var i = 0; i < kinds.Count; i++)
            {
                if (kinds[i] is not YamlMapping entry) continue;
                var kind = entry.String("kind") ?? "";
                var group = entry.String("group") ?? "";
                if (kind.Contains('*') || group.Contains('*'))
                {
                    yield return Report(project, $"cluster-scoped kind {kind} (group {group}) is a wildcard",
                        ObjectPath.Of("spec", "clusterResourceWhitelist", i, kind.Contains('*') ? "kind" : "group"));
                }
            }
        }
    }
}
