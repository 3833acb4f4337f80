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
        var command = Cli.Wrap(spec.FileName)
            .WithArguments(spec.Arguments)
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
            return new ProcessResult(dropped > 0 ? ProcessOutcome.OutputTooLarge : ProcessOutcome.Exited, exit.ExitCode, stdout.Text(), stderr.Text(), stopwatch.Elapsed, dropped);
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
}
