using System.Collections.Concurrent;
using Acolhimento.Validation.Processes;

namespace Acolhimento.Validation.Tests.Support;

/// <summary>Runs real processes (or canned answers) and records every start, so tests can see which tools ran.</summary>
public sealed class RecordingProcessRunner(Func<ProcessSpec, ProcessResult?>? answer = null) : IProcessRunner
{
    private readonly ProcessRunner _real = new();

    public ConcurrentQueue<ProcessSpec> Started { get; } = new();

    public async Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken = default)
    {
        Started.Enqueue(spec);
        return answer?.Invoke(spec) ?? await _real.RunAsync(spec, cancellationToken);
    }
}
