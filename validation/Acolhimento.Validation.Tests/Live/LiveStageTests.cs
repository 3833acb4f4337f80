using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Live;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Support;
using Shouldly;
using Acolhimento.Validation.Kubernetes;

namespace Acolhimento.Validation.Tests.Live;

/// <summary>
/// The live stage against <see cref="FakeApiServer"/>: every request goes through KubernetesClient's pipeline to an
/// in-process API server answering with the Status bodies of <c>Fixtures/api</c> (hand-written, see its README).
/// </summary>
[Trait("Category", "Unit")]
public sealed class LiveStageTests : IDisposable
{
    private const string File = "apps/api/all.yaml";

    private static readonly LiveTimeouts Quick = LiveTimeouts.Default with
    {
        Request = TimeSpan.FromSeconds(1),
        ClusterStart = new Polling(TimeSpan.Zero, 2),
        Controllers = new Polling(TimeSpan.Zero, 2),
        ControllerProbe = new Polling(TimeSpan.Zero, 2),
        CrdEstablished = new Polling(TimeSpan.Zero, 2),
        Deletion = new Polling(TimeSpan.Zero, 2),
        Ready = new Polling(TimeSpan.Zero, 2),
    };

    private readonly TempRepository _folder = new();

    public void Dispose() => _folder.Dispose();

    private static LiveOptions Options(bool wait = false, int parallelism = 1, string? schemas = null) =>
        new(schemas ?? LiveTestData.SchemaFixture, Wait: wait, Timeouts: Quick, Parallelism: parallelism, Environment: _ => null);

    private Task<IReadOnlyList<Finding>> Run(FakeApiServer server, LiveOptions? options = null, params RenderedCluster[] clusters) =>
        new LiveStage(new FakeProcessRunner(), options ?? Options()).RunAsync(
            server.Cluster(_folder), clusters.Length == 0 ? [LiveTestData.Dev()] : clusters, TestContext.Current.CancellationToken);

    private static RenderedCluster DevWith(string from, string to) =>
        LiveTestData.Cluster("dev", new LiveTestData.App("api", "acolhimento", File, LiveTestData.ApiYaml.Replace(from, to, StringComparison.Ordinal)));

    [Fact]
    public async Task Clean_run_installs_add_ons_then_dry_runs_and_applies_each_step_in_plan_order_and_reads_back()
    {
        // What matters is the order relative to the plan (whose kind and wave order ApplyPlanTests pin), not a hand-kept log.
        var server = new FakeApiServer();
        var dev = LiveTestData.Dev();
        (await Run(server, null, dev)).ShouldBeEmpty();
        var plan = ApplyPlan.Create([dev], LiveTestData.Catalog);
        var planned = plan.Steps.SelectMany(s => s.Objects).Select(o => $"{o.Kind}/{o.Name}").ToList();
        var addOns = plan.AddOnCrds.Select(c => $"CustomResourceDefinition/{c.Name}").ToList();
        addOns.ShouldNotBeEmpty();

        var applied = server.Of("apply").Where(a => !a.Contains(ControllerProbe.NamePrefix, StringComparison.Ordinal)).ToList();
        applied.Take(addOns.Count).ShouldBe(addOns, ignoreOrder: true, "the add-ons' CRDs are installed before any object of the repository");
        applied.Skip(addOns.Count).ShouldBe(planned, "each object is applied once, in the plan's order");

        var dryRuns = server.Of("dry-run");
        dryRuns.Where(d => !d.StartsWith("Pod/", StringComparison.Ordinal)).ShouldBe(planned, "each object is dry-run once, in the plan's order");
        var log = server.Log.ToList();
        foreach (var o in planned) log.IndexOf($"dry-run: {o}").ShouldBeLessThan(log.IndexOf($"apply: {o}"), $"{o} is dry-run before it is applied");

        // A Pod built from each pod template is dry-run (Pod Security), never applied.
        var podProbes = dryRuns.Where(d => d.StartsWith("Pod/", StringComparison.Ordinal)).ToList();
        podProbes.ShouldBe(["Pod/migrate-live-job-pod", "Pod/api-deployment-pod"], ignoreOrder: true);
        applied.ShouldNotContain(a => a.StartsWith("Pod/", StringComparison.Ordinal));
        server.Has("Deployment", "api").ShouldBeTrue();
        server.Has("Pod", "api-deployment-pod").ShouldBeFalse();
    }

