using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Render;

namespace Acolhimento.Validation.Policy.Rules.ArgoCd;

public sealed class ExternalChartPinned : PolicyRule
{
    private static readonly RuleMetadata Info = new(
        "policy/argocd-external-chart-pinned", "Argo CD", "External Helm charts are pinned to an exact version", Severity.Error,
        "A range or a moving revision installs whatever upstream publishes next, unreviewed, on the next sync.",
        "Set targetRevision to an exact chart version such as 1.21.1.");

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var application in context.OfKind("Application"))
        {
            seen.Add(application.Name);
            foreach (var source in ApplicationDefinition.From(application).Sources)
            {
                if (source.Chart is not { } chart || RevisionPins.Problem(source.TargetRevision, isChart: true) is not { } problem) continue;
                yield return Report(application, $"chart {chart} is not pinned to an exact version: {problem}",
                    source.TargetRevision is null ? source.At : source.At.Key("targetRevision"));
            }
        }
        // Charts the render stage recorded for Applications that are not objects of this cluster (e.g. defined in the bootstrap folder).
        foreach (var chart in context.Cluster.ExternalCharts.Where(c => !seen.Contains(c.Application)))
        {
            if (RevisionPins.Problem(chart.TargetRevision, isChart: true) is { } problem)
            {
                yield return new Finding(Stages.Policy, Metadata.Severity, Metadata.Id,
                    $"chart {chart.Chart} from {chart.RepoUrl} is not pinned to an exact version: {problem}",
                    chart.Location, context.ClusterName, chart.Application);
            }
        }
    }
}
