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
        var apply = await kubectl.RunAsync(kubectl.Commands.Apply(yaml, ApplyMode.Apply, crds.Count), cancellationToken);
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
}
