using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Render;

namespace Acolhimento.Validation.Policy.Rules.ArgoCd;

internal sealed class ArgocdExternalChartPinned : PolicyRule
{
    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/argocd-external-chart-pinned",
        Area = "Argo CD",
        Title = "External Helm charts are pinned to an exact version, external Git sources to a commit or exact tag",
        Severity = Severity.Error,
        Rationale = "A range or a moving revision installs whatever upstream publishes next, unreviewed, on the next sync.",
        Remediation = "Set targetRevision to an exact chart version such as 1.21.1, or for a Git source from another repository to a commit SHA or an exact version tag.",
    };

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        // Git sources are external only when their URL is not this repository's (validation.yaml); the render knows that
        // and recorded them, so a Git source of an Application object is judged when the render lists it as external.
        var externalGit = context.Cluster.ExternalCharts.Where(c => !c.IsChart)
            .Select(c => (c.Application, c.RepoUrl, c.Chart)).ToHashSet();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var application in context.OfKind(Kubernetes.Kinds.Application))
        {
            seen.Add(application.Name);
            foreach (var source in ApplicationDefinition.From(application).Sources)
            {
                var isChart = source.Chart is not null;
                if (!isChart && !externalGit.Contains((application.Name, source.RepoUrl ?? "", source.Path ?? ""))) continue;
                if (RevisionPins.Problem(source.TargetRevision, isChart) is not { } problem) continue;
                yield return Report(application, $"{Describe(isChart, source.Chart ?? source.Path, source.RepoUrl)} is not pinned: {problem}",
                    source.TargetRevision is null ? source.At : source.At.Key("targetRevision"));
            }
        }
        // Sources the render stage recorded for Applications that are not objects of this cluster (e.g. defined in the bootstrap folder).
        foreach (var external in context.Cluster.ExternalCharts.Where(c => !seen.Contains(c.Application)))
        {
            if (RevisionPins.Problem(external.TargetRevision, external.IsChart) is { } problem)
            {
                yield return new Finding(Stages.Policy, Metadata.Severity, Metadata.Id,
                    $"{Describe(external.IsChart, external.Chart, external.RepoUrl)} is not pinned: {problem}",
                    external.Location, context.ClusterName, external.Application);
            }
        }
    }

    /// <summary>What the person reading the finding would look for: chart or path, and the repository (a source at a repository's root has no path).</summary>
    private static string Describe(bool isChart, string? chartOrPath, string? repoUrl)
    {
        var from = string.IsNullOrEmpty(repoUrl) ? "" : $" from {repoUrl}";
        if (isChart) return $"chart {chartOrPath}{from}";
        return string.IsNullOrEmpty(chartOrPath) ? $"Git source at the root of {(string.IsNullOrEmpty(repoUrl) ? "an unnamed repository" : repoUrl)}" : $"Git source {chartOrPath}{from}";
    }
}
