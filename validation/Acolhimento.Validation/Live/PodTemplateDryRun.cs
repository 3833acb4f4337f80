using System.Collections.Concurrent;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Live;

/// <summary>
/// Closes the gap Pod Security admission leaves on workloads: their templates are judged only at the namespace's
/// <c>warn</c>/<c>audit</c> levels, and the <c>enforce</c> level is applied to the Pods the controllers create later. For
/// every applied workload in a namespace that enforces a policy it does not also warn about, a Pod built from the template
/// is sent as a server-side dry run: the API server then enforces the policy on it, and a refusal is a <c>live/rejected</c>
/// finding at the workload's source lines. Like <see cref="ObjectApplier"/>, one stream first, each Pod alone only when
/// that stream is not clean.
/// </summary>
internal sealed class PodTemplateDryRun(KubectlSession kubectl, int parallelism)
{
    public const string What = "server dry run of a Pod from the template";

    /// <summary>The probes for a cluster's applied objects, in their order.</summary>
    public static IReadOnlyList<PodProbe> Probes(IEnumerable<LiveObject> applied, PodSecurityEnforcement enforcement) => applied
        .Select(o => enforcement.UnwarnedEnforcement(o.Namespace) is { } enforced ? PodProbe.Of(o, enforced) : null)
        .OfType<PodProbe>()
        .ToList();

    public async Task<IReadOnlyList<Finding>> CheckAsync(IReadOnlyList<LiveObject> applied, PodSecurityEnforcement enforcement, CancellationToken cancellationToken)
    {
        var probes = Probes(applied, enforcement);
        if (probes.Count == 0) return [];
        if (probes.Count > 1)
        {
            var yaml = YamlWriter.Write(probes.Select(p => (YamlNode)p.Pod.Body));
            var batch = await kubectl.RunAsync(kubectl.Commands.Apply(yaml, ApplyMode.ServerDryRun, probes.Count), cancellationToken);
            if (batch is { Outcome: ProcessOutcome.Exited, ExitCode: 0 })
            {
                var output = KubectlOutputParser.Parse(batch.StandardOutput, batch.StandardError);
                // Warnings do not make the stream unclean here: the workload's own dry run already reported them.
                var accepted = output.Errors.Count == 0 && output.Unrecognized.Count == 0;
                if (accepted && ObjectApplier.MatchInOrder(probes.Select(p => p.Pod).ToList(), output.Applied).All(m => m)) return [];
            }
        }

        var results = new ConcurrentDictionary<int, IReadOnlyList<Finding>>();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, probes.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken },
            async (i, ct) => results[i] = await OneAsync(probes[i], ct));
        return Enumerable.Range(0, probes.Count).SelectMany(i => results[i]).ToList();
    }

    private async Task<IReadOnlyList<Finding>> OneAsync(PodProbe probe, CancellationToken cancellationToken)
    {
        var spec = kubectl.Commands.Apply(probe.Pod.Yaml, ApplyMode.ServerDryRun);
        var result = await kubectl.RunAsync(spec, cancellationToken);
        if (result.Outcome == ProcessOutcome.TimedOut) return [LiveFindings.TimedOut(probe.Workload, What, spec.Timeout)];
        var output = KubectlOutputParser.Parse(result.StandardOutput, result.StandardError);
        var findings = output.Errors.SelectMany(e => FromError(probe, e)).ToList();
        var accepted = result.ExitCode == 0 && output.Applied.Any(a => a.PrinterKey == probe.Pod.PrinterKey);
        if (!accepted && findings.Count == 0)
        {
            var what = result.ExitCode == 0 ? "kubectl printed no result for it" : result.FailureSummary;
            findings.Add(probe.Workload.Source.Finding(Stages.Live, Severity.Error, LiveFindings.Rejected, $"{What} of {probe.Workload} was rejected: {what}"));
        }
        return findings;
    }

    /// <summary>Pod Security's refusal at the container it names; any other refusal per field, at the template's field.</summary>
    public static IEnumerable<Finding> FromError(PodProbe probe, KubectlError error)
    {
        var workload = probe.Workload;
        if (error.Text.Contains("violates PodSecurity", StringComparison.Ordinal))
        {
            yield return workload.Source.Finding(Stages.Live, Severity.Error, LiveFindings.Rejected,
                $"Pod Security admission will reject the Pods of {workload}: namespace {workload.Namespace} enforces {probe.Enforced}, and a {What} was refused: {error.Summary}",
                LiveFindings.WarningPath(workload.Body, error.Summary));
            yield break;
        }
        var reason = error.Reason is null ? "" : $" ({error.Reason})";
        if (error.Causes.Count == 0)
        {
            yield return workload.Source.Finding(Stages.Live, Severity.Error, LiveFindings.Rejected, $"{What} of {workload} was rejected{reason}: {error.Summary}");
            yield break;
        }
        foreach (var cause in error.Causes)
        {
            var path = probe.ToWorkload(FieldPaths.Resolve(cause.Path, probe.Pod.Body));
            yield return workload.Source.Finding(Stages.Live, Severity.Error, LiveFindings.Rejected,
                $"{What} of {workload} was rejected{reason}: {cause.Path.TrimStart('.')}: {cause.Message}", path);
        }
    }
}
