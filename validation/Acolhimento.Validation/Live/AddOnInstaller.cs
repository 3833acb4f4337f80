using System.Text;
using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Live;

/// <summary>
/// Installs the add-on CRDs the clusters need and waits until the API server serves them. These come from the pinned
/// schema data, not from the repository: when they cannot be installed the run cannot validate anything behind them.
/// They are applied with <c>force</c>: the pinned definition is the one wanted, whoever wrote an earlier one.
/// </summary>
internal sealed class AddOnInstaller(ApiServer api, LiveTimeouts timeouts, int parallelism)
{
    public async Task InstallAsync(IReadOnlyList<CrdManifest> crds, CancellationToken cancellationToken)
    {
        if (crds.Count == 0) return;
        var failures = new string?[crds.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, crds.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var crd = crds[i];
                var response = await api.ApplyAsync(ApiResource.CustomResourceDefinitions.ObjectPath(null, crd.Name), crd.Json, ApplyMode.Apply, ct,
                    force: true, timeout: ApplyTimeout(Encoding.UTF8.GetByteCount(crd.Json), timeouts));
                failures[i] = response.Succeeded ? null : $"{crd.Name} ({crd.File}): {response.Summary}";
            });
        if (failures.OfType<string>().ToList() is { Count: > 0 } failed)
        {
            throw new CannotValidateException($"the add-on CRDs ({string.Join(", ", crds.Select(c => c.Project).Distinct())}) could not be installed: {string.Join("; ", failed)}");
        }
        var pending = await CrdEstablishment.WaitAsync(api, crds.Select(c => c.Name), timeouts.CrdEstablished, cancellationToken);
        if (pending.Count > 0)
        {
            throw new CannotValidateException($"the add-on CRDs were not Established within {timeouts.CrdEstablished.Total.TotalSeconds:0} s: {string.Join("; ", pending.Select(p => $"{p.Key}: {p.Value}"))}");
        }
    }

    /// <summary>
    /// The bound on applying one add-on CRD: proportional to its size, never below one ordinary request. The cost of a
    /// CRD apply is in the bytes the API server decodes, stores and turns into OpenAPI — one CRD of kube-prometheus-stack
    /// weighs more than dozens of small objects.
    /// </summary>
    public static TimeSpan ApplyTimeout(long bytes, LiveTimeouts timeouts)
    {
        var proportional = TimeSpan.FromTicks((long)Math.Ceiling(timeouts.RequestPerMebibyte.Ticks * (Math.Max(0, bytes) / (double)Mebibyte)));
        return proportional > timeouts.Request ? proportional : timeouts.Request;
    }

    private const long Mebibyte = 1024 * 1024;
}
