using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using CliWrap;

namespace Acolhimento.Validation.Processes;

/// <summary>
/// The one way the harness starts external tools (kubectl, helm, docker, npm), through CliWrap: argument lists, standard
/// input piped in, exit codes read rather than thrown, output kept up to a byte limit, and one deadline for the whole
/// run after which the process tree is killed. Cancellation by the caller throws; a timeout is a result. A tool given
/// <see cref="ToolEnvironment.Isolated"/> variables sees those and no other variable of the gate's environment.
/// </summary>
public sealed class ProcessRunner : IProcessRunner
{
    public async Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken = default)
    {
        var stdout = new BoundedCapture(spec.OutputLimitBytes);
        var stderr = new BoundedCapture(spec.OutputLimitBytes);
        var (fileName, arguments) = MemoryBounded(spec);
        var command = Cli.Wrap(fileName)
            .WithArguments(arguments)
            .WithEnvironmentVariables(spec.Environment is IsolatedVariables isolated
                ? isolated.Replacing(Environment.GetEnvironmentVariables()) // nothing of the gate's environment but what is allowed
                : spec.Environment ?? new Dictionary<string, string?>())
            .WithStandardInputPipe(spec.StandardInput is null ? PipeSource.Null : PipeSource.FromString(spec.StandardInput, Encoding.UTF8))
            .WithStandardOutputPipe(stdout)
            .WithStandardErrorPipe(stderr)
            .WithValidation(CommandResultValidation.None);
        if (spec.WorkingDirectory is not null) command = command.WithWorkingDirectory(spec.WorkingDirectory);

        // One deadline for everything — feeding standard input and draining the output included: a tool that never reads
        // its input, or leaves a child behind that keeps its output open after it exits, must not hang the run.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(spec.Timeout);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var exit = await command.ExecuteAsync(deadline.Token);
            var dropped = stdout.DroppedBytes + stderr.DroppedBytes;
            var errors = stderr.Text();
            var outcome = dropped > 0 ? ProcessOutcome.OutputTooLarge
                : exit.ExitCode != 0 && spec.MemoryLimitBytes is not null && SaysOutOfMemory(errors) ? ProcessOutcome.OutOfMemory
                : ProcessOutcome.Exited;
            return new ProcessResult(outcome, exit.ExitCode, stdout.Text(), errors, stopwatch.Elapsed, dropped);
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException)
        {
            return new ProcessResult(ProcessOutcome.FailedToStart, -1, "", $"{spec.FileName}: {ex.Message}", stopwatch.Elapsed);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // CliWrap has killed the process tree; whatever arrived before the deadline is still reported.
            return new ProcessResult(ProcessOutcome.TimedOut, -1, stdout.Text(), stderr.Text(), stopwatch.Elapsed, stdout.DroppedBytes + stderr.DroppedBytes);
        }
    }

    /// <summary>
    /// The command that runs the tool under its memory bound: on Linux through <c>/bin/sh</c>, which sets the limit and
    /// then becomes the tool (<c>exec</c>: same process, so the deadline's kill reaches it; arguments passed as a list,
    /// never through the shell's parser). Elsewhere the tool runs unbounded, as the resource limit is Linux's.
    /// </summary>
    internal static (string FileName, IReadOnlyList<string> Arguments) MemoryBounded(ProcessSpec spec)
    {
        if (spec.MemoryLimitBytes is not { } limit || !OperatingSystem.IsLinux() || !File.Exists(Shell)) return (spec.FileName, spec.Arguments);
        var kibibytes = Math.Max(1, limit / 1024);
        return (Shell, ["-c", $"ulimit -v {kibibytes} && exec \"$0\" \"$@\"", spec.FileName, .. spec.Arguments]);
    }

    private const string Shell = "/bin/sh";

    /// <summary>How the tools the gate runs say they could not allocate: Go's runtime (Helm, kubectl) and C++'s (Jsonnet).</summary>
    private static bool SaysOutOfMemory(string standardError) =>
        standardError.Contains("fatal error: out of memory", StringComparison.Ordinal)
        || standardError.Contains("runtime: out of memory", StringComparison.Ordinal)
        || standardError.Contains("std::bad_alloc", StringComparison.Ordinal)
        || standardError.Contains("memory allocation error", StringComparison.Ordinal); // jsonnet's "FATAL ERROR: a memory allocation error occurred."
}
