using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Pipeline;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Gate;

/// <summary>
/// Issue 14 §2 on this repository, tried as a new user would: a value in clusters/production/values.yaml that turns
/// production's sync automatic is one finding at that values line — not six at the templates that use it.
/// </summary>
[Trait("Category", "Gate")]
public sealed class ValuesDecisionGateTests
{
    [Fact]
    public async Task Automatic_sync_switched_on_in_production_values_is_one_finding_at_the_values_line()
    {
        // The whole gate runs, the schema stage too: without its data the test skips, as every schema test does.
        SchemaDataSkip.RequireDirectory();
        using var copy = new TempRepository().CopyFrom(RepositoryLocator.Root);
        var values = Path.Combine(copy.Root, "clusters/production/values.yaml");
        var lines = File.ReadAllLines(values);
        var index = Array.IndexOf(lines, "  automated: false");
        index.ShouldBeGreaterThanOrEqualTo(0);
        lines[index] = "  automated: true";
        File.WriteAllLines(values, lines);

        var pipeline = new ValidationPipeline(new ProcessRunner(), new PipelineSettings(RenderCache.Default(), null, null, () => new DateOnly(2026, 12, 1)));
        var report = await pipeline.RunAsync(new ValidationRequest(copy.Root, [], []), TestContext.Current.CancellationToken);

        var counted = report.Findings.ExceptUncachedCharts().Where(f => f.CountsAsError || f.CountsAsWarning).ToList();
        var finding = counted.ShouldHaveSingleItem(counted.Describe());
        finding.Rule.ShouldBe("policy/argocd-production-manual-sync");
        finding.Location.ShouldBe(new SourceLocation("clusters/production/values.yaml", index + 1, "  automated: ".Length + 1));
        finding.Cluster.ShouldBe("production");
        finding.Message.ShouldContain("the same line decides it for");
    }
}
