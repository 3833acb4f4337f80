namespace Acolhimento.Validation.Processes;

/// <summary>
/// What to run: an executable and its arguments as a list (never a shell string), with a hard timeout, a ceiling on
/// the output kept from each of standard output and standard error, and optionally on the memory the tool may map.
/// </summary>
/// <param name="MemoryLimitBytes">
/// Address space the tool may map (Linux's RLIMIT_AS), for tools that evaluate pull-request content: a template or
/// Jsonnet program that grows without bound then fails with "out of memory" instead of taking the machine's memory.
/// </param>
public sealed record ProcessSpec(
    string FileName,
    IReadOnlyList<string> Arguments,
    TimeSpan Timeout,
    string? WorkingDirectory = null,
    IReadOnlyDictionary<string, string?>? Environment = null,
    string? StandardInput = null,
    long OutputLimitBytes = ProcessSpec.DefaultOutputLimitBytes,
    long? MemoryLimitBytes = null)
{
    /// <summary>Far above any real render (a large chart writes a few MB) and well inside the harness's memory bound.</summary>
    public const long DefaultOutputLimitBytes = 64L * 1024 * 1024;

    public override string ToString() => string.Join(' ', new[] { FileName }.Concat(Arguments.Select(Quote)));

    private static string Quote(string a) => a.Length > 0 && a.All(c => !char.IsWhiteSpace(c) && c is not '"' and not '\'') ? a : $"'{a.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}

public enum ProcessOutcome
{
    Exited,
    TimedOut,
    FailedToStart,

    /// <summary>The tool exited but wrote more than <see cref="ProcessSpec.OutputLimitBytes"/>: what was kept is incomplete and must not be used as its answer.</summary>
    OutputTooLarge,

    /// <summary>The tool failed for want of memory under <see cref="ProcessSpec.MemoryLimitBytes"/>.</summary>
    OutOfMemory,
}

/// <param name="DroppedBytes">Output bytes (both streams) written past the limit and not kept; 0 unless the outcome is <see cref="ProcessOutcome.OutputTooLarge"/> or a timeout.</param>
public sealed record ProcessResult(ProcessOutcome Outcome, int ExitCode, string StandardOutput, string StandardError, TimeSpan Duration, long DroppedBytes = 0)
{
    public bool Succeeded => Outcome == ProcessOutcome.Exited && ExitCode == 0;

    /// <summary>One line saying why the run did not succeed, for findings and exit-2 reasons.</summary>
    public string FailureSummary => Outcome switch
    {
        ProcessOutcome.TimedOut => $"timed out after {Duration.TotalSeconds:0.#} s",
        ProcessOutcome.FailedToStart => $"could not start: {StandardError.Trim()}",
        ProcessOutcome.OutputTooLarge => $"wrote more output than the limit ({Size(DroppedBytes)} past it were dropped); its output is incomplete and was not used",
        ProcessOutcome.OutOfMemory => $"ran out of the memory a tool may use on pull-request content and was stopped (exit code {ExitCode}): {FirstLines(StandardError)}",
        _ => $"exit code {ExitCode}: {FirstLines(StandardError.Length > 0 ? StandardError : StandardOutput)}",
    };

    private static string Size(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / (1024.0 * 1024):0.#} MiB" : $"{bytes} bytes";

    private static string FirstLines(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(" | ", lines.Take(5));
    }
}

/// <summary>The seam every stage starts external tools through; tests substitute it.</summary>
public interface IProcessRunner
{
    Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken = default);
}
