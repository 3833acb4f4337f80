using System.Diagnostics;
using System.Text;

namespace Acolhimento.Validation.Processes;

/// <summary>What to run: an executable and its arguments as a list (never a shell string), with a hard timeout.</summary>
public sealed record ProcessSpec(
    string FileName,
    IReadOnlyList<string> Arguments,
    TimeSpan Timeout,
    string? WorkingDirectory = null,
    IReadOnlyDictionary<string, string?>? Environment = null,
    string? StandardInput = null)
{
    public override string ToString() => string.Join(' ', new[] { FileName }.Concat(Arguments.Select(Quote)));

    private static string Quote(string a) => a.Length > 0 && a.All(c => !char.IsWhiteSpace(c) && c is not '"' and not '\'') ? a : $"'{a.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}

public enum ProcessOutcome
{
    Exited,
    TimedOut,
    FailedToStart,
}

public sealed record ProcessResult(ProcessOutcome Outcome, int ExitCode, string StandardOutput, string StandardError, TimeSpan Duration)
{
    public bool Succeeded => Outcome == ProcessOutcome.Exited && ExitCode == 0;

    /// <summary>One line saying why the run did not succeed, for findings and exit-2 reasons.</summary>
    public string FailureSummary => Outcome switch
    {
        ProcessOutcome.TimedOut => $"timed out after {Duration.TotalSeconds:0.#} s",
        ProcessOutcome.FailedToStart => $"could not start: {StandardError.Trim()}",
        _ => $"exit code {ExitCode}: {FirstLines(StandardError.Length > 0 ? StandardError : StandardOutput)}",
    };

    private static string FirstLines(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(" | ", lines.Take(5));
    }
}

public interface IProcessRunner
{
    Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken = default);
}

/// <summary>
/// The one way the harness starts external tools (kubectl, helm, docker, npm): argument lists, captured output,
/// a timeout that kills the whole process tree, and cancellation.
/// </summary>
public sealed class ProcessRunner : IProcessRunner
{
    public async Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken = default)
    {
        var startInfo = new ProcessStartInfo(spec.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = spec.WorkingDirectory ?? "",
        };
        foreach (var argument in spec.Arguments) startInfo.ArgumentList.Add(argument);
        if (spec.Environment is not null)
        {
            foreach (var (key, value) in spec.Environment)
            {
                if (value is null) startInfo.Environment.Remove(key);
                else startInfo.Environment[key] = value;
            }
        }

        var stopwatch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = startInfo };
        try
        {
            if (!process.Start()) return new ProcessResult(ProcessOutcome.FailedToStart, -1, "", $"{spec.FileName} did not start", stopwatch.Elapsed);
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return new ProcessResult(ProcessOutcome.FailedToStart, -1, "", $"{spec.FileName}: {ex.Message}", stopwatch.Elapsed);
        }

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var pumps = Task.WhenAll(Pump(process.StandardOutput, stdout), Pump(process.StandardError, stderr));
        // One deadline for the whole run — feeding standard input and draining the output included: a tool that never
        // reads its input, or leaves a child behind that keeps its output open after it exits, must not hang us.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(spec.Timeout);
        var timedOut = false;
        try
        {
            try
            {
                if (spec.StandardInput is not null) await process.StandardInput.WriteAsync(spec.StandardInput.AsMemory(), timeout.Token);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The tool exited without reading its input; its exit code and stderr say why.
            }
            await process.WaitForExitAsync(timeout.Token);
            await pumps.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            timedOut = true;
            await DrainBriefly(pumps);
        }
        var output = Snapshot(stdout);
        var error = Snapshot(stderr);
        return timedOut
            ? new ProcessResult(ProcessOutcome.TimedOut, -1, output, error, stopwatch.Elapsed)
            : new ProcessResult(ProcessOutcome.Exited, process.ExitCode, output, error, stopwatch.Elapsed);
    }

    /// <summary>Copies a stream into a buffer as it arrives, so that whatever came before a timeout is still reported.</summary>
    private static async Task Pump(StreamReader reader, StringBuilder into)
    {
        var buffer = new char[16 * 1024];
        try
        {
            int read;
            while ((read = await reader.ReadAsync(buffer.AsMemory(), CancellationToken.None)) > 0)
            {
                lock (into) into.Append(buffer, 0, read);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The pipe was torn down after a timeout; what was read so far is kept.
        }
    }

    /// <summary>After a kill the pipes normally close at once; a left-behind child holding them open is not waited for.</summary>
    private static async Task DrainBriefly(Task pumps)
    {
        try
        {
            await pumps.WaitAsync(TimeSpan.FromSeconds(1));
        }
        catch (TimeoutException)
        {
        }
    }

    private static string Snapshot(StringBuilder buffer)
    {
        lock (buffer) return buffer.ToString();
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
