using Acolhimento.Validation.Processes;
using Shouldly;

namespace Acolhimento.Validation.Tests.Processes;

[Trait("Category", "Unit")]
public sealed class ProcessRunnerTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Captures_output_error_and_exit_code()
    {
        var result = await new ProcessRunner().RunAsync(new ProcessSpec("sh", ["-c", "echo out; echo err >&2; exit 3"], Generous), TestContext.Current.CancellationToken);
        result.Outcome.ShouldBe(ProcessOutcome.Exited);
        result.ExitCode.ShouldBe(3);
        result.StandardOutput.ShouldBe("out\n");
        result.StandardError.ShouldBe("err\n");
        result.Succeeded.ShouldBeFalse();
        result.FailureSummary.ShouldBe("exit code 3: err");
    }

    [Fact]
    public async Task Arguments_are_passed_verbatim_without_a_shell()
    {
        var tricky = "a b; rm -rf / $(whoami) 'quoted' \"double\"";
        var result = await new ProcessRunner().RunAsync(new ProcessSpec("printf", ["%s", tricky], Generous), TestContext.Current.CancellationToken);
        result.StandardOutput.ShouldBe(tricky);
    }

    [Fact]
    public async Task A_memory_bound_is_set_on_the_tool_and_its_arguments_still_pass_verbatim()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "the memory bound is Linux's RLIMIT_AS");
        var tricky = "a b; rm -rf / $(whoami) 'quoted' \"double\" $0 $@";
        var printed = await new ProcessRunner().RunAsync(new ProcessSpec("printf", ["%s", tricky], Generous, MemoryLimitBytes: 512L * 1024 * 1024), TestContext.Current.CancellationToken);
        printed.StandardOutput.ShouldBe(tricky);
        var limit = await new ProcessRunner().RunAsync(new ProcessSpec("sh", ["-c", "ulimit -v"], Generous, MemoryLimitBytes: 512L * 1024 * 1024), TestContext.Current.CancellationToken);
        limit.StandardOutput.Trim().ShouldBe((512 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Standard_input_and_environment_reach_the_process()
    {
        var result = await new ProcessRunner().RunAsync(new ProcessSpec("sh", ["-c", "cat; echo \"$GREETING\""], Generous,
            Environment: new Dictionary<string, string?> { ["GREETING"] = "hello" }, StandardInput: "piped\n"), TestContext.Current.CancellationToken);
        result.StandardOutput.ShouldBe("piped\nhello\n");
    }

    [Fact]
    public async Task A_process_past_its_timeout_is_killed_and_reported()
    {
        var result = await new ProcessRunner().RunAsync(new ProcessSpec("sleep", ["30"], TimeSpan.FromMilliseconds(300)), TestContext.Current.CancellationToken);
        result.Outcome.ShouldBe(ProcessOutcome.TimedOut);
        result.Duration.ShouldBeLessThan(TimeSpan.FromSeconds(20));
        result.FailureSummary.ShouldStartWith("timed out");
    }

    [Fact]
    public async Task Cancellation_stops_the_process_and_throws()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Should.ThrowAsync<OperationCanceledException>(() => new ProcessRunner().RunAsync(new ProcessSpec("sleep", ["30"], Generous), cancel.Token));
    }

    [Fact]
    public async Task Missing_executable_is_a_failure_to_start_not_an_exception()
    {
        var result = await new ProcessRunner().RunAsync(new ProcessSpec("/definitely/not/a/tool", [], Generous), TestContext.Current.CancellationToken);
        result.Outcome.ShouldBe(ProcessOutcome.FailedToStart);
        result.FailureSummary.ShouldStartWith("could not start");
    }

    [Fact]
    public async Task Large_output_does_not_deadlock()
    {
        var result = await new ProcessRunner().RunAsync(new ProcessSpec("sh", ["-c", "head -c 3000000 /dev/zero | tr '\\0' a; head -c 3000000 /dev/zero | tr '\\0' b >&2"], Generous), TestContext.Current.CancellationToken);
        result.StandardOutput.Length.ShouldBe(3_000_000);
        result.StandardError.Length.ShouldBe(3_000_000);
    }

    [Fact]
    public async Task A_process_that_never_reads_its_input_still_times_out()
    {
        var huge = new string('x', 8 * 1024 * 1024); // far beyond a pipe buffer
        var result = await new ProcessRunner().RunAsync(new ProcessSpec("sleep", ["30"], TimeSpan.FromMilliseconds(500), StandardInput: huge), TestContext.Current.CancellationToken);
        result.Outcome.ShouldBe(ProcessOutcome.TimedOut);
        result.Duration.ShouldBeLessThan(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_background_child_holding_the_output_open_does_not_outlive_the_timeout()
    {
        // The tool exits at once, but a child it left behind keeps stdout open: reading to the end must still be bounded.
        var result = await new ProcessRunner().RunAsync(new ProcessSpec("sh", ["-c", "echo started; sleep 30 & exit 0"], TimeSpan.FromMilliseconds(800)), TestContext.Current.CancellationToken);
        result.Duration.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        result.Outcome.ShouldBe(ProcessOutcome.TimedOut);
        result.StandardOutput.ShouldBe("started\n");
    }

    [Fact]
    public async Task Output_past_the_limit_is_counted_not_kept_and_the_run_is_not_a_success()
    {
        // 50 MB on standard output against a 1 MiB limit: the tool runs to the end (never blocked on a full pipe), the
        // first MiB is kept, the rest is counted, and the result says its output is incomplete.
        const long limit = 1024 * 1024;
        const long written = 50_000_000;
        var result = await new ProcessRunner().RunAsync(new ProcessSpec("sh", ["-c", $"head -c {written} /dev/zero | tr '\\0' a; echo done >&2"], Generous,
            OutputLimitBytes: limit), TestContext.Current.CancellationToken);
        result.Outcome.ShouldBe(ProcessOutcome.OutputTooLarge);
        result.ExitCode.ShouldBe(0);
        result.StandardOutput.Length.ShouldBe((int)limit);
        result.StandardError.ShouldBe("done\n");
        result.DroppedBytes.ShouldBe(written - limit);
        result.Succeeded.ShouldBeFalse();
        result.FailureSummary.ShouldBe($"wrote more output than the limit ({(written - limit) / (1024.0 * 1024):0.#} MiB past it were dropped); its output is incomplete and was not used");
    }

    [Fact]
    public async Task A_tool_that_exits_without_reading_its_input_is_an_ordinary_exit()
    {
        var huge = new string('x', 8 * 1024 * 1024); // far beyond a pipe buffer: writing it must stop when the tool exits
        var result = await new ProcessRunner().RunAsync(new ProcessSpec("sh", ["-c", "echo ignored; exit 4"], Generous, StandardInput: huge), TestContext.Current.CancellationToken);
        result.Outcome.ShouldBe(ProcessOutcome.Exited);
        result.ExitCode.ShouldBe(4);
        result.StandardOutput.ShouldBe("ignored\n");
        result.Duration.ShouldBeLessThan(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task An_isolated_tool_sees_an_empty_home_and_no_kubeconfig()
    {
        var scratch = Directory.CreateTempSubdirectory("acolhimento-isolated-").FullName;
        try
        {
            var result = await new ProcessRunner().RunAsync(new ProcessSpec("sh", ["-c", "echo \"$HOME\"; ls -A \"$HOME\" | wc -l; test -e \"$KUBECONFIG\" && echo kubeconfig || echo no-kubeconfig"], Generous,
                Environment: ToolEnvironment.Isolated(scratch)), TestContext.Current.CancellationToken);
            result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ShouldBe([scratch, "0", "no-kubeconfig"]);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }
}
