using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Kubernetes;
using System.Text.Json.Nodes;

namespace Acolhimento.Validation.Live;

/// <summary>
/// After a cluster's objects were applied: every object can be read back; where controllers run (see
/// <see cref="ControllerProbe"/>), the controllers of its workloads observed them (their status carries the generation
/// they acted on, so a ReplicaSet, Pods or a Job run follow), and with <c>--wait</c>, Deployments, StatefulSets and
/// DaemonSets become ready.
/// </summary>
internal sealed class ClusterReadback(ApiServer api, ApiDiscovery discovery, LiveTimeouts timeouts, int parallelism)
{
    public async Task<IReadOnlyList<Finding>> CheckAsync(IReadOnlyList<LiveObject> applied, bool controllersRun, bool waitReady, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        var live = await ReadAsync(applied, cancellationToken);
        foreach (var missing in applied.Where(o => !live.ContainsKey(o.Identity)))
        {
            findings.Add(missing.Source.Finding(Stages.Live, Severity.Error, LiveRules.MissingAfterApply, $"{missing} was applied but cannot be read back"));
        }
        if (!controllersRun) return findings;

        var pending = applied.Where(o => live.TryGetValue(o.Identity, out var state) && IsWorkload(o) && !Observed(state)).ToList();
        for (var attempt = 0; attempt < timeouts.Controllers.Attempts && pending.Count > 0; attempt++)
        {
            await timeouts.Controllers.DelayAsync(cancellationToken);
            var again = await ReadAsync(pending, cancellationToken);
            pending = pending.Where(o => !again.TryGetValue(o.Identity, out var state) || !Observed(state)).ToList();
        }
        foreach (var workload in pending)
        {
            findings.Add(workload.Source.Finding(Stages.Live, Severity.Error, LiveRules.ControllerNotObserved,
                $"the {workload.Kind} controller did not act on {workload} (no status.{(workload.Kind == "Job" ? "startTime" : "observedGeneration")} after {timeouts.Controllers.Attempts} checks)"));
        }

        if (waitReady)
        {
            var rollouts = applied.Where(o => Workloads.Find(o.Group, o.Kind) is { HasRolloutStatus: true } && live.ContainsKey(o.Identity)).ToList();
            var waiting = rollouts.ToDictionary(r => r.Identity, _ => "not read yet", StringComparer.Ordinal);
            for (var attempt = 0; attempt < timeouts.Ready.Attempts && waiting.Count > 0; attempt++)
            {
                if (attempt > 0) await timeouts.Ready.DelayAsync(cancellationToken);
                var states = await ReadAsync(rollouts.Where(r => waiting.ContainsKey(r.Identity)).ToList(), cancellationToken);
                foreach (var (identity, state) in states)
                {
                    if (RolloutProblem(state) is { } problem) waiting[identity] = problem;
                    else waiting.Remove(identity);
                }
            }
            foreach (var rollout in rollouts.Where(r => waiting.ContainsKey(r.Identity)))
            {
                findings.Add(rollout.Source.Finding(Stages.Live, Severity.Error, LiveRules.NotReady,
                    $"{rollout} did not become ready within {timeouts.Ready.Total.TotalSeconds:0} s: {waiting[rollout.Identity]}"));
            }
        }
        return findings;
    }

    /// <summary>The live state of the objects that exist, by identity, read one request per object, several at a time.</summary>
    private async Task<IReadOnlyDictionary<string, JsonObject>> ReadAsync(IReadOnlyList<LiveObject> objects, CancellationToken cancellationToken)
    {
        var states = new JsonObject?[objects.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, objects.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var o = objects[i];
                if ((await discovery.ResolveAsync(o.ApiVersion, o.Kind, ct)).Resource is not { } resource) return;
                var response = await api.GetAsync(resource.ObjectPath(o.Namespace, o.Name), ct);
                states[i] = response.Succeeded ? LiveJson.Parse(response.Body) as JsonObject : null;
            });
        var found = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        for (var i = 0; i < objects.Count; i++)
        {
            if (states[i] is { } state) found.TryAdd(objects[i].Identity, state);
        }
        return found;
    }

    /// <summary>Kinds whose controller records that it acted (<c>status.observedGeneration</c>, a Job's start): a CronJob only acts on its schedule.</summary>
    private static bool IsWorkload(LiveObject o) =>
        Workloads.Find(o.Group, o.Kind) is { RunsPods: true, TemplatePath.Depth: > 0 } workload && workload.Kind != "CronJob";

    /// <summary>The workload's controller has acted on its current generation (a suspended Job is left alone on purpose).</summary>
    internal static bool Observed(JsonObject state)
    {
        if (state["kind"].Text() == "Job")
        {
            return state["spec"]?["suspend"].Flag() == true || state["status"]?["startTime"] is not null || state["status"]?["conditions"] is JsonArray { Count: > 0 };
        }
        var generation = state["metadata"]?["generation"].Number() ?? 1;
        return state["status"]?["observedGeneration"].Number() is { } observed && observed >= generation;
    }

    /// <summary>
    /// Why a Deployment, StatefulSet or DaemonSet is not rolled out yet (null when it is), by the conditions
    /// <c>kubectl rollout status</c> waits for: the controller saw the current generation, every replica runs the
    /// current template, and as many are available (ready, for a StatefulSet) as wanted.
    /// </summary>
    internal static string? RolloutProblem(JsonObject state)
    {
        var status = state["status"] as JsonObject;
        var generation = state["metadata"]?["generation"].Number() ?? 1;
        if ((status?["observedGeneration"].Number() ?? 0) < generation) return "its controller has not observed the current generation";
        long Number(string field) => status?[field].Number() ?? 0;
        var wanted = state["spec"]?["replicas"].Number() ?? 1;
        switch (state["kind"].Text())
        {
            case "Deployment":
                if (status?["conditions"].Objects().Any(c => c["type"].Text() == "Progressing" && c["reason"].Text() == "ProgressDeadlineExceeded") == true)
                {
                    return "its progress deadline was exceeded";
                }
                if (Number("updatedReplicas") < wanted) return $"{Number("updatedReplicas")} of {wanted} replicas updated";
                if (Number("replicas") > Number("updatedReplicas")) return $"{Number("replicas") - Number("updatedReplicas")} old replicas are pending termination";
                if (Number("availableReplicas") < Number("updatedReplicas")) return $"{Number("availableReplicas")} of {Number("updatedReplicas")} updated replicas available";
                return null;
            case "StatefulSet":
                if (Number("readyReplicas") < wanted) return $"{Number("readyReplicas")} of {wanted} replicas ready";
                var partition = state["spec"]?["updateStrategy"]?["rollingUpdate"]?["partition"].Number() ?? 0;
                if (Number("updatedReplicas") < wanted - partition) return $"{Number("updatedReplicas")} of {wanted - partition} replicas updated";
                return null;
            case "DaemonSet":
                if (Number("updatedNumberScheduled") < Number("desiredNumberScheduled")) return $"{Number("updatedNumberScheduled")} of {Number("desiredNumberScheduled")} pods updated";
                if (Number("numberAvailable") < Number("desiredNumberScheduled")) return $"{Number("numberAvailable")} of {Number("desiredNumberScheduled")} pods available";
                return null;
            default:
                return null;
        }
    }
}
