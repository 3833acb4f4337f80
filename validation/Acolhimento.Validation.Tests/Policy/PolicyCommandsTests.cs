using Acolhimento.Validation.Cli;
using Acolhimento.Validation.Policy;
using Acolhimento.Validation.Reporting;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Policy;

[Trait("Category", "Unit")]
public sealed class PolicyCommandsTests
{
    private static Task<CliResult> Run(params string[] args) => CliRun.RunAsync(args);

    [Fact]
    public async Task List_of_the_policy_stage_prints_one_line_per_rule()
    {
        var (exit, output, _) = await Run("rules", "list", "--stage", "policy");
        exit.ShouldBe(0);
        var lines = output.TrimEnd('\n').Split('\n');
        lines.Length.ShouldBe(RuleList.All(RuleDiscovery.Discover().Select(r => r.Metadata)).Count(r => r.Stage == "policy"));
        lines.ShouldContain(l => l.StartsWith("policy/image-tag-not-latest ", StringComparison.Ordinal) && l.Contains(" error ") && l.Contains("not latest"));
    }

    [Fact]
    public async Task Explain_prints_metadata_and_parameter_values()
    {
        var (exit, output, _) = await Run("policies", "explain", "policy/image-registry-allowed", "--repo", RepositoryLocator.Root);
        exit.ShouldBe(0);
        output.ShouldContain("Images come from an allowed registry");
        output.ShouldContain("Parameter `allowedRegistries`: `[docker.io, ghcr.io]`");
        output.ShouldContain("Why: ");
        output.ShouldContain("Fix: ");
    }

    [Fact]
    public async Task Explain_unknown_rule_exits_two_with_one_line()
    {
        var (exit, _, err) = await Run("policies", "explain", "policy/no-such-rule", "--repo", RepositoryLocator.Root);
        exit.ShouldBe(2);
        err.ShouldStartWith("error: unknown rule policy/no-such-rule");
        err.TrimEnd('\n').ShouldNotContain('\n');
    }

    [Fact]
    public async Task Readme_write_regenerates_the_file()
    {
        using var repo = new TempRepository().Write(PolicyConfiguration.FileName, File.ReadAllText(Path.Combine(RepositoryLocator.Root, PolicyConfiguration.FileName)));
        var (exit, _, _) = await Run("policies", "readme", "--write", "--repo", repo.Root);
        exit.ShouldBe(0);
        File.ReadAllText(Path.Combine(repo.Root, PolicyReadme.FileName)).ShouldBe(File.ReadAllText(Path.Combine(RepositoryLocator.Root, PolicyReadme.FileName)));
    }
}
