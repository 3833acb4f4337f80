using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Policy;

/// <summary>
/// Applies the waivers of <c>policy/exceptions.yaml</c> to the rule findings of one run: a finding an active waiver covers
/// is kept, marked with the waiver; an expired waiver is an error and waives nothing; a waiver that matched nothing is a
/// warning — judged only when the run evaluated every cluster the waiver may apply to, so that validating one cluster
/// does not advise removing the waivers of the others, and none of those clusters' render lost objects (a failed render
/// leaves findings unmade, not waivers unused).
/// </summary>
internal static class WaiverApplication
{
    /// <param name="repositoryClusters">Every cluster of the repository; null when unknown, then the evaluated clusters are taken as all of them.</param>
    /// <param name="incompleteClusters">Evaluated clusters whose render lost objects: evaluated, but not completely.</param>
    /// <param name="judgedClusters">The clusters this run answers for (a shard's share; null: all of them): a waiver is unused when no finding of these matched it.</param>
    public static IReadOnlyList<Finding> Apply(
        IReadOnlyList<Finding> ruleFindings, IReadOnlyList<Waiver> waivers, DateOnly today,
        IReadOnlyCollection<string> evaluatedClusters, IReadOnlyCollection<string>? repositoryClusters,
        IReadOnlySet<string>? incompleteClusters = null, IReadOnlyCollection<string>? judgedClusters = null)
    {
        var completelyEvaluated = incompleteClusters is null or { Count: 0 }
            ? evaluatedClusters
            : evaluatedClusters.Where(c => !incompleteClusters.Contains(c)).ToList();
        var findings = new List<Finding>(ruleFindings.Count + waivers.Count);
        var used = new HashSet<Waiver>();
        var active = waivers.Where(w => !w.IsExpired(today)).ToList();
        foreach (var finding in ruleFindings)
        {
            var waiver = active.FirstOrDefault(w => w.Covers(finding));
            if (waiver is not null) used.Add(waiver);
            findings.Add(waiver is null ? finding : finding with { Waiver = waiver.Id });
        }
        var allClusters = repositoryClusters ?? evaluatedClusters;
        foreach (var waiver in waivers)
        {
            if (waiver.IsExpired(today))
            {
                findings.Add(new Finding(Stages.Policy, Severity.Error, PolicyStageRules.ExpiredWaiver,
                    $"waiver {waiver.Id} for {waiver.Rule} ({waiver.Selector}) expired on {waiver.Expires:yyyy-MM-dd}; fix the findings it covered or renew it with {waiver.Owner}",
                    waiver.Location));
            }
            else if (!used.Contains(waiver) && WasFullyEvaluated(waiver, completelyEvaluated, judgedClusters ?? allClusters))
            {
                var unknownCluster = waiver.Selector.Cluster is { } cluster && !allClusters.Contains(cluster)
                    ? $"; cluster {cluster} is not one of {string.Join(", ", allClusters.Order(StringComparer.Ordinal))}"
                    : "";
                findings.Add(new Finding(Stages.Policy, Severity.Warning, PolicyStageRules.UnusedWaiver,
                    $"waiver {waiver.Id} for {waiver.Rule} ({waiver.Selector}) matches no finding{unknownCluster}; remove it",
                    waiver.Location));
            }
        }
        return findings;
    }

    /// <summary>Whether every cluster the waiver may apply to was evaluated (a cluster the repository lacks counts as evaluated: nothing there can match).</summary>
    private static bool WasFullyEvaluated(Waiver waiver, IReadOnlyCollection<string> evaluated, IReadOnlyCollection<string> all) =>
        waiver.Selector.Cluster is { } cluster
            ? evaluated.Contains(cluster) || !all.Contains(cluster)
            : all.All(evaluated.Contains);
}
