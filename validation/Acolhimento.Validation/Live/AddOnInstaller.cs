using System.Text;
using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Live;

/// <summary>
/// Installs the add-on CRDs the clusters need and waits until the API server serves them. These come from the pinned
/// schema data, not from the repository: when they cannot be installed the run cannot validate anything behind them.
/// </summary>
internal sealed class AddOnInstaller(KubectlSession kubectl, LiveTimeouts timeouts)
{
    public async Task InstallAsync(IReadOnlyList<CrdManifest> crds, CancellationToken cancellationToken)
    {
        if (crds.Count == 0) return;
        var yaml = string.Concat(crds.Select(c => c.Text));
        var spec = kubectl.Commands.Apply(yaml, ApplyMode.Apply, crds.Count) with { Timeout = ApplyTimeout(Encoding.UTF8.GetByteCount(yaml), timeouts) };
        var apply = await kubectl.RunAsync(spec, cancellationToken);
        if (!apply.Succeeded)
        {
            throw new CannotValidateException($"the add-on CRDs ({string.Join(", ", crds.Select(c => c.Project).Distinct())}) could not be installed: {apply.FailureSummary}");
        }
        var established = await kubectl.RunAsync(kubectl.Commands.WaitEstablished(crds.Select(c => c.Name), timeouts.CrdEstablished), cancellationToken);
        if (!established.Succeeded)
        {
            throw new CannotValidateException($"the add-on CRDs were not Established within {timeouts.CrdEstablished.TotalSeconds:0} s: {established.FailureSummary}");
        }
    }

    /// <summary>
    /// The bound on applying the add-on CRDs: proportional to their size, never below one ordinary kubectl call. The cost of
    /// a CRD apply is in the bytes the API server decodes, stores and turns into OpenAPI — a few CRDs of kube-prometheus-stack
    /// or external-secrets weigh more than dozens of small ones — so counting objects (as <see cref="KubectlCommands.Apply"/>
    /// does for repository objects) under-bounds the ~4 MB of add-on CRDs.
    /// </summary>
    public static TimeSpan ApplyTimeout(long bytes, LiveTimeouts timeouts)
    {
        var proportional = TimeSpan.FromTicks((long)Math.Ceiling(timeouts.KubectlPerMebibyte.Ticks * (Math.Max(0, bytes) / (double)Mebibyte)));
        return proportional > timeouts.Kubectl ? proportional : timeouts.Kubectl;
    }

    private const long Mebibyte = 1024 * 1024;
}
