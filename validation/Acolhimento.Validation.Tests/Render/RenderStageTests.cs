using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Support;
using Acolhimento.Validation.Yaml;
using Shouldly;

namespace Acolhimento.Validation.Tests.Render;

/// <summary>Renders the fixture repository with the real kubectl and helm (installed into the tool cache when missing).</summary>
[Trait("Category", "Unit")]
public sealed class RenderStageTests
{

    /// <summary>The location is the line of <paramref name="file"/> that holds <paramref name="text"/>: found in the fixture, so editing the fixture never leaves a stale number here.</summary>
    private static void ShouldPointAt(SourceLocation actual, RenderFixture fixture, string file, string text)
    {
        actual.File.ShouldBe(file);
        actual.Line.ShouldBe(fixture.LineOf(file, text), $"{file}: the line holding \"{text}\"");
    }

    [Fact]
    public async Task Follows_the_application_graph_through_helm_kustomize_and_plain_directories()
    {
        using var fixture = new RenderFixture();
        var result = await fixture.RenderAsync();
        // The fixture's upstream ingress-nginx chart is not in the (test's) chart cache: said once, nothing else.
        result.Findings.ShouldHaveSingle(RenderRules.ChartNotCached).Application.ShouldBe("ingress-nginx");
        result.Findings.ExceptUncachedCharts().ShouldBeEmpty(result.Findings.Describe());
        var cluster = result.Clusters.ShouldHaveSingleItem();
        cluster.Applications.Select(a => a.Name).ShouldBe(["bootstrap", "extras", "ingress-nginx", "root", "web-one"]);
        cluster.Objects.Select(o => $"{o.Application}:{o.Kind}/{o.Name}").ShouldBe(
        [
            "bootstrap:Application/root",
            "extras:ConfigMap/config-greeting",
            "extras:ConfigMap/plain",
            "root:Application/extras",
            "root:Application/ingress-nginx",
            "root:Application/web-one",
            "web-one:Deployment/web",
        ]);
        var external = cluster.ExternalCharts.ShouldHaveSingleItem();
        external.Chart.ShouldBe("ingress-nginx");
        external.TargetRevision.ShouldBe("4.14.1");
    }

    [Fact]
    public async Task Destination_namespace_is_applied_to_namespaced_objects_without_one()
    {
        using var fixture = new RenderFixture();
        var result = await fixture.RenderAsync();
        var plain = result.Object("ConfigMap", "plain");
        plain.Namespace.ShouldBe("extras");
        ShouldPointAt(plain.Locate(ObjectPath.Of("metadata", "namespace")), fixture, "charts/apps/templates/extras.yaml", "namespace: extras");
    }

    [Fact]
    public async Task Overlay_entries_and_patches_own_the_fields_they_set()
    {
        using var fixture = new RenderFixture();
        var web = (await fixture.RenderAsync()).Object("Deployment", "web");
        var container = ObjectPath.Of("spec", "template", "spec", "containers", 0);
        ShouldPointAt(web.Location, fixture, "apps/web/deployment.yaml", "apiVersion: apps/v1"); // an object is located at the start of its document
        ShouldPointAt(web.Locate(container.Key("image")), fixture, "overlays/one/kustomization.yaml", "newTag: 2.0.0");
        ShouldPointAt(web.Locate(ObjectPath.Of("spec", "replicas")), fixture, "overlays/one/kustomization.yaml", "count: 3");
        ShouldPointAt(web.Locate(ObjectPath.Of("metadata", "namespace")), fixture, "overlays/one/kustomization.yaml", "namespace: web-one");
        ShouldPointAt(web.Locate(ObjectPath.Of("metadata", "labels", "team")), fixture, "overlays/one/kustomization.yaml", "team: platform");
        ShouldPointAt(web.Locate(container.Key("resources").Key("limits").Key("memory")), fixture, "overlays/one/resources.yaml", "memory: 128Mi");
        ShouldPointAt(web.Locate(container.Key("ports").Index(0).Key("containerPort")), fixture, "apps/web/deployment.yaml", "containerPort: 8080");
        ShouldPointAt(web.Locate(container.Key("name")), fixture, "apps/web/deployment.yaml", "- name: web");
        web.Annotations.Keys.ShouldNotContain("config.kubernetes.io/origin");
        web.Annotations.Keys.ShouldNotContain("alpha.config.kubernetes.io/transformations");
    }

