using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Live;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Live;

[Trait("Category", "Unit")]
public sealed class LiveStageTests
{
    private const string File = "apps/api/all.yaml";

    private static readonly LiveTimeouts Quick = LiveTimeouts.Default with
    {
        ClusterStart = new Polling(TimeSpan.Zero, 2),
        Controllers = new Polling(TimeSpan.Zero, 2),
    };

    private static string Sample(string name) => System.IO.File.ReadAllText(RepositoryLocator.Fixture("Live", "Fixtures", "kubectl", name));

    private static LiveOptions Options(bool wait = false, int parallelism = 4, string? schemas = null) =>
        new(schemas ?? LiveTestData.SchemaFixture, Wait: wait, Timeouts: Quick, Parallelism: parallelism, Environment: _ => null);

    private static Task<IReadOnlyList<Finding>> Run(FakeCluster cluster, LiveOptions? options = null, params RenderedCluster[] clusters) =>
        new LiveStage(cluster, options ?? Options()).RunAsync(
            new LiveCluster("/tmp/acolhimento-test.kubeconfig", "fake"), clusters.Length == 0 ? [LiveTestData.Dev()] : clusters, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Clean_run_dry_runs_then_applies_each_step_in_plan_order_and_reads_back()
    {
        var cluster = new FakeCluster();
        (await Run(cluster)).ShouldBeEmpty();
        cluster.Log.ShouldBe(
        [
            "apply: applications.argoproj.io, clustersecretstores.external-secrets.io, externalsecrets.external-secrets.io",
            "wait: applications.argoproj.io, clustersecretstores.external-secrets.io, externalsecrets.external-secrets.io",
            "dry-run: acolhimento, argocd", "apply: acolhimento, argocd",
            "dry-run: api-reader", "apply: api-reader",
            "dry-run: api", "apply: api",
            "dry-run: migrate-live", "apply: migrate-live",
            "dry-run: api-settings, api, api-db", "apply: api-settings, api, api-db",
            "dry-run: api", "apply: api",
            "dry-run: migrate-live-job-pod, api-deployment-pod",
            "get: acolhimento, argocd, api-reader, api, migrate-live, api-settings, api, api-db, api",
        ]);
    }

    [Fact]
    public async Task Enforced_pod_security_without_a_warn_label_is_checked_on_a_pod_built_from_each_template()
    {
        // No warning on the Deployment (the namespace does not warn): only a Pod from its template meets the enforced level.
        var cluster = new FakeCluster();
        cluster.DryRunErrors["Pod/api-deployment-pod"] = Sample("podsecurity-forbidden.stderr");
        var finding = (await Run(cluster)).ShouldHaveSingle(LiveFindings.Rejected);
        finding.Severity.ShouldBe(Severity.Error);
        finding.Object!.Kind.ShouldBe("Deployment");
        finding.Location.ShouldBe(new SourceLocation(File, LiveTestData.LineOf("- name: api"), 11));
        finding.Path.ShouldBe("spec.template.spec.containers[1]");
        finding.Message.ShouldStartWith("Pod Security admission will reject the Pods of deployment.apps/api in acolhimento: namespace acolhimento enforces restricted:latest, and a server dry run of a Pod from the template was refused: Error from server (Forbidden): pods \"api-deployment-pod\" is forbidden: violates PodSecurity");
        var log = cluster.Log.ToList();
        log.Skip(log.IndexOf("dry-run: migrate-live-job-pod, api-deployment-pod") + 1).Take(2).Order()
            .ShouldBe(["dry-run: api-deployment-pod", "dry-run: migrate-live-job-pod"]);
        log.ShouldNotContain(l => l.StartsWith("apply: api-deployment-pod", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_namespace_that_warns_at_its_enforced_level_gets_no_pod_dry_run()
    {
        var cluster = new FakeCluster();
        var warned = LiveTestData.Cluster("dev", new LiveTestData.App("api", "acolhimento", File, LiveTestData.ApiYaml.Replace(
            "pod-security.kubernetes.io/enforce: restricted", "pod-security.kubernetes.io/enforce: restricted\n    pod-security.kubernetes.io/warn: restricted", StringComparison.Ordinal)));
        (await Run(cluster, null, warned)).ShouldBeEmpty();
        cluster.Log.ShouldNotContain(l => l.Contains("-pod", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Warning_in_a_batch_is_attributed_by_sending_each_object_alone()
    {
        var cluster = new FakeCluster();
        cluster.DryRunWarnings["ConfigMap/api-settings"] = "unknown field \"data.LOG_LEVEL\"";
        var finding = (await Run(cluster)).ShouldHaveSingle(LiveFindings.Warning);
        finding.Severity.ShouldBe(Severity.Warning);
        finding.Object!.Kind.ShouldBe("ConfigMap");
        finding.Location.ShouldBe(new SourceLocation(File, LiveTestData.LineOf("LOG_LEVEL"), 3));
        finding.Message.ShouldBe("API server warning for configmap/api-settings in acolhimento: unknown field \"data.LOG_LEVEL\"");
        finding.Cluster.ShouldBe("dev");
        finding.Application.ShouldBe("api");
        var log = cluster.Log.ToList();
        var batch = log.IndexOf("dry-run: api-settings, api, api-db");
        log.Skip(batch + 1).Take(3).Order().ShouldBe(["dry-run: api", "dry-run: api-db", "dry-run: api-settings"]);
        log[batch + 4].ShouldBe("apply: api-settings, api, api-db");
    }

    [Fact]
    public async Task Pod_security_violation_of_the_enforced_policy_is_a_rejection_at_the_container_it_names()
    {
        // The namespace enforces restricted (version latest): the Deployment is accepted, but every Pod it creates is refused.
        var cluster = new FakeCluster();
        cluster.DryRunWarnings["Deployment/api"] = Sample("podsecurity-warning.stderr").Trim()["Warning: ".Length..];
        var finding = (await Run(cluster)).ShouldHaveSingle(LiveFindings.Rejected);
        finding.Severity.ShouldBe(Severity.Error);
        finding.Location!.Line.ShouldBe(LiveTestData.LineOf("- name: api"));
        finding.Path.ShouldBe("spec.template.spec.containers[1]");
        finding.Message.ShouldStartWith("Pod Security admission will reject the Pods of deployment.apps/api in acolhimento: namespace acolhimento enforces restricted:latest, and the API server warned: would violate PodSecurity \"restricted:latest\"");
    }

    [Fact]
    public async Task Pod_security_violation_of_a_policy_the_namespace_only_warns_about_stays_a_warning()
    {
        var cluster = new FakeCluster();
        cluster.DryRunWarnings["Deployment/api"] = Sample("podsecurity-warning.stderr").Trim()["Warning: ".Length..];
        var warnOnly = LiveTestData.Cluster("dev", new LiveTestData.App("api", "acolhimento", File, LiveTestData.ApiYaml.Replace(
            "pod-security.kubernetes.io/enforce: restricted", "pod-security.kubernetes.io/enforce: baseline\n    pod-security.kubernetes.io/warn: restricted", StringComparison.Ordinal)));
        var finding = (await Run(cluster, null, warnOnly)).ShouldHaveSingle(LiveFindings.Warning);
        finding.Severity.ShouldBe(Severity.Warning);
        finding.Path.ShouldBe("spec.template.spec.containers[1]");
        finding.Message.ShouldStartWith("API server warning for deployment.apps/api in acolhimento: would violate PodSecurity \"restricted:latest\"");
    }

    [Fact]
    public async Task Rejected_in_the_dry_run_is_not_applied_and_points_at_the_field()
    {
        var cluster = new FakeCluster();
        cluster.DryRunErrors["Deployment/api"] = Sample("invalid-single.stderr");
        var finding = (await Run(cluster)).ShouldHaveSingle(LiveFindings.Rejected);
        finding.Location.ShouldBe(new SourceLocation(File, LiveTestData.LineOf("image: ghcr.io/central-acolhimento/proxy"), 11));
        finding.Message.ShouldBe("server dry run rejected deployment.apps/api in acolhimento (Invalid): spec.template.spec.containers[0].image: Required value");
        var log = cluster.Log.ToList();
        log.Skip(log.LastIndexOf("dry-run: api") + 1).ShouldNotContain("apply: api");
        log.Last().ShouldBe("get: acolhimento, argocd, api-reader, api, migrate-live, api-settings, api, api-db");
    }

    [Fact]
    public async Task Every_cause_of_a_rejection_is_its_own_located_finding()
    {
        var cluster = new FakeCluster();
        cluster.DryRunErrors["Deployment/api"] = Sample("invalid-multi.stderr");
        var findings = (await Run(cluster)).Where(f => f.Rule == LiveFindings.Rejected).ToList();
        findings.Select(f => f.Path).ShouldBe(["spec.template.metadata.labels", "spec.template.spec.containers[0].image"], ignoreOrder: true);
        findings.Single(f => f.Path == "spec.template.metadata.labels").Location!.Line.ShouldBe(LiveTestData.LineOf("labels:", 2));
    }

    [Fact]
    public async Task Missing_crd_points_at_the_api_version()
    {
        var cluster = new FakeCluster();
        cluster.DryRunErrors["ExternalSecret/api-db"] = Sample("mapping-not-found.stderr");
        var finding = (await Run(cluster)).ShouldHaveSingle(LiveFindings.Rejected);
        finding.Location!.Line.ShouldBe(LiveTestData.LineOf("apiVersion: external-secrets.io/v1"));
        finding.Message.ShouldContain("no kind ExternalSecret is served in external-secrets.io/v1: its CRD is not installed");
    }

    [Fact]
    public async Task Rejection_of_the_real_apply_is_reported_too()
    {
        var cluster = new FakeCluster();
        cluster.ApplyErrors["Deployment/api"] = Sample("immutable.stderr");
        var finding = (await Run(cluster)).ShouldHaveSingle(LiveFindings.Rejected);
        finding.Message.ShouldStartWith("server-side apply rejected deployment.apps/api in acolhimento (Invalid): spec.selector: Invalid value");
        finding.Location!.Line.ShouldBe(LiveTestData.LineOf("selector:"));
    }

    [Fact]
    public async Task Conflict_in_a_batch_apply_is_attributed_by_retrying_the_unconfirmed_object_alone()
    {
        var cluster = new FakeCluster();
        cluster.ApplyErrors["Service/api"] = Sample("conflict.stderr");
        var finding = (await Run(cluster)).ShouldHaveSingle(LiveFindings.Rejected);
        finding.Object!.Kind.ShouldBe("Service");
        finding.Message.ShouldBe("server-side apply rejected service/api in acolhimento (Conflict): spec.replicas: conflict with field manager \"kubectl-client-side-apply\"");
        var log = cluster.Log.ToList();
        log[log.IndexOf("apply: api-settings, api, api-db") + 1].ShouldBe("apply: api");
    }

    [Fact]
    public async Task Object_that_cannot_be_read_back_is_reported()
    {
        var cluster = new FakeCluster();
        cluster.Vanishing.Add("ConfigMap/api-settings");
        var finding = (await Run(cluster)).ShouldHaveSingle(LiveFindings.MissingAfterApply);
        finding.Location!.Line.ShouldBe(LiveTestData.LineOf("kind: ConfigMap") - 1);
    }

    [Fact]
    public async Task Workload_its_controller_never_observed_is_reported_after_polling()
    {
        var cluster = new FakeCluster();
        cluster.NeverObserved.Add("Deployment/api");
        var finding = (await Run(cluster)).ShouldHaveSingle(LiveFindings.ControllerNotObserved);
        finding.Message.ShouldBe("the Deployment controller did not act on deployment.apps/api in acolhimento (no status.observedGeneration after 2 checks)");
        cluster.Log.Count(l => l.StartsWith("get:", StringComparison.Ordinal)).ShouldBe(3);
    }

    [Fact]
    public async Task Wait_checks_rollouts()
    {
        var cluster = new FakeCluster();
        (await Run(cluster, Options(wait: true))).ShouldBeEmpty();
        cluster.Log.Last().ShouldBe("rollout: deployment.apps/api");
    }

    [Fact]
    public async Task A_hanging_object_is_a_timeout_finding_and_the_rest_goes_on()
    {
        var cluster = new FakeCluster();
        cluster.Hanging.Add("ConfigMap/api-settings");
        var finding = (await Run(cluster, Options(parallelism: 1))).ShouldHaveSingle(LiveFindings.Timeout);
        finding.Object!.Name.ShouldBe("api-settings");
        finding.Message.ShouldBe("server dry run of configmap/api-settings in acolhimento did not finish within 60 s");
        cluster.Log.ShouldContain("apply: api, api-db");
    }

    [Fact]
    public async Task A_cluster_that_stops_answering_ends_the_run_with_a_reason()
    {
        var cluster = new FakeCluster();
        cluster.Hanging.UnionWith(["Namespace/acolhimento", "Namespace/argocd"]);
        var ex = await Should.ThrowAsync<CannotValidateException>(() => Run(cluster, Options(parallelism: 1)));
        ex.Message.ShouldStartWith("the cluster stopped answering: 3 kubectl calls in a row timed out");
    }

    [Fact]
    public async Task Another_environments_different_version_is_deleted_first_but_namespaces_are_not()
    {
        var cluster = new FakeCluster();
        var staging = LiveTestData.Cluster("staging", new LiveTestData.App("api", "acolhimento", "overlays/staging/all.yaml",
            LiveTestData.ApiYaml.Replace("rules: []", "rules:\n  - apiGroups: [\"\"]\n    resources: [configmaps]\n    verbs: [get]", StringComparison.Ordinal)
                .Replace("pod-security.kubernetes.io/enforce: restricted", "pod-security.kubernetes.io/enforce: baseline", StringComparison.Ordinal)));
        (await Run(cluster, null, LiveTestData.Dev(), staging)).ShouldBeEmpty();
        var log = cluster.Log.ToList();
        log.Count(l => l.StartsWith("delete:", StringComparison.Ordinal)).ShouldBe(1);
        log[log.IndexOf("delete: api-reader") + 1].ShouldBe("dry-run: api-reader");
        log.IndexOf("delete: api-reader").ShouldBeGreaterThan(log.IndexOf("get: acolhimento, argocd, api-reader, api, migrate-live, api-settings, api, api-db, api"));
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
        var cluster = new FakeCluster();
        var dev = LiveTestData.Cluster("dev", new LiveTestData.App("children", "argocd", "clusters/dev/child.yaml", child));
        var staging = LiveTestData.Cluster("staging", new LiveTestData.App("children", "argocd", "clusters/staging/child.yaml", child.Replace("child-dev", "child-staging", StringComparison.Ordinal)));
        (await Run(cluster, null, dev, staging)).ShouldBeEmpty();
        var log = cluster.Log.ToList();
        log.ShouldNotContain(l => l.StartsWith("delete (stuck", StringComparison.Ordinal));
        log.IndexOf("patch: child").ShouldBe(log.IndexOf("delete: child") - 1);
        log[log.IndexOf("delete: child") + 1].ShouldBe("dry-run: child");
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
        var cluster = new FakeCluster();
        var rendered = LiveTestData.Cluster("dev", new LiveTestData.App("gadgets", "g", "apps/gadgets/crd.yaml", yaml));
        (await Run(cluster, null, rendered)).ShouldBeEmpty();
        cluster.Log.ShouldContain("wait: gadgets.example.com");
    }

    [Fact]
    public async Task Add_on_crds_that_do_not_become_established_stop_the_run()
    {
        var cluster = new FakeCluster { CrdWaitFails = true };
        var ex = await Should.ThrowAsync<CannotValidateException>(() => Run(cluster));
        ex.Message.ShouldStartWith("the add-on CRDs were not Established within 60 s");
    }

    [Fact]
    public async Task Without_schema_data_the_stage_cannot_validate()
    {
        using var emptyCache = new TempRepository();
        var options = Options() with { SchemaDirectory = null, Environment = name => name == "XDG_CACHE_HOME" ? emptyCache.Root : null };
        var ex = await Should.ThrowAsync<CannotValidateException>(() => Run(new FakeCluster(), options));
        ex.Message.ShouldStartWith("no schema data: pass --schemas DIR, set ACOLHIMENTO_SCHEMA_DIR, or run `acolhimento-validate schemas pull");
        using var empty = new TempRepository();
        (await Should.ThrowAsync<CannotValidateException>(() => Run(new FakeCluster(), Options(schemas: empty.Root)))).Message.ShouldContain("has no crds/ folder");
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
        (await Run(new FakeCluster(), options)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Without_any_cluster_the_stage_cannot_validate_and_says_why_in_one_sentence()
    {
        var runner = new FakeProcessRunner().On("docker", ["version"], _ => FakeProcessRunner.NotStarted("docker"));
        var stage = new LiveStage(runner, Options());
        var ex = await Should.ThrowAsync<CannotValidateException>(() => stage.RunAsync([LiveTestData.Dev()], TestContext.Current.CancellationToken));
        ex.Message.ShouldBe("No cluster for the live stage: ACOLHIMENTO_KUBECONFIG is not set and the docker command is not installed.");
    }

    [Fact]
    public async Task Hostile_names_and_kubectl_silence_yield_findings_not_crashes()
    {
        var yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \"a b\\\"c: d #e\"\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: quiet\n";
        var cluster = new FakeCluster();
        cluster.DryRunErrors["ConfigMap/quiet"] = ""; // kubectl exits with nothing useful on either stream
        var findings = await Run(cluster, null, LiveTestData.Cluster("dev", new LiveTestData.App("odd", "odd", "apps/odd.yaml", yaml)));
        var finding = findings.ShouldHaveSingle(LiveFindings.Rejected);
        finding.Object!.Name.ShouldBe("quiet");
        finding.Message.ShouldBe("server dry run rejected configmap/quiet in odd: exit code 1: ");
    }
}
