using System.Text.RegularExpressions;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.ArgoCd;

public sealed partial class ExternalChartPinned : PolicyRule
{
    [GeneratedRegex(@"^v?\d+\.\d+\.\d+([-+][0-9A-Za-z.+-]+)?$")]
    private static partial Regex ExactVersion();

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
            var spec = application.Spec;
            if (spec is null) continue;
            var sources = new List<(YamlMapping, ObjectPath)>();
            if (spec.Mapping("source") is { } single) sources.Add((single, ObjectPath.Of("spec", "source")));
            var many = spec.Sequence("sources")?.Items ?? [];
            for (var i = 0; i < many.Count; i++)
            {
                if (many[i] is YamlMapping s) sources.Add((s, ObjectPath.Of("spec", "sources", i)));
            }
            foreach (var (source, path) in sources)
            {
                if (source.String("chart") is not { } chart) continue;
                var revision = source.String("targetRevision");
                if (revision is null || !ExactVersion().IsMatch(revision))
                {
                    yield return Report(application, $"chart {chart} is not pinned to an exact version (targetRevision {revision ?? "missing"})",
                        source["targetRevision"] is null ? path : path.Key("targetRevision"));
                }
            }
        }
        // Charts the render stage recorded for Applications that are not objects of this cluster (e.g. defined in the bootstrap folder).
        foreach (var chart in context.Cluster.ExternalCharts.Where(c => !seen.Contains(c.Application)))
        {
            if (!ExactVersion().IsMatch(chart.TargetRevision))
            {
                yield return new Finding(Stages.Policy, Metadata.Severity, Metadata.Id,
                    $"chart {chart.Chart} from {chart.RepoUrl} is not pinned to an exact version (targetRevision {chart.TargetRevision})",
                    chart.Location, context.ClusterName, chart.Application);
            }
        }
    }
}