    [Fact]
    public async Task Helm_objects_point_at_their_template_and_at_the_values_that_set_them()
    {
        using var fixture = new RenderFixture();
        var result = await fixture.RenderAsync();
        var greeting = result.Object("ConfigMap", "config-greeting");
        ShouldPointAt(greeting.Location, fixture, "charts/config/templates/configmap.yaml", "kind: ConfigMap");
        ShouldPointAt(greeting.Locate(ObjectPath.Of("data", "greeting")), fixture, "charts/apps/templates/extras.yaml", "greeting: hello-from-the-application");
        var ingress = result.Object("Application", "ingress-nginx");
        ShouldPointAt(ingress.Locate(ObjectPath.Of("spec", "source", "targetRevision")), fixture, "clusters/one/values.yaml", "ingressNginxVersion:");
        ShouldPointAt(ingress.Locate(ObjectPath.Of("spec", "source", "chart")), fixture, "charts/apps/templates/ingress-nginx.yaml", "chart: ingress-nginx");
    }

    [Fact]
    public async Task A_second_run_over_an_unchanged_repository_starts_no_tool()
    {
        using var fixture = new RenderFixture();
        var cold = new RecordingProcessRunner();
        var first = await fixture.RenderAsync(cold);
        cold.Started.ShouldNotBeEmpty();
        var warm = new RecordingProcessRunner();
        var second = await fixture.RenderAsync(warm);
        warm.Started.ShouldBeEmpty(string.Join("\n", warm.Started));
        second.Statistics.CacheHits.ShouldBeGreaterThan(0);
        second.Clusters.Single().Objects.Select(o => YamlWriter.Write(o.Body))
            .ShouldBe(first.Clusters.Single().Objects.Select(o => YamlWriter.Write(o.Body)));
    }

