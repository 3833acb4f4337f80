using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Pipeline;
using Acolhimento.Validation.Policy;
using Acolhimento.Validation.Reporting;
using Acolhimento.Validation.Tests.AnyRepository;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Pipeline;

/// <summary>
/// Issue 25 §1: a run reads validation.yaml, policy/config.yaml and policy/exceptions.yaml once, in the parse stage; the
/// configuration, the policy stage, the rule profile and the report context are built from that text. The proof: the
/// files are taken away right after the parse stage, and the rest of the run and its report context still see them.
/// </summary>
[Trait("Category", "Unit")]
public sealed class SettingsReadOnceTests
{
    private const string Waivers = """
        waivers:
          - id: nothing-to-waive
            rule: policy/pss-privileged
            selector: {cluster: one, name: no-such-workload}
            reason: read from the text the parse stage kept
            owner: platform-team
            expires: 2099-12-31
        """;

    private static SmallRepository Repository() => new SmallRepository()
        .Write("apps/web.yaml", SmallRepository.Deployment("web"))
        .Write("policy/config.yaml", "profile: kubernetes\n")
        .Write("policy/exceptions.yaml", Waivers);

    [Fact]
    public void The_parse_stage_keeps_the_text_of_the_run_settings_only()
    {
        using var repository = Repository();
        var input = RepositoryInput.Read(repository.Root);
        input.Repository.Files.Where(f => f.Text is not null).Select(f => f.Path).Order(StringComparer.Ordinal)
            .ShouldBe(HarnessFolders.RunSettings.Order(StringComparer.Ordinal));
        input.Repository.Find(HarnessFolders.PolicySettings)!.Text.ShouldBe("profile: kubernetes\n");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task After_the_parse_stage_no_stage_and_no_report_reads_the_settings_again(bool policyStageRuns)
    {
        SchemaDataSkip.RequireForRender();
        using var repository = Repository();
        using var away = new TempRepository();
        string[] stages = policyStageRuns ? [Stages.Render, Stages.Policy] : [Stages.Render];
        var expected = await RunAsync(repository.Root, RepositoryInput.Read(repository.Root), stages);

        var input = RepositoryInput.Read(repository.Root);
        foreach (var file in HarnessFolders.RunSettings)
        {
            File.Move(Path.Combine(repository.Root, file), Path.Combine(away.Root, Path.GetFileName(file)));
        }
        var (run, context) = await RunAsync(repository.Root, input, stages);

        run.Report.CannotValidateReason.ShouldBeNull();
        run.Report.Findings.ShouldBe(expected.Run.Report.Findings);
        if (policyStageRuns) run.Report.Findings.ShouldContain(f => f.Rule == PolicyStageRules.UnusedWaiver && f.Message.Contains("nothing-to-waive"));
        (run.Policy is null).ShouldBe(!policyStageRuns, "the rules and waivers are loaded only when the policy stage runs");
        context.WaiverReasons.ShouldBe(expected.Context.WaiverReasons);
        context.WaiverReasons["nothing-to-waive"].ShouldBe("read from the text the parse stage kept");
        context.DocumentationBase.ShouldBe("https://github.com/example/small-apps/blob/main/");
        context.Rules.All.ShouldBe(expected.Context.Rules.All);
    }

    [Fact]
    public void The_profile_is_read_without_discovering_rules_and_decides_as_the_policy_stage_does()
    {
        foreach (var text in new[] { null, "profile: kubernetes\n", "profile: organisation\n", "profile: nonsense\n", "rules: []\n", "- not a mapping\n", "profile: [kubernetes]\n" })
        {
            var stage = PolicyStage.FromText(text, null, rules: []);
            PolicyConfigurationReader.ProfileOf(text).ShouldBe(stage.Configuration.EffectiveSelection.Profile, text ?? "(no file)");
        }
    }

    private static async Task<(ValidationRun Run, ReportContext Context)> RunAsync(string root, RepositoryInput input, IReadOnlyList<string> stages)
    {
        var run = await TestPipeline.Create().ExecuteAsync(new ValidationRequest(root, [], stages), input, TestContext.Current.CancellationToken);
        var context = ReportContext.ForRepository(root, ["one"], stages, FailOn.Error, null, input.ConfigurationIfValid, run.Policy, input.Repository);
        return (run, context);
    }
}
