using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Pipeline;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Reporting;

namespace Acolhimento.Validation.Diff;

/// <summary>What to compare: the working tree of <paramref name="RepositoryRoot"/> against the revision <paramref name="BaseReference"/>.</summary>
public sealed record ChangeRequest(string RepositoryRoot, string BaseReference, IReadOnlyList<string> Clusters, IReadOnlyList<string> Stages, string? SchemaDirectory = null, ClusterShard? Shard = null);

/// <summary>
/// The outcome of <c>diff --base REF</c>: per cluster what changes, the validation of the changed revision with the
/// upgrade-safety findings added, and which clusters' base had to be rendered (the others' inputs were unchanged).
/// </summary>
public sealed record ChangeReport(CheckedOutRevision Base, IReadOnlyList<ClusterChanges> Clusters, ValidationReport Validation, IReadOnlyList<string> BaseRendered)
{
    /// <summary>The working tree's <c>validation.yaml</c> as the run read it (null when it has none), for the reports.</summary>
    public Configuration.RepositoryConfiguration? Configuration { get; init; }
}

/// <summary>
/// Renders the base revision and the working tree with the same tools, options and render cache, validates the working
/// tree, and compares the two per cluster. A cluster none of whose render inputs changed is not rendered for the base:
/// its objects are by construction the same.
/// </summary>
public sealed class ChangeAnalysis(IProcessRunner runner, PipelineSettings settings, BaseRevision revisions)
{
    public async Task<ChangeReport> RunAsync(ChangeRequest request, CancellationToken ct = default)
    {
        settings.Progress.Report($"checking out the base revision {request.BaseReference}");
        var baseRevision = await revisions.CheckOutAsync(request.RepositoryRoot, request.BaseReference, ct);
        var pipeline = new ValidationPipeline(runner, settings);
        var headRequest = new ValidationRequest(request.RepositoryRoot, request.Clusters, request.Stages, request.SchemaDirectory, Shard: request.Shard);
        // One render of the working tree serves both the validation and the comparison.
        var run = await pipeline.ExecuteAsync(headRequest with { Stages = WithRender(request.Stages) }, cancellationToken: ct);
        var validation = run.Report;
        var headClusters = run.Rendered!.Clusters;

        var changedFiles = RenderInputComparison.ChangedFiles(baseRevision.Root, request.RepositoryRoot);
        var headFolders = ClusterLayout.ClusterNames(request.RepositoryRoot);
        var baseFolders = ClusterLayout.ClusterNames(baseRevision.Root);
        var clusters = (request.Clusters.Count > 0 ? request.Clusters : headFolders.Union(baseFolders, StringComparer.Ordinal))
            .Where(c => request.Shard?.Takes(c) ?? true).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var toRender = clusters.Where(c => baseFolders.Contains(c) && RenderInputComparison.AffectsCluster(changedFiles, c)).ToList();

        var extra = new List<Finding>();
        IReadOnlyList<RenderedCluster> baseClusters = [];
        if (toRender.Count > 0)
        {
            settings.Progress.Report($"reading the base revision {request.BaseReference}", toRender);
            var baseInput = RepositoryInput.Read(baseRevision.Root);
            var baseRender = await pipeline.RenderAsync(baseInput, toRender, ct);
            baseClusters = baseRender.Clusters;
            var baseErrors = baseRender.Findings.Concat(baseInput.Findings).Where(f => f.Severity == Severity.Error).Order(FindingOrder.Instance);
            foreach (var failed in baseErrors.GroupBy(f => f.Cluster ?? ""))
            {
                var first = failed.First();
                extra.Add(new Finding(Stages.Render, Severity.Warning, DiffRules.BaseRenderFailed,
                    $"the base revision {baseRevision.Reference} ({baseRevision.Commit[..12]}) did not render completely{(failed.Key.Length > 0 ? $" for cluster {failed.Key}" : "")}"
                    + $" ({failed.Count()} error(s), first: {first.Location?.ToString() ?? "(repository)"}: {first.Rule}: {first.Message}); objects it lacks show as added and upgrade safety is judged on what did render",
                    null, failed.Key.Length > 0 ? failed.Key : null));
            }
        }

        settings.Progress.Report("comparing the base and the changed revision", toRender);
        var upgrade = new List<Finding>();
        foreach (var cluster in toRender)
        {
            upgrade.AddRange(Upgrade.UpgradeSafety.Check(baseClusters.FirstOrDefault(c => c.Name == cluster), headClusters.FirstOrDefault(c => c.Name == cluster)));
        }
        var findings = validation.Findings.Concat(upgrade).Concat(extra).ToList();
        var combined = ValidationReport.Create(findings, validation.Summary.Files, validation.Summary.Documents, validation.Summary.Objects, validation.Summary.DurationMs) with { Shard = validation.Shard };

        var changes = new List<ClusterChanges>();
        foreach (var cluster in clusters)
        {
            var headCluster = headClusters.FirstOrDefault(c => c.Name == cluster);
            if (!toRender.Contains(cluster) && baseFolders.Contains(cluster))
            {
                changes.Add(new ClusterChanges(cluster, InputsChanged: false, []));
                continue;
            }
            changes.Add(ClusterComparison.Compare(cluster, baseClusters.FirstOrDefault(c => c.Name == cluster), headCluster, combined.Findings, inputsChanged: true));
        }
        return new ChangeReport(baseRevision, changes, combined, toRender) { Configuration = run.Input.HasConfiguration ? run.Input.Configuration : null };
    }

    /// <summary>The requested stages, with render added when only parse was asked for (the comparison needs rendered objects).</summary>
    private static IReadOnlyList<string> WithRender(IReadOnlyList<string> stages) =>
        stages.Count == 0 || stages.Any(s => s != Stages.Parse) ? stages : [.. stages, Stages.Render];
}
