using System.Text.Json;
using Acolhimento.Validation.Cli;
using Acolhimento.Validation.Pipeline;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Cli;

/// <summary>What a newcomer sees while a run takes its time: the steps on standard error, the report alone on standard output.</summary>
[Trait("Category", "Unit")]
public sealed class ProgressTests
{
    [Fact]
    public async Task Steps_go_to_standard_error_as_plain_lines_and_never_into_the_json()
    {
        using var repo = new TempRepository().Write("validation.yaml", File.ReadAllText(Path.Combine(RepositoryLocator.Root, "validation.yaml")));
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        using var printer = new ProgressPrinter(stderr, terminal: false, threshold: TimeSpan.Zero);
        var exit = await CommandLine.RunAsync(["validate", "--repo", repo.Root, "--stage", "render", "--format", "json"], stdout, stderr, null, TestPipeline.Settings() with { Progress = printer });
        exit.ShouldBeOneOf(0, 1);
        JsonDocument.Parse(stdout.ToString()).RootElement.GetProperty("exitCode").GetInt32().ShouldBe(exit, stderr.ToString());
        var lines = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.ShouldContain("acolhimento-validate: reading the repository…");
        lines.ShouldContain("acolhimento-validate: rendering what Argo CD would apply (the first run also installs Helm and kubectl) (clusters dev, staging, production)…");
        stderr.ToString().ShouldNotContain("\u001b");
    }

    [Fact]
    public void On_a_terminal_the_current_step_is_one_line_rewritten_and_cleared_at_the_end()
    {
        var stderr = new StringWriter();
        using (var printer = new ProgressPrinter(stderr, terminal: true, threshold: TimeSpan.Zero))
        {
            printer.Report(new PipelineStep("reading the repository", []));
            printer.Report(new PipelineStep("checking the policy rules", ["dev"]));
        }
        stderr.ToString().ShouldBe("\r\u001b[Kacolhimento-validate: reading the repository…\r\u001b[Kacolhimento-validate: checking the policy rules (cluster dev)…\r\u001b[K");
    }
}
