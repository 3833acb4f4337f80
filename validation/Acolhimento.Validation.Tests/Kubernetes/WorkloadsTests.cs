using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Policy;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Policy;
using Acolhimento.Validation.Yaml;
using Shouldly;

namespace Acolhimento.Validation.Tests.Kubernetes;

[Trait("Category", "Unit")]
public sealed class WorkloadsTests
{
    private const string Containers =
        "{initContainers: [{name: migrate, image: m}, {name: proxy, image: p, restartPolicy: Always}], containers: [{name: app, image: a}], ephemeralContainers: [{name: debug, image: d}]}";

    [Theory]
    [InlineData("apps/v1", "Deployment", "spec.template.spec")]
    [InlineData("apps/v1", "StatefulSet", "spec.template.spec")]
    [InlineData("apps/v1", "DaemonSet", "spec.template.spec")]
    [InlineData("apps/v1", "ReplicaSet", "spec.template.spec")]
    [InlineData("v1", "ReplicationController", "spec.template.spec")]
    [InlineData("batch/v1", "Job", "spec.template.spec")]
    [InlineData("batch/v1", "CronJob", "spec.jobTemplate.spec.template.spec")]
    [InlineData("v1", "Pod", "spec")]
    [InlineData("v1", "PodTemplate", "template.spec")]
    [InlineData("argoproj.io/v1alpha1", "Rollout", "spec.template.spec")]
    [InlineData("keda.sh/v1alpha1", "ScaledJob", "spec.jobTargetRef.template.spec")]
    public void Every_kind_with_a_pod_template_yields_its_pod_spec_and_every_container_with_its_path(string apiVersion, string kind, string specPath)
    {
        var workload = Workloads.Find(GroupOf(apiVersion), kind).ShouldNotBeNull();
        workload.PodSpecPath.ToString().ShouldBe(specPath);
        var body = Parse($"{{apiVersion: {apiVersion}, kind: {kind}, metadata: {{name: w}}, {Nest(workload.PodSpecPath, Containers)}}}");
        var podSpec = Workloads.PodSpecOf(GroupOf(apiVersion), kind, body).ShouldNotBeNull();
        podSpec.Path.ShouldBe(workload.PodSpecPath);
        podSpec.Containers().Select(c => $"{c.Path} {c.Name} {c.Kind}{(c.IsSidecar ? " sidecar" : "")}").ShouldBe([
            $"{specPath}.initContainers[0] migrate InitContainer",
            $"{specPath}.initContainers[1] proxy InitContainer sidecar",
            $"{specPath}.containers[0] app Container",
            $"{specPath}.ephemeralContainers[0] debug EphemeralContainer",
        ]);
        podSpec.Containers(includeInit: false).Select(c => c.Name).ShouldBe(["app"]);
        podSpec.Container("debug").ShouldNotBeNull().Path.ToString().ShouldBe($"{specPath}.ephemeralContainers[0]");
    }

    [Theory]
    [InlineData("", "Deployment")]
    [InlineData("example.com", "Deployment")]
    [InlineData("apps", "Pod")]
    [InlineData("", "Job")]
    [InlineData("example.com", "Rollout")]
    [InlineData("apps", "ControllerRevision")]
    public void A_kind_is_a_workload_only_in_its_own_API_group(string group, string kind) =>
        Workloads.Find(group, kind).ShouldBeNull();

    [Fact]
    public void A_CronJob_embeds_two_templates_metadata_a_Pod_none()
    {
        Workloads.Find("batch", "CronJob")!.EmbeddedMetadataPaths.Select(p => p.ToString()).ShouldBe(["spec.jobTemplate.metadata", "spec.jobTemplate.spec.template.metadata"]);
        Workloads.Find("apps", "Deployment")!.EmbeddedMetadataPaths.Select(p => p.ToString()).ShouldBe(["spec.template.metadata"]);
        Workloads.Find("", "Pod")!.EmbeddedMetadataPaths.ShouldBeEmpty();
    }

    [Fact]
    public void A_missing_or_malformed_pod_spec_yields_nothing()
    {
        Workloads.PodSpecOf("apps", "Deployment", Parse("{apiVersion: apps/v1, kind: Deployment, metadata: {name: w}, spec: {template: {}}}")).ShouldBeNull();
        Workloads.PodSpecOf("apps", "Deployment", Parse("{apiVersion: apps/v1, kind: Deployment, metadata: {name: w}, spec: {template: {spec: [1]}}}")).ShouldBeNull();
        Workloads.PodSpecOf("", "Pod", Parse("{apiVersion: v1, kind: Pod, metadata: {name: w}, spec: text}")).ShouldBeNull();
    }

    [Fact]
    public void Policy_sees_a_ReplicationController_as_a_long_running_workload_with_replicas()
    {
        // Policy's own copy of the workload kinds skipped ReplicationController: its pods were never checked.
        var context = Context("""
            apiVersion: v1
            kind: ReplicationController
            metadata: {name: legacy, namespace: apps}
            spec:
              replicas: 3
              template:
                metadata: {labels: {app: legacy}}
                spec:
                  containers:
                    - {name: app, image: a}
            """);
        var template = context.PodTemplates.ShouldHaveSingleItem();
        template.Owner.Kind.ShouldBe("ReplicationController");
        template.LongRunning.ShouldBeTrue();
        template.Replicas.ShouldBe(3);
        template.Labels["app"].ShouldBe("legacy");
        template.SpecPath.ToString().ShouldBe("spec.template.spec");
    }

    [Fact]
    public void Policy_does_not_take_a_custom_kind_named_Deployment_for_a_workload()
    {
        // Policy's own copy matched the kind in any API group.
        var context = Context("""
            apiVersion: example.com/v1
            kind: Deployment
            metadata: {name: not-apps, namespace: apps}
            spec:
              template:
                spec:
                  containers:
                    - {name: app, image: a}
            """);
        context.PodTemplates.ShouldBeEmpty();
    }

    [Fact]
    public void A_stored_PodTemplate_object_runs_no_pods_so_policy_skips_it()
    {
        var context = Context("""
            apiVersion: v1
            kind: PodTemplate
            metadata: {name: stored, namespace: apps}
            template:
              spec:
                containers:
                  - {name: app, image: a}
            """);
        context.PodTemplates.ShouldBeEmpty();
    }

    private static PolicyContext Context(string yaml) =>
        new(new RenderedCluster("dev", "1.35", [], RenderedObjects.FromText("apps/w.yaml", yaml, "dev", "app"), []), PolicyFixture.RepositoryConfiguration());

    private static string GroupOf(string apiVersion) => apiVersion.Contains('/') ? apiVersion[..apiVersion.IndexOf('/')] : "";

    private static YamlMapping Parse(string yaml) => RenderedObjects.FromText("w.yaml", yaml).Single().Body;

    /// <summary><c>a: {b: {c: value}}</c> for the path a.b.c, as flow YAML.</summary>
    private static string Nest(ObjectPath path, string value)
    {
        var keys = path.Segments.Cast<string>().ToList();
        var text = value;
        for (var i = keys.Count - 1; i > 0; i--) text = $"{{{keys[i]}: {text}}}";
        return $"{keys[0]}: {text}";
    }
}