    [Fact]
    public async Task A_changed_file_invalidates_the_cache()
    {
        using var fixture = new RenderFixture();
        await fixture.RenderAsync();
        fixture.Write("apps/web/deployment.yaml", File.ReadAllText(Path.Combine(fixture.Repository.Root, "apps/web/deployment.yaml")).Replace("replicas: 1", "replicas: 2"));
        var runner = new RecordingProcessRunner();
        await fixture.RenderAsync(runner);
        runner.Started.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Missing_source_path_is_reported_at_the_application_line()
    {
        using var fixture = new RenderFixture();
        fixture.Write("clusters/one/values.yaml", "environment: nowhere\ningressNginxVersion: 4.14.1\n");
        var finding = (await fixture.RenderAsync()).Findings.ShouldHaveSingle(RenderRules.MissingPath);
        ShouldPointAt(finding.Location!, fixture, "charts/apps/templates/web.yaml", "path: overlays/");
        finding.Cluster.ShouldBe("one");
        finding.Application.ShouldBe("web-nowhere");
    }

    [Theory]
    [InlineData("~4.14")]
    [InlineData("4.x")]
    [InlineData("HEAD")]
    [InlineData("*")]
    public async Task Unpinned_external_chart_is_an_error_at_the_value_that_set_it(string version)
    {
        using var fixture = new RenderFixture();
        fixture.Write("clusters/one/values.yaml", $"environment: one\ningressNginxVersion: \"{version}\"\n");
        var finding = (await fixture.RenderAsync()).Findings.ShouldHaveSingle(RenderRules.Unpinned);
        finding.Message.ShouldContain("ingress-nginx");
        finding.Location!.File.ShouldBeOneOf("clusters/one/values.yaml", "charts/apps/templates/ingress-nginx.yaml");
    }

    [Fact]
    public async Task Application_that_renders_itself_is_a_cycle()
    {
        using var fixture = new RenderFixture();
        fixture.Write("plain/loop.yaml", """
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata:
              name: extras
              namespace: argocd
            spec:
              project: default
              destination: {server: "https://kubernetes.default.svc", namespace: extras}
              source: {repoURL: "https://github.com/central-acolhimento/gitops.git", targetRevision: main, path: plain}
            """);
        var result = await fixture.RenderAsync();
        var cycle = result.Findings.ShouldHaveSingle(RenderRules.Cycle);
        cycle.Location!.File.ShouldBe("plain/loop.yaml");
        cycle.Message.ShouldContain("root → extras → extras");
    }

    [Theory]
    [InlineData("https://github.com/evil/repo//base?ref=main", RenderRules.RemoteBaseUnpinned)]
    [InlineData("https://github.com/evil/repo//base?ref=v1.0.0", RenderRules.RemoteBaseNotCached)]
    [InlineData("https://example.com/evil.yaml", RenderRules.RemoteResource)]
    public async Task Remote_base_is_refused_before_kustomize_runs(string entry, string rule)
    {
        using var fixture = new RenderFixture();
        fixture.Write("overlays/one/kustomization.yaml", $"resources:\n  - ../../apps/web\n  - {entry}\n");
        var runner = new RecordingProcessRunner();
        var finding = (await fixture.RenderAsync(runner)).Findings.ShouldHaveSingle(rule);
        finding.Location.ShouldBe(new SourceLocation("overlays/one/kustomization.yaml", 3, 5));
        finding.Message.ShouldStartWith("not checked: "); // what is not rendered is said, not only that it was refused
        runner.Started.ShouldNotContain(s => s.Arguments.Contains("kustomize"));
    }

    [Fact]
    public async Task Exec_plugin_is_refused()
    {
        using var fixture = new RenderFixture();
        fixture.Write("overlays/one/kustomization.yaml", "resources:\n  - ../../apps/web\ntransformers:\n  - run.yaml\n");
        fixture.Write("overlays/one/run.yaml", """
            apiVersion: example.com/v1
            kind: Runner
            metadata:
              name: run
              annotations:
                config.kubernetes.io/function: |
                  exec:
                    path: ./steal-secrets.sh
            """);
        var finding = (await fixture.RenderAsync()).Findings.ShouldHaveSingle(RenderRules.PluginRefused);
        ShouldPointAt(finding.Location!, fixture, "overlays/one/kustomization.yaml", "- run.yaml");
    }

    [Fact]
    public async Task Helm_inflation_inside_kustomize_is_refused()
    {
        using var fixture = new RenderFixture();
        fixture.Write("overlays/one/kustomization.yaml", "resources:\n  - ../../apps/web\nhelmCharts:\n  - name: x\n    repo: https://example.com\n");
        var finding = (await fixture.RenderAsync()).Findings.ShouldHaveSingle(RenderRules.HelmInKustomizeRefused);
        ShouldPointAt(finding.Location!, fixture, "overlays/one/kustomization.yaml", "helmCharts:");
    }

    [Fact]
    public async Task Same_object_from_two_applications_is_a_duplicate()
    {
        using var fixture = new RenderFixture();
        fixture.Write("plain/web.yaml", File.ReadAllText(Path.Combine(fixture.Repository.Root, "apps/web/deployment.yaml")).Replace("name: web\nspec", "name: web\n  namespace: web-one\nspec"));
        var finding = (await fixture.RenderAsync()).Findings.ShouldHaveSingle(RenderRules.Duplicate);
        finding.Message.ShouldContain("extras");
        finding.Message.ShouldContain("web-one");
    }

    [Fact]
    public async Task Every_repeat_of_an_identity_is_a_duplicate_of_its_first_whatever_its_version()
    {
        using var fixture = new RenderFixture();
        static string Map(string name) => $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n";
        static string Scaler(string version) => $"apiVersion: autoscaling/{version}\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: h\nspec:\n  scaleTargetRef: {{kind: Deployment, name: d}}\n  maxReplicas: 2\n";
        // Documents 1..7: a, b, h (v1), b, a, h (v2), a, and a ConfigMap a in another namespace (not the same object).
        fixture.Write("plain/dups.yaml", string.Join("---\n", Map("a"), Map("b"), Scaler("v1"), Map("b"), Map("a"), Scaler("v2"), Map("a"),
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: elsewhere\n"));
        var duplicates = (await fixture.RenderAsync()).Findings.Where(f => f.Rule == RenderRules.Duplicate)
            .Select(f => $"{f.Location!.Line}: {f.Object!.Kind} {f.Object.Name}, {f.Message[f.Message.IndexOf("(first at", StringComparison.Ordinal)..]}").ToList();
        // Each repeat against the first object of its identity (documents start at lines 1, 6, 11, 19, 24, 29, 37, 42).
        duplicates.ShouldBe([
            "19: ConfigMap b, (first at plain/dups.yaml:6:1); Argo CD would fight over it",
            "24: ConfigMap a, (first at plain/dups.yaml:1:1); Argo CD would fight over it",
            "29: HorizontalPodAutoscaler h, (first at plain/dups.yaml:11:1); Argo CD would fight over it",
            "37: ConfigMap a, (first at plain/dups.yaml:1:1); Argo CD would fight over it"], ignoreOrder: true);
    }

    [Fact]
    public async Task A_plain_directory_hands_on_the_documents_the_parse_stage_read_without_reading_its_files_again()
    {
        using var fixture = new RenderFixture();
        using var cache = new TempRepository();
        var (input, render) = await TestPipeline.RenderAsync(fixture.Repository.Root, cache.Root);
        var parsed = input.Repository.Find("plain/configmap.yaml")!.Documents.Single().Root;
        var plain = render.Object("ConfigMap", "plain");
        plain.Provenance.Source!.Root.ShouldBeSameAs(parsed);
    }

    [Fact]
    public async Task Kustomization_reached_by_no_application_is_dead_configuration()
    {
        using var fixture = new RenderFixture();
        fixture.Write("apps/unused/kustomization.yaml", "resources: []\n");
        var finding = (await fixture.RenderAsync()).Findings.ShouldHaveSingle(RenderRules.Dead);
        finding.Severity.ShouldBe(Severity.Warning);
        finding.Location.ShouldBe(new SourceLocation("apps/unused/kustomization.yaml", 1, 1));
    }

    [Fact]
    public async Task Dead_configuration_is_not_judged_when_a_render_failed()
    {
        using var fixture = new RenderFixture();
        fixture.Write("clusters/one/values.yaml", "environment: nowhere\ningressNginxVersion: 4.14.1\n");
        var result = await fixture.RenderAsync();
        result.Findings.ShouldContain(f => f.Rule == RenderRules.MissingPath);
        result.Findings.ShouldNotContain(f => f.Rule == RenderRules.Dead, "overlays/one is unreached only because web-nowhere failed");
    }

    [Fact]
    public async Task Dead_configuration_is_not_judged_when_only_some_clusters_are_rendered()
    {
        using var fixture = new RenderFixture();
        fixture.Write("apps/unused/kustomization.yaml", "resources: []\n");
        (await fixture.RenderAsync(null, null, "one")).Findings.ShouldNotContain(f => f.Rule == RenderRules.Dead);
    }

    [Fact]
    public async Task Helm_template_error_points_at_the_template_line()
    {
        using var fixture = new RenderFixture();
        fixture.Write("charts/config/templates/configmap.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: {{ .Values.greeting | nosuchfunction }}\n");
        var finding = (await fixture.RenderAsync()).Findings.ShouldHaveSingle(RenderRules.RenderFailed);
        ShouldPointAt(finding.Location!, fixture, "charts/config/templates/configmap.yaml", "nosuchfunction");
        finding.Message.ShouldContain("nosuchfunction");
    }

    [Fact]
    public async Task Kustomize_error_names_the_application_and_the_file()
    {
        using var fixture = new RenderFixture();
        fixture.Write("overlays/one/resources.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: not-in-the-base\nspec: {}\n");
        // Kustomize stops on a patch for an object the build lacks; the finding is at the kustomization entry that lists it.
        var finding = (await fixture.RenderAsync()).Findings.ShouldHaveSingle(RenderRules.KustomizePatchNoMatch);
        finding.Application.ShouldBe("web-one");
        finding.Location!.File.ShouldBe("overlays/one/kustomization.yaml");
    }

    [Fact]
    public async Task A_tool_that_hangs_is_a_timeout_finding()
    {
        using var fixture = new RenderFixture();
        var runner = new RecordingProcessRunner(spec => spec.Arguments.Contains("template")
            ? new ProcessResult(ProcessOutcome.TimedOut, -1, "", "", TimeSpan.FromSeconds(1))
            : null);
        var result = await fixture.RenderAsync(runner);
        result.Findings.ShouldContain(f => f.Rule == RenderRules.Timeout && f.Application == "root");
    }

    [Fact]
    public async Task Unknown_cluster_filter_cannot_be_validated()
    {
        SchemaDataSkip.RequireForRender(); // else the fixture's render skips inside the assertion
        using var fixture = new RenderFixture();
        var error = await Should.ThrowAsync<CannotValidateException>(() => fixture.RenderAsync(null, null, "mars"));
        error.Message.ShouldContain("mars");
    }

    [Fact]
    public async Task Cluster_folder_not_declared_in_configuration_is_an_error()
    {
        using var fixture = new RenderFixture();
        fixture.Write("clusters/two/root.yaml", File.ReadAllText(Path.Combine(fixture.Repository.Root, "clusters/one/root.yaml")));
        (await fixture.RenderAsync()).Findings.ShouldContain(f => f.Rule == RenderRules.UndeclaredCluster && f.Cluster == "two");
    }

    [Fact]
    public async Task Hostile_application_fields_yield_findings_not_crashes()
    {
        using var fixture = new RenderFixture();
        fixture.Write("clusters/one/hostile.yaml", """
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: hostile, namespace: argocd}
            spec:
              destination: {server: "https://kubernetes.default.svc", namespace: [not, a, string]}
              sources:
                - repoURL: https://github.com/central-acolhimento/gitops.git
                  path: ../../../etc
                - repoURL: https://github.com/central-acolhimento/gitops.git
                  path: charts/config
                  helm:
                    valueFiles: [../../../../etc/passwd, $nothing/values.yaml, "https://example.com/v.yaml"]
                - path: no-repo
                - "just a string"
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: empty, namespace: argocd}
            spec: {destination: {server: "https://kubernetes.default.svc"}}
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: nowhere, namespace: argocd}
            spec: {destination: [z], source: {repoURL: "https://github.com/central-acolhimento/gitops.git", path: apps}}
            """);
        var result = await fixture.RenderAsync();
        result.Findings.ShouldContain(f => f.Rule == RenderRules.OutsideRepository && f.Application == "hostile");
        result.Findings.Count(f => f.Rule == RenderRules.MissingValuesFile).ShouldBe(3);
        result.Findings.ShouldContain(f => f.Rule == RenderRules.MissingRepoUrl);
        result.Findings.ShouldContain(f => f.Rule == RenderRules.NoSources && f.Object!.Name == "empty");
        result.Findings.ShouldContain(f => f.Rule == RenderRules.UnknownDestination && f.Object!.Name == "nowhere");
    }

    [Fact]
    public async Task Mistyped_chart_value_is_reported_at_the_values_file_line()
    {
        using var fixture = new RenderFixture();
        fixture.Write("charts/config/values.schema.json", """
            {"$schema": "https://json-schema.org/draft-07/schema#", "type": "object", "additionalProperties": false,
             "properties": {"greeting": {"type": "string"}, "replicas": {"type": "integer"}}}
            """);
        fixture.Write("charts/config/values.yaml", "greeting: hello-from-chart-defaults\nreplicas: \"three\"\n");
        var finding = (await fixture.RenderAsync()).Findings.ShouldHaveSingle(RenderRules.InvalidValues);
        finding.Location.ShouldBe(new SourceLocation("charts/config/values.yaml", 2, 1));
        finding.Message.ShouldContain("replicas");
        finding.Application.ShouldBe("extras");
    }

    [Fact]
    public async Task Kustomize_runs_with_the_safe_settings_spelled_out()
    {
        using var fixture = new RenderFixture();
        var runner = new RecordingProcessRunner();
        await fixture.RenderAsync(runner);
        var kustomize = runner.Started.Single(s => s.Arguments.FirstOrDefault() == "kustomize");
        kustomize.Arguments.ShouldContain("LoadRestrictionsRootOnly");
        kustomize.Arguments.ShouldContain("--enable-alpha-plugins=false");
        kustomize.Arguments.ShouldContain("--enable-helm=false");
        kustomize.Environment!["HOME"].ShouldNotBe(Environment.GetEnvironmentVariable("HOME"));
    }

    [Fact]
    public async Task Objects_named_by_generate_name_are_never_duplicates()
    {
        using var fixture = new RenderFixture();
        const string job = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: migrate-\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: m, image: \"ghcr.io/example/m:1.0.0\"}]\n";
        fixture.Write("plain/hooks.yaml", job + "---\n" + job);
        var result = await fixture.RenderAsync();
        result.Findings.ShouldNotContain(f => f.Rule == RenderRules.Duplicate, result.Findings.Describe());
        result.Clusters.Single().Objects.Count(o => o.Kind == "Job").ShouldBe(2);
    }

    [Fact]
    public async Task A_plain_directory_applies_objects_whatever_their_file_is_called()
    {
        using var fixture = new RenderFixture();
        fixture.Write("plain/values.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-values-file\n");
        (await fixture.RenderAsync()).Object("ConfigMap", "from-values-file").Application.ShouldBe("extras");
    }
}
