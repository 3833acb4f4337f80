using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Processes;

namespace Acolhimento.Validation.Live;

/// <summary>
/// Runs kubectl for one live run. A kubectl that cannot start, or a cluster that stops answering (three calls in a row
/// time out), ends the run with a reason instead of turning every remaining object into a timeout.
/// </summary>
internal sealed class KubectlSession(IProcessRunner runner, KubectlCommands commands)
{
    public const int TimeoutsBeforeGivingUp = 3;

    private int _consecutiveTimeouts;

    public KubectlCommands Commands => commands;

    public async Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(spec, cancellationToken);
        if (result.Outcome == ProcessOutcome.FailedToStart) throw new CannotValidateException($"kubectl could not be started ({result.FailureSummary})");
        if (result.Outcome != ProcessOutcome.TimedOut)
        {
            Interlocked.Exchange(ref _consecutiveTimeouts, 0);
        }
        else if (Interlocked.Increment(ref _consecutiveTimeouts) >= TimeoutsBeforeGivingUp)
        {
            throw new CannotValidateException($"the cluster stopped answering: {TimeoutsBeforeGivingUp} kubectl calls in a row timed out (last: kubectl {string.Join(' ', spec.Arguments.Skip(2).Take(3))})");
        }
        return result;
    }
}
