using System.Collections.Concurrent;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Live;

/// <summary>What a batch apply (or dry run) yielded: the objects the server accepted and the findings.</summary>
public sealed record BatchResult(IReadOnlyList<LiveObject> Accepted, IReadOnlyList<Finding> Findings);

/// <summary>
/// Applies one step's objects with <c>kubectl apply --server-side</c>, attributing every message to its object.
/// kubectl prints warnings, conflicts and strict-decoding errors without naming the object, and its success lines
/// without the namespace; so a batch is sent as one stream first, and only when that stream is not clean (any
/// warning, error or missing success line) is each object of it sent again on its own, where whatever kubectl
/// prints belongs to that object. Clean batches, the common case, cost one call.
/// </summary>
internal sealed class ObjectApplier(KubectlSession kubectl, int parallelism)
{
    public async Task<BatchResult> RunAsync(IReadOnlyList<LiveObject> objects, ApplyMode mode, PodSecurityEnforcement enforcement, CancellationToken cancellationToken)
    {
        if (objects.Count == 0) return new BatchResult([], []);
        if (objects.Count == 1) return await OneAsync(objects[0], mode, enforcement, cancellationToken);

        var yaml = YamlWriter.Write(objects.Select(o => (YamlNode)o.Body));
        var result = await kubectl.RunAsync(kubectl.Commands.Apply(yaml, mode, objects.Count), cancellationToken);
        var accepted = new List<LiveObject>();
        var retry = objects;
        if (result.Outcome == ProcessOutcome.Exited)
        {
            var output = KubectlOutputParser.Parse(result.StandardOutput, result.StandardError);
            var matched = MatchInOrder(objects, output.Applied);
            if (result.ExitCode == 0 && output.IsClean && matched.All(m => m)) return new BatchResult(objects, []);
            if (mode == ApplyMode.Apply)
            {
                // The dry run already reported this step's warnings; only objects without a success line need a second look.
                accepted.AddRange(objects.Where((_, i) => matched[i]));
                retry = objects.Where((_, i) => !matched[i]).ToList();
            }
        }

        var results = new ConcurrentDictionary<int, BatchResult>();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, retry.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken },
            async (i, ct) => results[i] = await OneAsync(retry[i], mode, enforcement, ct));
        foreach (var i in Enumerable.Range(0, retry.Count))
        {
            accepted.AddRange(results[i].Accepted);
        }
        var ordered = objects.Where(o => accepted.Contains(o)).ToList();
        return new BatchResult(ordered, Enumerable.Range(0, retry.Count).SelectMany(i => results[i].Findings).ToList());
    }

    /// <summary>One object alone: everything kubectl prints is about it.</summary>
    private async Task<BatchResult> OneAsync(LiveObject target, ApplyMode mode, PodSecurityEnforcement enforcement, CancellationToken cancellationToken)
    {
        var spec = kubectl.Commands.Apply(target.Yaml, mode);
        var result = await kubectl.RunAsync(spec, cancellationToken);
        if (result.Outcome == ProcessOutcome.TimedOut) return new BatchResult([], [LiveFindings.TimedOut(target, LiveFindings.Describe(mode), spec.Timeout)]);

        var output = KubectlOutputParser.Parse(result.StandardOutput, result.StandardError);
        var findings = new List<Finding>();
        if (mode == ApplyMode.ServerDryRun)
        {
            findings.AddRange(output.Warnings.Distinct(StringComparer.Ordinal).Select(w => LiveFindings.FromWarning(target, w, enforcement)));
        }
        foreach (var error in output.Errors) findings.AddRange(LiveFindings.FromError(target, error, mode));
        var applied = result.ExitCode == 0 && output.Applied.Any(a => a.PrinterKey == target.PrinterKey);
        if (!applied && output.Errors.Count == 0)
        {
            var what = result.ExitCode == 0 ? "kubectl printed no result for it" : result.FailureSummary;
            findings.Add(target.Source.Finding(Stages.Live, Severity.Error, LiveFindings.Rejected, $"{LiveFindings.Describe(mode)} rejected {target}: {what}"));
        }
        return new BatchResult(applied ? [target] : [], findings);
    }

    /// <summary>
    /// Success lines name kind, group and name but not the namespace; kubectl handles a stream in order and prints in that
    /// order, so the n-th line with a key belongs to the n-th object with that key.
    /// </summary>
    internal static bool[] MatchInOrder(IReadOnlyList<LiveObject> objects, IReadOnlyList<AppliedLine> lines)
    {
        var matched = new bool[objects.Count];
        var next = 0;
        foreach (var line in lines)
        {
            for (var i = next; i < objects.Count; i++)
            {
                if (!matched[i] && objects[i].PrinterKey == line.PrinterKey)
                {
                    matched[i] = true;
                    next = i + 1;
                    break;
                }
            }
        }
        return matched;
    }
}
