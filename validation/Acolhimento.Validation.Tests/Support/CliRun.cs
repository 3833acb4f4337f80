using Acolhimento.Validation.Cli;
using Acolhimento.Validation.Processes;

namespace Acolhimento.Validation.Tests.Support;

/// <summary>What one CLI invocation returned and printed.</summary>
public sealed record CliResult(int Exit, string Out, string Err);

/// <summary>Runs the CLI in-process, as a user would from a shell, capturing both output streams; waivers are judged on <see cref="TestPipeline.Today"/>.</summary>
public static class CliRun
{
    public static async Task<CliResult> RunAsync(string[] args, IProcessRunner? runner = null)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CommandLine.RunAsync(args, stdout, stderr, runner, TestPipeline.Settings());
        return new CliResult(exit, stdout.ToString(), stderr.ToString());
    }
}
