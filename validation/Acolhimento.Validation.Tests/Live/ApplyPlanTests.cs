using Acolhimento.Validation.Live;
using Acolhimento.Validation.Render;
using Shouldly;
using Acolhimento.Validation.Kubernetes;

namespace Acolhimento.Validation.Tests.Live;

[Trait("Category", "Unit")]
public sealed class ApplyPlanTests
{
    private static ApplyPlan Plan(params RenderedCluster[] clusters) => ApplyPlan.Create(clusters, LiveTestData.Catalog);

    private static string Describe(ApplyStep step) => $"{step}: {string.Join(", ", step.Objects.Select(o => $"{o.Kind}/{o.Name}"))}";

    [Fact]
    public void Steps_go_namespaces_then_cluster_scoped_then_each_application_by_phase_and_wave()
    {
        Plan(LiveTestData.Dev()).Steps.Select(Describe).ShouldBe(
        [
            "dev: Namespaces: Namespace/acolhimento, Namespace/argocd",
            "dev: ClusterScoped: ClusterRole/api-reader",
            "dev: application root, Sync wave 0: Application/api",
            "dev: application api, PreSync wave 0: Job/migrate-live",
            "dev: application api, Sync wave 0: ConfigMap/api-settings, Service/api, ExternalSecret/api-db",
            "dev: application api, Sync wave 1: Deployment/api",
        ]);
    }

    [Fact]
    public void Add_on_crds_are_those_of_projects_whose_groups_the_objects_use()
    {
        var plan = Plan(LiveTestData.Dev());
        plan.AddOnCrds.Select(c => c.Name).ShouldBe(
        [
            "applications.argoproj.io",
            "clustersecretstores.external-secrets.io",
            "externalsecrets.external-secrets.io",
        ]);
    }

    [Fact]
    public void Namespaced_objects_get_the_destination_namespace_and_cluster_scoped_ones_none()
    {
        var objects = Plan(LiveTestData.Dev()).Steps.SelectMany(s => s.Objects).ToDictionary(o => o.Kind + "/" + o.Name);
        objects["Deployment/api"].Namespace.ShouldBe("acolhimento");
        objects["Deployment/api"].Body.Mapping("metadata")!.String("namespace").ShouldBe("acolhimento");
        objects["Application/api"].Namespace.ShouldBe("argocd");
        objects["ClusterRole/api-reader"].Namespace.ShouldBeNull();
        objects["ClusterRole/api-reader"].Body.Mapping("metadata")!.String("namespace").ShouldBeNull();
        objects["Deployment/api"].ToString().ShouldBe("deployment.apps/api in acolhimento");
        objects["Deployment/api"].ApiVersion.ShouldBe("apps/v1");
        objects["Service/api"].ToString().ShouldBe("service/api in acolhimento");
    }

    [Fact]
    public void Hooks_that_only_run_on_failure_are_not_applied_and_generate_name_gets_a_name()
    {
        var plan = Plan(LiveTestData.Dev());
        plan.NotApplied.Select(o => o.Name).ShouldBe(["notify-failure"]);
        var migrate = plan.Steps.SelectMany(s => s.Objects).Single(o => o.Kind == "Job");
        migrate.Name.ShouldBe("migrate-live");
        migrate.Body.Mapping("metadata")!.String("name").ShouldBe("migrate-live");
        migrate.Source.Location.Line.ShouldBe(LiveTestData.LineOf("kind: Job") - 1);
    }

    [Fact]
    public void Kinds_within_a_wave_follow_argo_cd_order()
    {
        var yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: d}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: s}
            ---
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: w}
            ---
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: sa}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: c}
            """;
        var plan = Plan(LiveTestData.Cluster("dev", new LiveTestData.App("a", "ns", "apps/a.yaml", yaml)));
        plan.Steps.Last().Objects.Select(o => o.Kind).ShouldBe(["ServiceAccount", "ConfigMap", "Service", "Deployment", "Widget"]);
    }

    [Fact]
    public void Applications_sync_in_the_order_of_their_definition_waves()
    {
        var cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n";
        var plan = Plan(LiveTestData.Cluster("dev",
            new LiveTestData.App("zeta", "z", "apps/z.yaml", cm, Wave: -1),
            new LiveTestData.App("alpha", "a", "apps/a.yaml", cm, Wave: 2)));
        plan.Steps.Where(s => s.Kind == StepKind.Application && s.Application != "root").Select(s => s.Application).ShouldBe(["zeta", "alpha"]);
    }

    [Fact]
    public void Create_namespace_adds_the_destination_located_at_the_application()
    {
        var cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n";
        var plan = Plan(LiveTestData.Cluster("dev", new LiveTestData.App("web", "web-ns", "apps/web.yaml", cm, CreateNamespace: true)));
        var created = plan.Steps.First(s => s.Kind == StepKind.Namespaces).Objects.Single(o => o.Name == "web-ns");
        created.Source.Location.File.ShouldBe("clusters/dev/apps/web.yaml");
    }

    [Fact]
    public void Rendered_crds_come_first_and_decide_the_scope_of_their_kinds()
    {
        var yaml = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: gadgets.example.com
            spec:
              group: example.com
              scope: Cluster
              names:
                kind: Gadget
                plural: gadgets
            ---
            apiVersion: example.com/v1
            kind: Gadget
            metadata:
              name: g
            ---
            apiVersion: external-secrets.io/v1
            kind: ClusterSecretStore
            metadata:
              name: vault
            """;
        var plan = Plan(LiveTestData.Cluster("dev", new LiveTestData.App("a", "ns", "apps/a.yaml", yaml)));
        plan.Steps[0].Kind.ShouldBe(StepKind.Crds);
        plan.Steps[0].Objects.Single().Name.ShouldBe("gadgets.example.com");
        plan.Steps.Single(s => s.Kind == StepKind.ClusterScoped).Objects.Select(o => o.Name).ShouldBe(["vault", "g"]);
    }

    [Fact]
    public void Every_cluster_gets_its_own_steps_in_order()
    {
        var plan = Plan(LiveTestData.Dev(), LiveTestData.Cluster("staging", new LiveTestData.App("api", "acolhimento", "overlays/staging/all.yaml", LiveTestData.ApiYaml)));
        plan.Steps.Select(s => s.Cluster).Distinct().ShouldBe(["dev", "staging"]);
        plan.Steps.SkipWhile(s => s.Cluster == "dev").ShouldAllBe(s => s.Cluster == "staging");
    }

    [Theory]
    [InlineData("argocd.argoproj.io/hook", "PreSync", "PreSync")]
    [InlineData("argocd.argoproj.io/hook", "PostSync", "PostSync")]
    [InlineData("argocd.argoproj.io/hook", "Skip", null)]
    [InlineData("argocd.argoproj.io/hook", "PostDelete", null)]
    [InlineData("helm.sh/hook", "pre-install,pre-upgrade", "PreSync")]
    [InlineData("helm.sh/hook", "post-install", "PostSync")]
    [InlineData("helm.sh/hook", "test", null)]
    public void Hook_annotations_choose_the_phase(string annotation, string value, string? phase)
    {
        var o = RenderedObjects.FromText("a.yaml", $"apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    {annotation}: \"{value}\"\n").Single();
        // The phase by name: a public theory cannot take the library's internal enum.
        (ApplyPlan.PhaseOf(o)?.ToString()).ShouldBe(phase);
    }
}
