using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Parsing;

namespace Acolhimento.Validation.Render.Charts;

/// <summary>
/// An Application source that names a chart of a Helm repository or OCI registry (<c>repoURL</c>, <c>chart</c>,
/// <c>targetRevision</c>): rendered, as Argo CD renders it, from the chart archive pinned in the chart lock and held by
/// the chart cache, through the same <see cref="HelmSource"/> as the repository's own charts (helm block, values
/// schema, dependencies). Without the archive: one warning naming what is not checked, never a fetch.
/// </summary>
internal sealed class UpstreamChartSource
{
    /// <summary>Folder of a workspace that also holds a copy of the repository (for <c>$ref</c> value files) into which the chart is unpacked.</summary>
    private const string ChartsFolder = ".acolhimento-upstream-charts";

    public async Task<SourceOutput> RenderAsync(RenderContext context, ApplicationDefinition app, SourceDefinition source, string cluster, string kubernetesVersion, CancellationToken ct)
    {
        var chart = source.Chart!;
        // A version that is no exact pin is reported by the pin check; there is nothing to look up.
        if (RevisionPins.Problem(source.TargetRevision, isChart: true) is not null) return SourceOutput.Failed();
        var request = new ArchiveRequest(ArchiveKind.Chart, source.RepoUrl!, chart, source.TargetRevision!);
        var located = context.Charts.Locate(request);
        if (located.Content is not { } archive)
        {
            return SourceOutput.Failed(app.Object.Finding(Stages.Render, Severity.Warning, RenderRules.ChartNotCached,
                $"Application {app.Identity}: not checked: chart {request.Describe()} is {located.Missing}; the objects it would deploy"
                + $"{(app.DestinationNamespace is { } ns ? $" (into namespace {ns})" : "")} are not rendered, so no check sees them; run charts pull",
                source.At.Key("chart")) with { Application = app.Identity });
        }

        // $ref value files are read from this repository: the chart then sits in a copy of it, else alone.
        var refs = app.Sources.Any(s => s.Ref is not null && context.Configuration.IsThisRepository(s.RepoUrl));
        using var workspace = refs ? RenderWorkspace.Create(context.Repository) : RenderWorkspace.CreateEmpty();
        var parent = refs ? ChartsFolder : "";
        var (folder, problem) = ChartUnpacking.Unpack(archive, workspace.PathOf(parent), chart);
        if (problem is not null)
        {
            return SourceOutput.Failed(SourceFindings.At(app, source)(RenderRules.ArchiveRefused,
                $"chart {request.Describe()} (sha256 {located.Sha256}) from the chart cache cannot be used: {problem}; its objects are not checked", "chart"));
        }
        var chartFolder = parent.Length == 0 ? folder! : $"{parent}/{folder}";
        var tree = ParseStage.Run(RepositoryScanner.Scan(workspace.Root)).Repository;
        var decision = SourceTypeDecision.Decide(tree, app, source with { Path = chartFolder });
        // Argo CD renders a chart source with Helm whatever files the chart holds.
        if (decision.Problems.Count == 0) decision = decision with { Type = SourceTypes.Helm };
        var output = await new SourceRenderer(context.Over(tree)).RenderAsync(decision, cluster, kubernetesVersion, ct);
        return output with { ReachedFolders = new HashSet<string>() };
    }
}
