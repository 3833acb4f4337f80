using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Live;

/// <summary>
/// Closes the gap Pod Security admission leaves on workloads: their templates are judged only at the namespace's
/// <c>warn</c>/<c>audit</c> levels, and the <c>enforce</c> level is applied to the Pods the controllers create later. For
/// every applied workload in a namespace that enforces a policy it does not also warn about, a Pod built from the template
/// is sent as a server-side dry run: the API server then enforces the policy on it (and the other Pod admission: its
/// ServiceAccount must exist), and a refusal is a <c>live/rejected</c> finding at the workload's source lines.
/// </summary>
internal sealed class PodTemplateDryRun(ApiServer api, int parallelism)
{
    public const string What = "server dry run of a Pod from the template";

    private static readonly ApiResource Pods = new("", "v1", "Pod", "pods", true);

    /// <summary>The probes for a cluster's applied objects, in their order.</summary>
    public static IReadOnlyList<PodProbe> Probes(IEnumerable<LiveObject> applied, PodSecurityEnforcement enforcement) => applied
        .Select(o => enforcement.UnwarnedEnforcement(o.Namespace) is { } enforced ? PodProbe.Of(o, enforced) : null)
        .OfType<PodProbe>()
        .ToList();

    public async Task<IReadOnlyList<Finding>> CheckAsync(IReadOnlyList<PodProbe> probes, CancellationToken cancellationToken)
    {
        var results = new IReadOnlyList<Finding>[probes.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, probes.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken },
            async (i, ct) => results[i] = await OneAsync(probes[i], ct));
        return results.SelectMany(r => r).ToList();
    }

    private async Task<IReadOnlyList<Finding>> OneAsync(PodProbe probe, CancellationToken cancellationToken)
    {
        var response = await api.ApplyAsync(Pods.ObjectPath(probe.Pod.Namespace, probe.Pod.Name), probe.Pod.Json, ApplyMode.ServerDryRun, cancellationToken);
        if (response.Outcome == ApiOutcome.TimedOut) return [LiveFindings.TimedOut(probe.Workload, What, api.Timeout)];
        // Warnings are not repeated here: the workload's own dry run reported them.
        if (response.Succeeded) return [];
        if (response.Outcome == ApiOutcome.Unreachable)
        {
            return [probe.Workload.Source.Finding(Stages.Live, Severity.Error, LiveRules.Rejected, $"{What} of {probe.Workload} got no answer: {response.Failure}")];
        }
        return FromStatus(probe, ApiStatus.From(response)).ToList();
    }

    /// <summary>Pod Security's refusal at the container it names; any other refusal per field, at the template's field.</summary>
    public static IEnumerable<Finding> FromStatus(PodProbe probe, ApiStatus status)
    {
        var workload = probe.Workload;
        if (status.Message.Contains("violates PodSecurity", StringComparison.Ordinal))
        {
            yield return workload.Source.Finding(Stages.Live, Severity.Error, LiveRules.Rejected,
                $"Pod Security admission will reject the Pods of {workload}: namespace {workload.Namespace} enforces {probe.Enforced}, and a {What} was refused: {status.Message}",
                LiveFindings.WarningPath(workload.Body, status.Message));
            yield break;
        }
        var reason = status.Reason is null ? "" : $" ({status.Reason})";
        var located = status.Causes.Where(c => c.Field is not null).ToList();
        if (located.Count == 0)
        {
            yield return workload.Source.Finding(Stages.Live, Severity.Error, LiveRules.Rejected, $"{What} of {workload} was rejected{reason}: {status.Message}");
            yield break;
        }
        foreach (var cause in located)
        {
            var path = probe.ToWorkload(FieldPaths.Resolve(cause.Field!, probe.Pod.Body));
            yield return workload.Source.Finding(Stages.Live, Severity.Error, LiveRules.Rejected,
                $"{What} of {workload} was rejected{reason}: {cause.Field!.TrimStart('.')}: {cause.Message}", path);
        }
    }
}
