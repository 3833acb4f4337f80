using Acolhimento.Validation.Processes;

namespace Acolhimento.Validation.Tests.Live;

/// <summary>Answers process runs from rules (first match wins) and records every run; an unexpected run fails the test.</summary>
internal sealed class FakeProcessRunner : IProcessRunner
{
    private readonly List<(Func<ProcessSpec, bool> When, Func<ProcessSpec, ProcessResult> Then)> _rules = [];
    private readonly List<ProcessSpec> _calls = [];

    public IReadOnlyList<ProcessSpec> Calls
    {
        get
        {
            lock (_calls) return _calls.ToList();
        }
    }

    public FakeProcessRunner On(Func<ProcessSpec, bool> when, Func<ProcessSpec, ProcessResult> then)
    {
        _rules.Add((when, then));
        return this;
    }

    /// <summary>Matches a run whose arguments contain these words in this order, e.g. <c>"docker", "logs"</c>.</summary>
    public FakeProcessRunner On(string fileName, string[] arguments, Func<ProcessSpec, ProcessResult> then) =>
        On(s => s.FileName == fileName && ContainsInOrder(s.Arguments, arguments), then);

    public Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Respond(spec));
    }

    /// <summary>The answer to a run, synchronously (for one fake delegating to another).</summary>
    public ProcessResult Respond(ProcessSpec spec)
    {
        lock (_calls) _calls.Add(spec);
        foreach (var (when, then) in _rules)
        {
            if (when(spec)) return then(spec);
        }
        throw new Xunit.Sdk.XunitException($"unexpected process run: {spec}");
    }

    public static ProcessResult Ok(string stdout = "", string stderr = "") => new(ProcessOutcome.Exited, 0, stdout, stderr, TimeSpan.FromMilliseconds(5));

    public static ProcessResult Fail(string stderr, int exitCode = 1, string stdout = "") => new(ProcessOutcome.Exited, exitCode, stdout, stderr, TimeSpan.FromMilliseconds(5));

    public static ProcessResult TimedOut() => new(ProcessOutcome.TimedOut, -1, "", "", TimeSpan.FromSeconds(60));

    public static ProcessResult NotStarted(string what) => new(ProcessOutcome.FailedToStart, -1, "", $"{what}: No such file or directory", TimeSpan.Zero);

    private static bool ContainsInOrder(IReadOnlyList<string> arguments, string[] words)
    {
        var next = 0;
        foreach (var argument in arguments)
        {
            if (next < words.Length && argument == words[next]) next++;
        }
        return next == words.Length;
    }
}
