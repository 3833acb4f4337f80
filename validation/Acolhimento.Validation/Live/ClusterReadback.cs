using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Yaml;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Acolhimento.Validation.Live;

/// <summary>
/// After a cluster's objects were applied: every object can be read back; the controllers of its workloads observed
/// them (their status carries the generation they acted on, so a ReplicaSet, Pods or a Job run follow); and with
/// <c>--wait</c>, Deployments, StatefulSets and DaemonSets become ready.
/// </summary>
internal sealed class ClusterReadback(KubectlSession kubectl, LiveTimeouts timeouts, int parallelism)
{
    public async Task<IReadOnlyList<Finding>> CheckAsync(IReadOnlyList<LiveObject> applied, bool waitReady, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        var live = await ReadAsync(applied, cancellationToken);
        foreach (var missing in applied.Where(o => !live.ContainsKey(o.Identity)))
        {
            findings.Add(missing.Source.Finding(Stages.Live, Severity.Error, LiveFindings.MissingAfterApply, $"{missing} was applied but cannot be read back"));
        }

        var pending = applied.Where(o => live.TryGetValue(o.Identity, out var state) && IsWorkload(o) && !Observed(state)).ToList();
        for (var attempt = 0; attempt < timeouts.Controllers.Attempts && pending.Count > 0; attempt++)
        {
            await timeouts.Controllers.DelayAsync(cancellationToken);
            var again = await ReadAsync(pending, cancellationToken);
            pending = pending.Where(o => !again.TryGetValue(o.Identity, out var state) || !Observed(state)).ToList();
        }
        foreach (var workload in pending)
        {
            findings.Add(workload.Source.Finding(Stages.Live, Severity.Error, LiveFindings.ControllerNotObserved,
                $"the {workload.Kind} controller did not act on {workload} (no status.{(workload.Kind == "Job" ? "startTime" : "observedGeneration")} after {timeouts.Controllers.Attempts} checks)"));
        }

        if (waitReady)
        {
            var rollouts = applied.Where(o => o.Group == "apps" && o.Kind is "Deployment" or "StatefulSet" or "DaemonSet" && live.ContainsKey(o.Identity)).ToList();
            foreach (var rollout in rollouts)
            {
                var spec = kubectl.Commands.RolloutStatus(rollout.PrinterKey, rollout.Namespace, timeouts.Ready);
                var result = await kubectl.RunAsync(spec, cancellationToken);
                if (!result.Succeeded)
                {
                    findings.Add(rollout.Source.Finding(Stages.Live, Severity.Error, LiveFindings.NotReady, $"{rollout} did not become ready within {timeouts.Ready.TotalSeconds:0} s: {result.FailureSummary}"));
                }
            }
        }
        return findings;
    }

    /// <summary>The live state of the objects that exist, by identity; one call for all, one per object when that call's output is unusable.</summary>
    private async Task<IReadOnlyDictionary<string, JObject>> ReadAsync(IReadOnlyList<LiveObject> objects, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, JObject>(StringComparer.Ordinal);
        if (objects.Count == 0) return found;
        var batch = await kubectl.RunAsync(kubectl.Commands.Get(YamlWriter.Write(objects.Select(o => (YamlNode)o.Body)), objects.Count), cancellationToken);
        if (batch.Outcome == ProcessOutcome.Exited && ParseItems(batch.StandardOutput) is { } items)
        {
            foreach (var item in items) found.TryAdd(Identity(item), item);
            return found;
        }
        var lockObject = new object();
        await Parallel.ForEachAsync(objects, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken }, async (o, ct) =>
        {
            var one = await kubectl.RunAsync(kubectl.Commands.Get(o.Yaml), ct);
            if (one.Succeeded && ParseItems(one.StandardOutput) is { } single)
            {
                lock (lockObject)
                {
                    foreach (var item in single) found.TryAdd(Identity(item), item);
                }
            }
        });
        return found;
    }

    /// <summary>Items of <c>kubectl get -o json</c>: a List, or a single object when one was asked for; null when not JSON.</summary>
    internal static IReadOnlyList<JObject>? ParseItems(string json)
    {
        if (json.Trim().Length == 0) return [];
        try
        {
            var token = JToken.Parse(json);
            if (token is not JObject root) return null;
            return root["kind"]?.Value<string>() == "List" ? (root["items"] as JArray)?.OfType<JObject>().ToList() ?? [] : [root];
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal static string Identity(JObject item)
    {
        var apiVersion = item["apiVersion"]?.Value<string>() ?? "";
        var group = apiVersion.Contains('/') ? apiVersion[..apiVersion.IndexOf('/')] : "";
        var metadata = item["metadata"] as JObject;
        return $"{group}/{item["kind"]?.Value<string>()}/{metadata?["namespace"]?.Value<string>()}/{metadata?["name"]?.Value<string>()}";
    }

    private static bool IsWorkload(LiveObject o) =>
        (o.Group == "apps" && o.Kind is "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet") || (o.Group == "batch" && o.Kind == "Job");

    /// <summary>The workload's controller has acted on its current generation (a suspended Job is left alone on purpose).</summary>
    internal static bool Observed(JObject state)
    {
        if (state["kind"]?.Value<string>() == "Job")
        {
            return state["spec"]?["suspend"]?.Value<bool?>() == true || state["status"]?["startTime"] is not null || state["status"]?["conditions"] is JArray { Count: > 0 };
        }
        var generation = state["metadata"]?["generation"]?.Value<long?>() ?? 1;
        return state["status"]?["observedGeneration"]?.Value<long?>() is { } observed && observed >= generation;
    }
}
