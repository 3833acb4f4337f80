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
/// steps meet the namespaces, CRDs and objects they depend on, as they would in an Argo CD sync. Everything is asked of
/// the API server through KubernetesClient (<see cref="ApiServer"/>), one request per object, so each answer is that object's.
/// </summary>
internal sealed class LiveStage(IProcessRunner runner, LiveOptions options)
{
    /// <summary>Finds a cluster (see <see cref="ClusterProviders"/>), runs, and removes what it started.</summary>
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
        using var api = ApiServer.Connect(cluster, timeouts.Request);
        var discovery = new ApiDiscovery(api);

        // The controller probe waits on the server, the add-on install on the server's work: they overlap.
        var probe = ControllerProbe.ControllersRunAsync(api, timeouts.ControllerProbe, ct);
        try
        {
            await new AddOnInstaller(api, timeouts, options.Parallelism).InstallAsync(plan.AddOnCrds, ct);
        }
        catch
        {
            await Task.WhenAny(probe); // never leave it running against a disposed client
            throw;
        }
        var controllersRun = await probe;

        var findings = new List<Finding>();
        if (!controllersRun) findings.Add(ControllersAbsent(cluster, timeouts));
        var schemas = KindSchemas.From(options.LocateSchemaData(), options.KubernetesVersion);
        var applier = new ObjectApplier(api, discovery, options.Parallelism, timeouts.Deletion, schemas);
        var readback = new ClusterReadback(api, discovery, timeouts, options.Parallelism);
        var podTemplates = new PodTemplateDryRun(api, options.Parallelism);
        foreach (var steps in plan.Steps.GroupBy(s => s.Cluster, StringComparer.Ordinal))
        {
            var applied = new List<LiveObject>();
            var enforcement = PodSecurityEnforcement.Of(steps.Where(s => s.Kind == StepKind.Namespaces).SelectMany(s => s.Objects));
            foreach (var step in steps)
            {
                var dryRun = await applier.RunAsync(step.Objects, ApplyMode.ServerDryRun, enforcement, ct);
                findings.AddRange(dryRun.Findings);
                var apply = await applier.RunAsync(dryRun.Accepted, ApplyMode.Apply, enforcement, ct);
                findings.AddRange(apply.Findings);
                applied.AddRange(apply.Accepted);
                if (step.Kind == StepKind.Crds)
                {
                    findings.AddRange(await WaitEstablishedAsync(api, apply.Accepted, timeouts, ct));
                    discovery.Forget();
                }
            }
            // After every step, as the controllers create Pods after the sync: the ServiceAccounts they name exist by then.
            var probes = PodTemplateDryRun.Probes(applied, enforcement);
            if (!controllersRun) await EnsureDefaultServiceAccountsAsync(api, probes.Select(p => p.Pod.Namespace).OfType<string>(), ct);
            findings.AddRange(await podTemplates.CheckAsync(probes, ct));
            findings.AddRange(await readback.CheckAsync(applied, controllersRun, options.Wait, ct));
        }
        return findings;
    }

    private Finding ControllersAbsent(LiveCluster cluster, LiveTimeouts timeouts) => new(Stages.Live, Severity.Info, LiveRules.ControllersAbsent,
        $"No controllers run on {cluster.Description}: a Deployment applied to find out got no status.observedGeneration within {timeouts.ControllerProbe.Total.TotalSeconds:0} s. " +
        $"Checks that need controllers ({LiveRules.ControllerNotObserved}{(options.Wait ? ", --wait readiness" : "")}) were not run; " +
        "schema validation, admission (Pod Security included) and apply results count as on any cluster.");

    /// <summary>
    /// Stands in for the ServiceAccount controller where no controllers run: every namespace gets its <c>default</c>
    /// ServiceAccount, which Pod admission requires of a Pod that names none. Only the default one: a ServiceAccount the
    /// repository names but does not define is still a refusal, as on a real cluster.
    /// </summary>
    private static async Task EnsureDefaultServiceAccountsAsync(ApiServer api, IEnumerable<string> namespaces, CancellationToken ct)
    {
        foreach (var ns in namespaces.Distinct(StringComparer.Ordinal))
        {
            var path = ApiResource.ServiceAccounts.ObjectPath(ns, "default");
            if (!(await api.GetAsync(path, ct)).IsNotFound) continue;
            var body = new System.Text.Json.Nodes.JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "ServiceAccount",
                ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "default", ["namespace"] = ns },
            };
            await api.ApplyAsync(path, body.ToCompactJson(), ApplyMode.Apply, ct);
        }
    }

    private static async Task<IReadOnlyList<Finding>> WaitEstablishedAsync(ApiServer api, IReadOnlyList<LiveObject> crds, LiveTimeouts timeouts, CancellationToken ct)
    {
        if (crds.Count == 0) return [];
        var pending = await CrdEstablishment.WaitAsync(api, crds.Select(c => c.Name), timeouts.CrdEstablished, ct);
        return crds.Where(c => pending.ContainsKey(c.Name)).Select(c => c.Source.Finding(Stages.Live, Severity.Error, LiveRules.Timeout,
            $"CustomResourceDefinition {c.Name} was not Established within {timeouts.CrdEstablished.Total.TotalSeconds:0} s: {pending[c.Name]}")).ToList();
    }
}
