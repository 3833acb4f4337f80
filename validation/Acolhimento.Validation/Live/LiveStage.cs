using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Live;

/// <summary>
/// The live stage: applies what every cluster would receive to a real API server and reports what it rejects or warns
/// about, located at the source line. One cluster serves all environments; each environment's objects are applied in
/// turn (see <see cref="ApplyPlan"/> for the order). Every step is first sent as a server-side dry run — admission,
/// Pod Security and validation run in full, nothing persists — and what passes is then applied for real, so later
/// steps meet the namespaces, CRDs and objects they depend on, as they would in an Argo CD sync.
/// </summary>
public sealed class LiveStage(IProcessRunner runner, LiveOptions options)
{
    /// <summary>Finds a cluster (ACOLHIMENTO_KUBECONFIG, else a k3s container), runs, and removes what it started.</summary>
    /// <exception cref="CannotValidateException">No cluster is available (the one-sentence reason), or the schema data or the cluster is unusable.</exception>
    public async Task<IReadOnlyList<Finding>> RunAsync(IReadOnlyList<RenderedCluster> clusters, CancellationToken ct)
    {
        var availability = await new ClusterProviders(runner, options).AcquireAsync(ct);
        switch (availability)
        {
            case ClusterAvailability.Available { Cluster: var cluster }:
                await using (cluster)
                {
                    return await RunAsync(cluster, clusters, ct);
                }
            case ClusterAvailability.Missing missing:
                throw new CannotValidateException(missing.Reason);
            case ClusterAvailability.Failed failed:
                throw new CannotValidateException(failed.Reason);
            default:
                throw new InvalidOperationException("unknown cluster availability");
        }
    }

    /// <summary>Runs against a cluster the caller owns (the test fixture's shared cluster).</summary>
    public async Task<IReadOnlyList<Finding>> RunAsync(LiveCluster cluster, IReadOnlyList<RenderedCluster> clusters, CancellationToken ct)
    {
        var plan = ApplyPlan.Create(clusters, CrdCatalog.Load(options.LocateSchemaData().Root));
        var timeouts = options.EffectiveTimeouts;
        var kubectl = new KubectlSession(runner, new KubectlCommands(options.KubectlPath, cluster.KubeconfigPath, timeouts.Kubectl));
        await new AddOnInstaller(kubectl, timeouts).InstallAsync(plan.AddOnCrds, ct);

        var applier = new ObjectApplier(kubectl, options.Parallelism);
        var readback = new ClusterReadback(kubectl, timeouts, options.Parallelism);
        var podTemplates = new PodTemplateDryRun(kubectl, options.Parallelism);
        var shared = new SharedObjects();
        var findings = new List<Finding>();
        foreach (var steps in plan.Steps.GroupBy(s => s.Cluster, StringComparer.Ordinal))
        {
            var applied = new List<LiveObject>();
            var enforcement = PodSecurityEnforcement.Of(steps.Where(s => s.Kind == StepKind.Namespaces).SelectMany(s => s.Objects));
            foreach (var step in steps)
            {
                await ReplaceOtherClustersVersionsAsync(kubectl, shared, step, ct);
                var dryRun = await applier.RunAsync(step.Objects, ApplyMode.ServerDryRun, enforcement, ct);
                findings.AddRange(dryRun.Findings);
                var apply = await applier.RunAsync(dryRun.Accepted, ApplyMode.Apply, enforcement, ct);
                findings.AddRange(apply.Findings);
                foreach (var o in apply.Accepted) shared.Record(steps.Key, o);
                applied.AddRange(apply.Accepted);
                if (step.Kind == StepKind.Crds) findings.AddRange(await WaitEstablishedAsync(kubectl, apply.Accepted, timeouts, ct));
            }
            // After every step, as the controllers create Pods after the sync: the ServiceAccounts they name exist by then.
            findings.AddRange(await podTemplates.CheckAsync(applied, enforcement, ct));
            findings.AddRange(await readback.CheckAsync(applied, options.Wait, ct));
        }
        return findings.Order(FindingOrder.Instance).ToList();
    }

    /// <summary>
    /// On the shared cluster, another environment may already have applied its own version of an object (a cluster-scoped
    /// one, or one in a namespace both use). A real cluster would never have seen it, and its immutable fields would
    /// clash with this version's, so it is deleted first. Namespaces are re-applied instead: deleting one would take
    /// the earlier environment's objects with it, and a namespace has no immutable fields to clash.
    /// </summary>
    private static async Task ReplaceOtherClustersVersionsAsync(KubectlSession kubectl, SharedObjects shared, ApplyStep step, CancellationToken ct)
    {
        var stale = step.Objects.Where(o => o is not { Group: "", Kind: "Namespace" } && shared.HasOtherVersion(step.Cluster, o)).ToList();
        if (stale.Count == 0) return;
        var yaml = YamlWriter.Write(stale.Select(o => (YamlNode)shared.Body(o)));
        // Finalizers first, or a delete of an object whose finalizer no controller here removes waits out its timeout and fails.
        // Not conditional on the body: the server may have added finalizers the repository never wrote.
        await kubectl.RunAsync(kubectl.Commands.RemoveFinalizers(yaml, stale.Count), ct);
        // A delete that fails leaves the old version in place; the dry run that follows then reports the clash itself.
        await kubectl.RunAsync(kubectl.Commands.Delete(yaml), ct);
        foreach (var o in stale) shared.Forget(o);
    }

    private static async Task<IReadOnlyList<Finding>> WaitEstablishedAsync(KubectlSession kubectl, IReadOnlyList<LiveObject> crds, LiveTimeouts timeouts, CancellationToken ct)
    {
        if (crds.Count == 0) return [];
        var wait = await kubectl.RunAsync(kubectl.Commands.WaitEstablished(crds.Select(c => c.Name), timeouts.CrdEstablished), ct);
        if (wait.Succeeded) return [];
        return crds.Select(c => c.Source.Finding(Stages.Live, Severity.Error, LiveFindings.Timeout,
            $"CustomResourceDefinition {c.Name} was not Established within {timeouts.CrdEstablished.TotalSeconds:0} s: {wait.FailureSummary}")).ToList();
    }

    /// <summary>Which environment last applied each object on the shared cluster, and what it applied.</summary>
    private sealed class SharedObjects
    {
        private readonly Dictionary<string, (string Cluster, YamlMapping Body, string Json)> _applied = new(StringComparer.Ordinal);

        public void Record(string cluster, LiveObject o) => _applied[o.Identity] = (cluster, o.Body, o.Body.ToJsonString());

        public bool HasOtherVersion(string cluster, LiveObject o) =>
            _applied.TryGetValue(o.Identity, out var earlier) && earlier.Cluster != cluster && earlier.Json != o.Body.ToJsonString();

        public YamlMapping Body(LiveObject o) => _applied[o.Identity].Body;

        public void Forget(LiveObject o) => _applied.Remove(o.Identity);
    }
}
