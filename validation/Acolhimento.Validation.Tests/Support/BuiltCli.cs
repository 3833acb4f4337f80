using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Processes;

namespace Acolhimento.Validation.Tests.Support;

/// <summary>
/// The CLI as a user runs it: the assembly the build put beside the tests (the test project references the CLI project,
/// so every test shares that one build), started with <c>dotnet</c> as a child process in a clean environment — only
/// where to find programs, the caches and the schema data the test run itself uses, every proxy at a port nothing
/// listens on (no network), and nothing else of the test's environment. Standard error is returned without the
/// pipeline's progress lines: a step is shown once it has run for a second, so whether one appears depends on the
/// machine's load, not on the command.
/// </summary>
public static class BuiltCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>Runs <c>dotnet acolhimento-validate.dll ARGS</c> in <paramref name="workingDirectory"/>; <paramref name="environment"/> adds or (null) removes variables.</summary>
    public static async Task<CliResult> RunInAsync(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        var variables = CleanEnvironment();
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>()) variables[name] = value;
        var result = await new ProcessRunner().RunAsync(
            new ProcessSpec(Dotnet, [RepositoryLocator.BuiltCli, .. args], Timeout, workingDirectory, new IsolatedVariables(variables)),
            TestContext.Current.CancellationToken);
        if (result.Outcome != ProcessOutcome.Exited) throw new InvalidOperationException($"the built CLI did not finish: {result.FailureSummary}");
        var error = string.Join('\n', result.StandardError.ReplaceLineEndings("\n").Split('\n').Where(l => !IsProgress(l)));
        return new CliResult(result.ExitCode, result.StandardOutput.ReplaceLineEndings("\n"), error);
    }

    /// <summary>Runs the built CLI in this repository's root.</summary>
    public static Task<CliResult> RunAsync(params string[] args) => RunInAsync(RepositoryLocator.Root, null, args);

    /// <summary>A progress line of a non-terminal run: <c>acolhimento-validate: STEP…</c>.</summary>
    private static bool IsProgress(string line) => line.StartsWith($"{Validation.Reporting.ReportContext.ToolName}: ", StringComparison.Ordinal) && line.EndsWith('…');

    /// <summary>The host that runs the assembly: the one the test run was started with, else <c>dotnet</c> from PATH.</summary>
    private static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    private static Dictionary<string, string?> CleanEnvironment()
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["LANG"] = "C.UTF-8",
            ["NO_PROXY"] = "",
            ["no_proxy"] = "",
        };
        foreach (var name in new[] { "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy" }) variables[name] = ToolEnvironment.UnreachableProxy;
        // Programs (git, kubectl, helm), the dotnet installation, the caches the harness fills (tools, renders) and the schema data, as the test run has them.
        foreach (var name in new[] { "PATH", "HOME", "DOTNET_ROOT", "TMPDIR", "XDG_CACHE_HOME", Identity.CacheFolders.EnvironmentVariable, SchemaLocator.EnvironmentVariable })
        {
            if (Environment.GetEnvironmentVariable(name) is { } value) variables[name] = value;
        }
        return variables;
    }
}
