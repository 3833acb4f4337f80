using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Pipeline;
using Acolhimento.Validation.Policy;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Gate;

/// <summary>
/// Issue 10 §3 on this repository: a render failure planted in a copy of it fails the gate with that render finding
/// and no advice derived from the incomplete object set — no unused waiver (dev's two waivers cover Secrets the failed
/// render never produced), exactly one info finding saying which checks were skipped and why.
/// </summary>
[Trait("Category", "Gate")]
public sealed class IncompleteRenderGateTests
{
    private static readonly DateOnly Today = new(2026, 12, 1);

    [Fact]
    public async Task Failed_render_of_one_cluster_gives_its_finding_no_unused_waiver_and_one_info_finding()
    {
        // The whole gate runs, the schema stage too: without its data the test skips, as every schema test does.
        SchemaDataSkip.RequireDirectory();
        using var copy = new TempRepository().CopyFrom(RepositoryLocator.Root);
        var overlay = Path.Combine(copy.Root, "overlays/dev/kustomization.yaml");
        var text = File.ReadAllText(overlay);
        File.WriteAllText(overlay, text.Replace("  - ../../apps/api\n", "  - ../../apps/api\n  - ../../apps/apj\n", StringComparison.Ordinal));
        var plantedLine = Array.IndexOf(File.ReadAllLines(overlay), "  - ../../apps/apj") + 1;
        plantedLine.ShouldBeGreaterThan(0);

        var pipeline = new ValidationPipeline(new ProcessRunner(), new PipelineSettings(RenderCache.Default(), null, null, () => Today));
        var report = await pipeline.RunAsync(new ValidationRequest(copy.Root, [], []), TestContext.Current.CancellationToken);
        var findings = report.Findings;

        var errors = findings.ExceptUncachedCharts().Where(f => f.CountsAsError || f.CountsAsWarning).ToList();
        errors.ShouldHaveSingle(RenderRules.MissingResource).Location.ShouldBe(new SourceLocation("overlays/dev/kustomization.yaml", plantedLine, 5), findings.Describe());
        errors.ShouldAllBe(f => f.Rule == RenderRules.MissingResource, errors.Describe());
        findings.ShouldNotContain(f => f.Rule == PolicyStageRules.UnusedWaiver, findings.Describe());
        var skipped = findings.ShouldHaveSingle(PolicyStageRules.ChecksSkipped);
        skipped.Cluster.ShouldBe("dev");
        skipped.Severity.ShouldBe(Severity.Info);
        skipped.Message.ShouldContain($"{RenderRules.MissingResource} at overlays/dev/kustomization.yaml:{plantedLine}");
        findings.Count(f => f.Severity == Severity.Info).ShouldBe(1, findings.Describe());
    }
}