    [Fact]
    public async Task Every_request_carries_the_kubeconfigs_credentials()
    {
        var server = new FakeApiServer();
        await Run(server);
        server.Authorizations.ShouldNotBeEmpty();
        server.Authorizations.Distinct().ShouldBe([$"Bearer {FakeApiServer.Token}"]);
    }

    [Fact]
    public async Task Kinds_are_found_through_discovery_once_per_group_version()
    {
        var server = new FakeApiServer();
        await Run(server);
        var discovered = server.Of("discover");
        discovered.ShouldContain("apps/v1");
        discovered.ShouldContain("external-secrets.io/v1");
        discovered.Count(d => d == "apps/v1").ShouldBe(1);
    }

    [Fact]
    public async Task Enforced_pod_security_above_the_warn_level_is_checked_on_a_pod_built_from_each_template()
    {
        // No warning on the Deployment (the namespace warns at baseline only): only a Pod from its template meets the enforced level.
        var server = new FakeApiServer();
        server.DryRunErrors["Pod/api-deployment-pod"] = "podsecurity-forbidden.status";
        var finding = (await Run(server)).ShouldHaveSingle(LiveRules.Rejected);
        finding.Severity.ShouldBe(Severity.Error);
        finding.Object!.Kind.ShouldBe("Deployment");
        finding.Location.ShouldBe(new SourceLocation(File, LiveTestData.LineOf("- name: api"), 11));
        finding.Path.ShouldBe("spec.template.spec.containers[1]");
        finding.Message.ShouldStartWith("Pod Security admission will reject the Pods of deployment.apps/api in acolhimento: namespace acolhimento enforces restricted:latest, and a server dry run of a Pod from the template was refused: pods \"api-deployment-pod\" is forbidden: violates PodSecurity");
        server.Of("apply").ShouldNotContain("Pod/api-deployment-pod");
    }

