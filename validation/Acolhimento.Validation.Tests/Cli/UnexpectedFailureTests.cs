using System.Text.Json;
using Acolhimento.Validation.Cli;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Cli;

/// <summary>
/// An exception no stage expected (here: the process runner itself breaks) ends a run with exit 2, one line on standard
/// error naming it, and every report file still written saying that nothing was judged, never a crash without output.
/// </summary>
[Trait("Category", "Unit")]
public sealed class UnexpectedFailureTests
{
    private sealed class BrokenRunner : IProcessRunner
    {
        public Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("the runner broke\nwith a second line");
    }

    [Theory]
    [InlineData("validate")]
    [InlineData("render")]
    public async Task An_unexpected_exception_is_exit_two_with_the_report_written(string command)
    {
        SchemaDataSkip.RequireForRender();
        using var output = new TempRepository();
        var json = Path.Combine(output.Root, "report.json");
        string[] args = command == "validate"
            ? ["validate", "--repo", RepositoryLocator.Root, "--format", "json=" + json]
            : ["render", "--repo", RepositoryLocator.Root, "--cluster", "dev"];
        // An empty render cache: a remembered render would start no tool, and nothing would break.
        using var cache = new TempRepository();
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var exit = await CommandLine.RunAsync(args, stdout, stderr, new BrokenRunner(), TestPipeline.Settings(cache.Root));
        var run = new CliResult(exit, stdout.ToString(), stderr.ToString());

        run.Exit.ShouldBe(2, run.Err);
        run.Err.ShouldStartWith("error: the gate failed unexpectedly and judged nothing: InvalidOperationException: the runner broke with a second line");
        run.Err.TrimEnd().ShouldNotContain("\n", customMessage: "one line, no stack trace");
        if (command != "validate") return;
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        report.RootElement.GetProperty("exitCode").GetInt32().ShouldBe(2);
        (report.RootElement.GetProperty("reason").GetString() ?? "").ShouldContain("InvalidOperationException");
    }
}
