using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Pipeline;
using Acolhimento.Validation.Policy;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Gate;

/// <summary>
/// The one test that reads the clock, on purpose: the gate judges this repository's waivers on today's date, as
/// <c>validate</c> does in CI, so the day a waiver expires this test fails and names it. Every other test judges
/// waivers on <see cref="TestPipeline.Today"/> (ClockReadTests holds that).
/// </summary>
[Trait("Category", "Gate")]
public sealed class TodaysDateGateTests
{
    [Fact]
    public async Task On_todays_date_the_gate_passes_so_a_waiver_that_has_expired_fails_it()
    {
        SchemaDataSkip.RequireForRender();
        var settings = PipelineSettings.Default(); // the real clock: DateTime.UtcNow
        var report = await new ValidationPipeline(new ProcessRunner(), settings)
            .RunAsync(new ValidationRequest(RepositoryLocator.Root, [], [Stages.Policy]), TestContext.Current.CancellationToken);
        var expired = report.Findings.Where(f => f.Rule == PolicyStageRules.ExpiredWaiver).ToList();
        expired.ShouldBeEmpty($"on {settings.Today():yyyy-MM-dd} these waivers have expired; renew them with a reason or fix what they waive:\n{expired.Describe()}");
        report.Findings.ShouldHaveNoErrors();
    }
}