    [Fact]
    public async Task A_namespace_that_warns_at_its_enforced_level_gets_no_pod_dry_run()
    {
        var server = new FakeApiServer();
        var warned = DevWith("pod-security.kubernetes.io/warn: baseline", "pod-security.kubernetes.io/warn: restricted");
        (await Run(server, null, warned)).ShouldBeEmpty();
        server.Of("dry-run").ShouldNotContain(l => l.StartsWith("Pod/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_warning_header_is_a_warning_at_the_field_it_names()
    {
        var server = new FakeApiServer();
        server.DryRunWarnings["ConfigMap/api-settings"] = ["unknown field \"data.LOG_LEVEL\""];
        var finding = (await Run(server)).ShouldHaveSingle(LiveRules.Warning);
        finding.Severity.ShouldBe(Severity.Warning);
        finding.Object!.Kind.ShouldBe("ConfigMap");
        finding.Location.ShouldBe(new SourceLocation(File, LiveTestData.LineOf("LOG_LEVEL"), 3));
        finding.Message.ShouldBe("API server warning for configmap/api-settings in acolhimento: unknown field \"data.LOG_LEVEL\"");
        finding.Cluster.ShouldBe("dev");
        finding.Application.ShouldBe("api");
    }

    [Fact]
    public async Task Pod_security_violation_of_the_enforced_policy_is_a_rejection_at_the_container_it_names()
    {
        // The namespace warns at what it enforces (restricted, version latest): the Deployment is accepted, but every Pod it creates is refused.
        var server = new FakeApiServer();
        server.DryRunWarnings["Deployment/api"] = [PodSecurityWarning];
        var finding = (await Run(server, null, DevWith("pod-security.kubernetes.io/warn: baseline", "pod-security.kubernetes.io/warn: restricted"))).ShouldHaveSingle(LiveRules.Rejected);
        finding.Severity.ShouldBe(Severity.Error);
        finding.Location!.Line.ShouldBe(LiveTestData.LineOf("- name: api"));
        finding.Path.ShouldBe("spec.template.spec.containers[1]");
        finding.Message.ShouldStartWith("Pod Security admission will reject the Pods of deployment.apps/api in acolhimento: namespace acolhimento enforces restricted:latest, and the API server warned: would violate PodSecurity \"restricted:latest\"");
    }

    [Fact]
    public async Task A_namespace_that_only_enforces_warns_at_the_enforced_level_so_each_violation_is_reported_once()
    {
        // What the real API server did (kube-apiserver v1.35.3): with only `enforce: restricted`, warn defaults to
        // restricted:latest, so the Deployment's dry run carries the warning, and a Pod from its template would be refused too.
        // One verdict per violation: the warning becomes the rejection, and no Pod is sent.
        var server = new FakeApiServer();
        server.DryRunWarnings["Deployment/api"] = [PodSecurityWarning];
        server.DryRunErrors["Pod/api-deployment-pod"] = "podsecurity-forbidden.status";
        var findings = await Run(server, null, DevWith("    pod-security.kubernetes.io/warn: baseline\n", ""));
        findings.ShouldHaveSingle(LiveRules.Rejected).Message.ShouldContain("the API server warned: would violate PodSecurity \"restricted:latest\"");
        server.Of("dry-run").ShouldNotContain(l => l.StartsWith("Pod/", StringComparison.Ordinal));
    }

    private const string PodSecurityWarning = "would violate PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false (container \"api\" must set securityContext.allowPrivilegeEscalation=false), runAsNonRoot != true (pod or container \"api\" must set securityContext.runAsNonRoot=true)";

    [Fact]
    public async Task Pod_security_violation_of_a_policy_the_namespace_only_warns_about_stays_a_warning()
    {
        var server = new FakeApiServer();
        server.DryRunWarnings["Deployment/api"] = [PodSecurityWarning];
        var warnOnly = DevWith("pod-security.kubernetes.io/enforce: restricted\n    pod-security.kubernetes.io/warn: baseline", "pod-security.kubernetes.io/enforce: baseline\n    pod-security.kubernetes.io/warn: restricted");
        var finding = (await Run(server, null, warnOnly)).ShouldHaveSingle(LiveRules.Warning);
        finding.Severity.ShouldBe(Severity.Warning);
        finding.Path.ShouldBe("spec.template.spec.containers[1]");
        finding.Message.ShouldStartWith("API server warning for deployment.apps/api in acolhimento: would violate PodSecurity \"restricted:latest\"");
    }

    [Fact]
    public async Task A_warning_sent_only_on_create_is_reported_the_same_on_a_cluster_that_already_has_the_object()
    {
        // kube-apiserver v1.35.3 warned about this ConfigMap-like finalizer only when it created the object: a second run
        // on the same cluster had 0 findings. The update's dry run is repeated as a dry-run create of a renamed twin.
        const string warning = "metadata.finalizers: \"example.com-cleanup\": prefer a domain-qualified finalizer name including a path (/) to avoid accidental conflicts with other finalizer writers";
        var server = new FakeApiServer();
        server.WarningsOnCreate["ConfigMap"] = [warning];
        var withFinalizer = DevWith("  name: api-settings\n", "  name: api-settings\n  finalizers:\n    - example.com-cleanup\n");
        var first = (await Run(server, null, withFinalizer)).ShouldHaveSingle(LiveRules.Warning);
        server.Has("ConfigMap", "api-settings").ShouldBeTrue();
        var again = (await Run(server, null, withFinalizer)).ShouldHaveSingle(LiveRules.Warning);
        again.ShouldBe(first);
        again.Path.ShouldBe("metadata.finalizers[0]");
        server.Of("dry-run").ShouldContain("ConfigMap/" + ObjectApplier.TwinName("api-settings"));
        server.Has("ConfigMap", ObjectApplier.TwinName("api-settings")).ShouldBeFalse();
    }

    [Fact]
    public async Task Rejected_in_the_dry_run_is_not_applied_and_points_at_the_field_the_status_names()
    {
        var server = new FakeApiServer();
        server.DryRunErrors["Deployment/api"] = "invalid-single.status";
        var finding = (await Run(server)).ShouldHaveSingle(LiveRules.Rejected);
        finding.Location.ShouldBe(new SourceLocation(File, LiveTestData.LineOf("image: ghcr.io/central-acolhimento/proxy"), 11));
        finding.Path.ShouldBe("spec.template.spec.containers[0].image");
        finding.Message.ShouldBe("server dry run rejected deployment.apps/api in acolhimento (Invalid): spec.template.spec.containers[0].image: Required value");
        server.Of("apply").ShouldNotContain("Deployment/api");
        server.Has("Deployment", "api").ShouldBeFalse();
    }

    [Fact]
    public async Task Every_cause_of_a_rejection_is_its_own_located_finding()
    {
        var server = new FakeApiServer();
        server.DryRunErrors["Deployment/api"] = "invalid-multi.status";
        var findings = (await Run(server)).Where(f => f.Rule == LiveRules.Rejected).ToList();
        findings.Select(f => f.Path).ShouldBe(["spec.selector", "spec.template.metadata.labels"]);
        findings.Single(f => f.Path == "spec.template.metadata.labels").Location!.Line.ShouldBe(LiveTestData.LineOf("labels:", 2));
    }

    [Fact]
    public async Task A_field_the_schema_does_not_declare_is_located_from_the_typed_patch_message()
    {
        // Server-side apply answers 500 without causes; the field is only in the message (kubernetes/kubernetes#139253).
        var server = new FakeApiServer();
        server.DryRunErrors["Deployment/api"] = "typed-patch.status";
        var finding = (await Run(server)).ShouldHaveSingle(LiveRules.Rejected);
        finding.Path.ShouldBe("spec.template.spec.containers[1].imagePullPolcy");
        finding.Location!.Line.ShouldBe(LiveTestData.LineOf("- name: api"));
        finding.Message.ShouldBe("server dry run rejected deployment.apps/api in acolhimento: spec.template.spec.containers[name=\"api\"].imagePullPolcy: field not declared in schema");
    }

    [Fact]
    public async Task A_kind_the_server_does_not_serve_is_rejected_at_its_api_version()
    {
        const string yaml = "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: no-crd\n";
        var server = new FakeApiServer();
        var finding = (await Run(server, null, LiveTestData.Cluster("dev", new LiveTestData.App("odd", "odd", "apps/odd.yaml", yaml)))).ShouldHaveSingle(LiveRules.Rejected);
        finding.Location!.Line.ShouldBe(1);
        finding.Path.ShouldBe("apiVersion");
        finding.Message.ShouldBe("server dry run rejected widget.example.com/no-crd in odd: no kind is served in example.com/v1: the API server does not serve that group version (its CRD is not installed)");
    }

    [Fact]
    public async Task A_missing_namespace_is_located_at_the_namespace()
    {
        var server = new FakeApiServer();
        server.DryRunErrors["ConfigMap/api-settings"] = "namespace-not-found.status";
        var finding = (await Run(server)).ShouldHaveSingle(LiveRules.Rejected);
        finding.Path.ShouldBe("metadata.namespace");
        finding.Message.ShouldBe("server dry run rejected configmap/api-settings in acolhimento (NotFound): metadata.namespace: namespace acolhimento does not exist");
    }

    [Fact]
    public async Task Rejection_of_the_real_apply_is_reported_too()
    {
        var server = new FakeApiServer();
        server.ApplyErrors["Deployment/api"] = "immutable-selector.status";
        var finding = (await Run(server)).ShouldHaveSingle(LiveRules.Rejected);
        finding.Message.ShouldStartWith("server-side apply rejected deployment.apps/api in acolhimento (Invalid): spec.selector: Invalid value");
        finding.Location!.Line.ShouldBe(LiveTestData.LineOf("selector:"));
    }

    [Fact]
    public async Task A_conflict_with_another_field_manager_is_reported_at_the_field_not_forced()
    {
        var server = new FakeApiServer();
        server.ApplyErrors["Service/api"] = "conflict.status";
        var finding = (await Run(server)).ShouldHaveSingle(LiveRules.Rejected);
        finding.Object!.Kind.ShouldBe("Service");
        // The server names the leaf with the defaulted protocol in the selector; the source writes `- port: 80` only.
        finding.Path.ShouldBe("spec.ports[0].targetPort");
        finding.Location!.Line.ShouldBe(LiveTestData.LineOf("- port: 80"));
        finding.Message.ShouldBe("server-side apply rejected service/api in acolhimento (Conflict): spec.ports[port=80,protocol=\"TCP\"].targetPort: conflict with \"kubectl-client-side-apply\" using v1");
    }

    [Fact]
    public async Task An_immutable_statefulset_change_is_located_at_the_changed_line_not_at_spec()
    {
        const string db = """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata:
              name: db
            spec:
              serviceName: db
              selector:
                matchLabels:
                  app: db
              template:
                metadata:
                  labels:
                    app: db
                spec:
                  containers:
                    - name: db
                      image: postgres:17.2
              volumeClaimTemplates:
                - metadata:
                    name: data
                  spec:
                    accessModes: [ReadWriteOnce]
                    resources:
                      requests:
                        storage: 10Gi
            """;
        var server = new FakeApiServer();
        (await Run(server, null, LiveTestData.Cluster("dev", new LiveTestData.App("db", "data", "apps/db/statefulset.yaml", db)))).ShouldBeEmpty();
        server.DryRunErrors["StatefulSet/db"] = "immutable-statefulset.status";
        var changed = db.Replace("storage: 10Gi", "storage: 20Gi", StringComparison.Ordinal).Replace("postgres:17.2", "postgres:17.3", StringComparison.Ordinal);
        var finding = (await Run(server, null, LiveTestData.Cluster("dev", new LiveTestData.App("db", "data", "apps/db/statefulset.yaml", changed)))).ShouldHaveSingle(LiveRules.Rejected);
        // The template changed too, but the message names it as updatable: the storage request is what cannot change.
        finding.Path.ShouldBe("spec.volumeClaimTemplates[0].spec.resources.requests.storage");
        finding.Location!.Line.ShouldBe(changed.ReplaceLineEndings("\n").Split('\n').ToList().FindIndex(l => l.Contains("storage: 20Gi", StringComparison.Ordinal)) + 1);
        finding.Message.ShouldStartWith("server dry run rejected statefulset.apps/db in data (Invalid): spec: Forbidden: updates to statefulset spec");
    }

    [Fact]
    public async Task Object_that_cannot_be_read_back_is_reported()
    {
        var server = new FakeApiServer();
        server.Vanishing.Add("ConfigMap/api-settings");
        var finding = (await Run(server)).ShouldHaveSingle(LiveRules.MissingAfterApply);
        finding.Location!.Line.ShouldBe(LiveTestData.LineOf("kind: ConfigMap") - 1);
    }

    [Fact]
    public async Task Workload_its_controller_never_observed_is_reported_after_polling()
    {
        var server = new FakeApiServer();
        server.NeverObserved.Add("Deployment/api");
        var finding = (await Run(server)).ShouldHaveSingle(LiveRules.ControllerNotObserved);
        finding.Message.ShouldBe("the Deployment controller did not act on deployment.apps/api in acolhimento (no status.observedGeneration after 2 checks)");
        server.Of("get").Count(g => g == "Deployment/api").ShouldBe(3);
    }

    [Fact]
    public async Task Without_controllers_one_info_finding_says_so_and_controller_checks_are_not_run()
    {
        var server = new FakeApiServer { ControllersRun = false };
        var findings = await Run(server, Options(wait: true));
        var info = findings.ShouldHaveSingleItem();
        info.Rule.ShouldBe(LiveRules.ControllersAbsent);
        info.Severity.ShouldBe(Severity.Info);
        info.Message.ShouldBe("No controllers run on the fake API server: a Deployment applied to find out got no status.observedGeneration within 0 s. " +
            "Checks that need controllers (live/controller-not-observed, --wait readiness) were not run; schema validation, admission (Pod Security included) and apply results count as on any cluster.");
        server.Of("get").Count(g => g == "Deployment/api").ShouldBe(1); // read back once, never polled
        // The ServiceAccount controller's job, done for it: Pod admission needs the namespace's default ServiceAccount.
        server.Has("ServiceAccount", "default").ShouldBeTrue();
        server.Of("delete").ShouldContain(d => d.StartsWith("Deployment/" + ControllerProbe.NamePrefix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_controllers_rejections_still_count()
    {
        var server = new FakeApiServer { ControllersRun = false };
        server.DryRunErrors["Deployment/api"] = "invalid-single.status";
        var findings = await Run(server);
        findings.Count(f => f.CountsAsError).ShouldBe(1);
        findings.ShouldContain(f => f.Rule == LiveRules.ControllersAbsent);
    }

    [Fact]
    public async Task Wait_reads_rollouts_until_they_are_ready()
    {
        var server = new FakeApiServer();
        (await Run(server, Options(wait: true))).ShouldBeEmpty();
        server.Of("get").Count(g => g == "Deployment/api").ShouldBe(2); // the read-back, then the rollout status
    }

    [Fact]
    public async Task A_hanging_object_is_a_timeout_finding_and_the_rest_goes_on()
    {
        var server = new FakeApiServer();
        server.Hanging.Add("ConfigMap/api-settings");
        var finding = (await Run(server)).ShouldHaveSingle(LiveRules.Timeout);
        finding.Object!.Name.ShouldBe("api-settings");
        finding.Message.ShouldBe("server dry run of configmap/api-settings in acolhimento did not finish within 1 s");
        server.Of("apply").ShouldContain("Service/api");
    }

    [Fact]
    public async Task A_server_that_stops_answering_ends_the_run_with_a_reason()
    {
        var server = new FakeApiServer();
        server.Hanging.UnionWith(["Namespace/acolhimento", "Namespace/argocd", "discover: rbac.authorization.k8s.io/v1"]);
        var ex = await Should.ThrowAsync<CannotValidateException>(() => Run(server));
        ex.Message.ShouldBe("the API server stopped answering: 3 requests in a row failed (last: GET /apis/rbac.authorization.k8s.io/v1: no answer within 1 s)");
    }

    [Fact]
    public async Task Another_environments_version_whose_immutable_fields_clash_is_replaced_not_reported()
    {
        var server = new FakeApiServer();
        server.ImmutablePaths["Deployment"] = "spec.selector";
        var staging = LiveTestData.Cluster("staging", new LiveTestData.App("api", "acolhimento", "overlays/staging/all.yaml",
            LiveTestData.ApiYaml.Replace("matchLabels:\n      app: api", "matchLabels:\n      app: api\n      tier: web", StringComparison.Ordinal)
                .Replace("labels:\n        app: api", "labels:\n        app: api\n        tier: web", StringComparison.Ordinal)
                .Replace("rules: []", "rules:\n  - apiGroups: [\"\"]\n    resources: [configmaps]\n    verbs: [get]", StringComparison.Ordinal)));
        (await Run(server, null, LiveTestData.Dev(), staging)).ShouldBeEmpty();
        var log = server.Log.ToList();
        // Only the clashing object is deleted; the ClusterRole's rules are not immutable, so staging's apply just updates them.
        log.Where(l => l.StartsWith("delete:", StringComparison.Ordinal) && !l.Contains(ControllerProbe.NamePrefix, StringComparison.Ordinal)).ShouldBe(["delete: Deployment/api"]);
        log[log.IndexOf("delete: Deployment/api") - 1].ShouldBe("patch: Deployment/api"); // finalizers first
        server.Stored("Deployment", "api")!["metadata"]!["annotations"]![LiveObject.EnvironmentAnnotation]!.ToString().ShouldBe("staging");
        server.Stored("Namespace", "acolhimento").ShouldNotBeNull();
    }

    [Fact]
    public async Task The_same_environments_earlier_revision_is_not_replaced_its_clash_is_the_finding()
    {
        var server = new FakeApiServer();
        server.ImmutablePaths["Deployment"] = "spec.selector";
        (await Run(server)).ShouldBeEmpty();
        var findings = await Run(server, null, LiveTestData.Cluster("dev", new LiveTestData.App("api", "acolhimento", File, LiveTestData.ApiYaml
            .Replace("matchLabels:\n      app: api", "matchLabels:\n      app: api\n      tier: web", StringComparison.Ordinal)
            .Replace("labels:\n        app: api", "labels:\n        app: api\n        tier: web", StringComparison.Ordinal))));
        var finding = findings.ShouldHaveSingle(LiveRules.Rejected);
        finding.Path.ShouldBe("spec.selector.matchLabels.tier");
        finding.Location!.Line.ShouldBe(LiveTestData.LineOf("matchLabels:") + 2);
        server.Log.ShouldNotContain("delete: Deployment/api");
    }

    [Fact]
    public async Task Another_environments_version_with_a_finalizer_loses_the_finalizer_before_it_is_deleted()
    {
        // Argo CD's resources finalizer: no Argo CD runs in the throwaway cluster, so nothing would ever remove it.
        const string child = """
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata:
              name: child
              finalizers:
                - resources-finalizer.argocd.argoproj.io
            spec:
              project: default
              destination:
                server: https://kubernetes.default.svc
                namespace: child-dev
            """;
        var server = new FakeApiServer();
        server.ImmutablePaths["Application"] = "spec.destination";
        var dev = LiveTestData.Cluster("dev", new LiveTestData.App("children", "argocd", "clusters/dev/child.yaml", child));
        var staging = LiveTestData.Cluster("staging", new LiveTestData.App("children", "argocd", "clusters/staging/child.yaml", child.Replace("child-dev", "child-staging", StringComparison.Ordinal)));
        (await Run(server, null, dev, staging)).ShouldBeEmpty();
        var log = server.Log.ToList();
        log.IndexOf("patch: Application/child").ShouldBe(log.IndexOf("delete: Application/child") - 1);
        server.Stored("Application", "child")!["spec"]!["destination"]!["namespace"]!.ToString().ShouldBe("child-staging");
    }

    [Fact]
    public async Task Crds_the_repository_renders_are_waited_for_and_a_timeout_is_located()
    {
        var yaml = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: gadgets.example.com
            spec:
              group: example.com
              scope: Namespaced
              names:
                kind: Gadget
                plural: gadgets
              versions: []
            """;
        var server = new FakeApiServer();
        var rendered = LiveTestData.Cluster("dev", new LiveTestData.App("gadgets", "g", "apps/gadgets/crd.yaml", yaml));
        (await Run(server, null, rendered)).ShouldBeEmpty();
        server.Of("get").ShouldContain("CustomResourceDefinition/gadgets.example.com");
    }

    [Fact]
    public async Task Add_on_crds_that_do_not_become_established_stop_the_run()
    {
        var server = new FakeApiServer { CrdsNeverEstablished = true };
        var ex = await Should.ThrowAsync<CannotValidateException>(() => Run(server));
        ex.Message.ShouldStartWith("the add-on CRDs were not Established within 0 s: applications.argoproj.io: the initial names have not been accepted");
    }

    [Fact]
    public async Task Without_schema_data_the_stage_cannot_validate()
    {
        using var emptyCache = new TempRepository();
        var options = Options() with { SchemaDirectory = null, Environment = name => name == "XDG_CACHE_HOME" ? emptyCache.Root : null };
        var ex = await Should.ThrowAsync<CannotValidateException>(() => Run(new FakeApiServer(), options));
        ex.Message.ShouldStartWith("no schema data: pass --schemas DIR, set ACOLHIMENTO_SCHEMA_DIR, or run `acolhimento-validate schemas pull");
        using var empty = new TempRepository();
        (await Should.ThrowAsync<CannotValidateException>(() => Run(new FakeApiServer(), Options(schemas: empty.Root)))).Message.ShouldContain("has no crds/ folder");
    }

    [Fact]
    public async Task The_schema_data_that_schemas_pull_cached_is_found_without_schemas()
    {
        // LiveOptions used to read only --schemas and ACOLHIMENTO_SCHEMA_DIR: after `schemas pull` the live stage still refused.
        using var cacheHome = new TempRepository();
        cacheHome.CopyFrom(LiveTestData.SchemaFixture);
        var cached = Path.Combine(cacheHome.Root, "acolhimento-validation", "schemas");
        Directory.CreateDirectory(cached);
        Directory.Move(Path.Combine(cacheHome.Root, "crds"), Path.Combine(cached, "crds"));
        var options = Options() with { SchemaDirectory = null, Environment = name => name == "XDG_CACHE_HOME" ? cacheHome.Root : null };
        options.LocateSchemaData().Root.ShouldBe(cached);
        (await Run(new FakeApiServer(), options)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Hostile_names_and_bodies_that_are_not_status_yield_findings_not_crashes()
    {
        var yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \"a b\\\"c: d #e/?&\"\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: quiet\n";
        var server = new FakeApiServer();
        server.DryRunErrors["ConfigMap/quiet"] = """{"code":502}""";
        var findings = await Run(server, null, LiveTestData.Cluster("dev", new LiveTestData.App("odd", "odd", "apps/odd.yaml", yaml)));
        var finding = findings.ShouldHaveSingle(LiveRules.Rejected);
        finding.Object!.Name.ShouldBe("quiet");
        finding.Message.ShouldBe("server dry run rejected configmap/quiet in odd: HTTP 502");
        server.Has("ConfigMap", "a b\"c: d #e/?&").ShouldBeTrue();
    }
}
