using Acolhimento.Validation.Live;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Yaml;
using Shouldly;

namespace Acolhimento.Validation.Tests.Live;

[Trait("Category", "Unit")]
public sealed class LiveFindingsTests
{
    private static YamlMapping Body(string kind) => RenderedObjects.FromText("a.yaml", LiveTestData.ApiYaml).First(o => o.Kind == kind).Body;

    [Theory]
    [InlineData("would violate PodSecurity \"restricted:latest\": runAsNonRoot != true (pod or container \"api\" must set securityContext.runAsNonRoot=true)", "spec.template.spec.containers[1]")]
    [InlineData("would violate PodSecurity \"baseline:latest\": privileged (containers \"nope\", \"sidecar\" must not set securityContext.privileged=true)", "spec.template.spec.containers[0]")]
    [InlineData("would violate PodSecurity \"restricted:latest\": seccompProfile (pod must set securityContext.seccompProfile.type)", "spec.template.spec")]
    [InlineData("unknown field \"spec.template.spec.containers[1].imagePullPolcy\"", "spec.template.spec.containers[1].imagePullPolcy")]
    [InlineData("apps/v1beta1 Deployment is deprecated in v1.9+, unavailable in v1.16+; use apps/v1 Deployment", "apiVersion")]
    public void Warnings_point_at_what_they_name(string warning, string path)
    {
        LiveFindings.WarningPath(Body("Deployment"), warning)!.ToString().ShouldBe(path);
    }

    [Theory]
    [InlineData("spec.template.spec.containers[0].env[3]: hides previous definition of \"HOME\", which may be dropped when using apply", "spec.template.spec.containers[0].env[3]")]
    [InlineData("spec.template.spec.containers[1].resources: limits are recommended", "spec.template.spec.containers[1].resources")]
    public void Warnings_that_start_with_a_field_point_at_it(string warning, string path) =>
        LiveFindings.WarningPath(Body("Deployment"), warning)!.ToString().ShouldBe(path);

    [Fact]
    public void A_finalizer_warning_points_at_the_finalizer_it_quotes()
    {
        // As kube-apiserver v1.35.3 warns on creating an Argo CD Application with its resources finalizer.
        var body = RenderedObjects.FromText("a.yaml", "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: a\n  finalizers:\n    - other.example.com/x\n    - resources-finalizer.argocd.argoproj.io\n").Single().Body;
        LiveFindings.WarningPath(body, "metadata.finalizers: \"resources-finalizer.argocd.argoproj.io\": prefer a domain-qualified finalizer name including a path (/) to avoid accidental conflicts with other finalizer writers")!
            .ToString().ShouldBe("metadata.finalizers[1]");
    }

    [Fact]
    public void A_template_label_refusal_points_at_the_label_it_quotes()
    {
        // Oracle case 62344950d9557189 (kube-apiserver v1.35.3): a template's ObjectMeta is validated at the template's own
        // path, "spec.template.labels", and the cause names the whole map with the bad value quoted.
        var source = RenderedObjects.FromText("a.yaml", LiveTestData.ApiYaml.Replace("        app: api\n    spec:", "        app: api\n        tier: -leading-dash\n    spec:", StringComparison.Ordinal)).First(o => o.Kind == "Deployment");
        var target = new LiveObject(source, "apps", "Deployment", "acolhimento", "api", source.Body);
        const string message = "Invalid value: \"-leading-dash\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
        var status = new ApiStatus(422, "Invalid", "Deployment.apps \"api\" is invalid: spec.template.labels: " + message, [new StatusCause("spec.template.labels", message, "FieldValueInvalid")]);
        LiveFindings.FromStatus(target, status, ApplyMode.ServerDryRun).Single().Path.ShouldBe("spec.template.metadata.labels.tier");
    }

    [Fact]
    public void Warnings_without_a_field_point_at_the_object()
    {
        LiveFindings.WarningPath(Body("ConfigMap"), "would violate PodSecurity \"restricted:latest\": container \"x\"").ShouldBeNull();
    }

    [Theory]
    [InlineData("restricted", null, "would violate PodSecurity \"restricted:latest\": runAsNonRoot != true", "restricted:latest")]
    [InlineData("restricted", "v1.35", "would violate PodSecurity \"restricted:v1.35\": runAsNonRoot != true", "restricted:v1.35")]
    [InlineData("restricted", "v1.35", "would violate PodSecurity \"restricted:latest\": runAsNonRoot != true", null)]
    [InlineData("baseline", null, "would violate PodSecurity \"restricted:latest\": runAsNonRoot != true", null)]
    [InlineData("restricted", null, "unknown field \"spec.x\"", null)]
    [InlineData("privileged", null, "would violate PodSecurity \"privileged:latest\": x", null)]
    public void A_warning_is_about_the_enforced_policy_only_when_level_and_version_match(string level, string? version, string warning, string? expected)
    {
        var yaml = $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    pod-security.kubernetes.io/enforce: {level}\n"
            + (version is null ? "" : $"    pod-security.kubernetes.io/enforce-version: {version}\n");
        var ns = RenderedObjects.FromText("ns.yaml", yaml).Single();
        var enforcement = PodSecurityEnforcement.Of([new LiveObject(ns, "", "Namespace", null, "shop", ns.Body)]);
        var deployment = RenderedObjects.FromText("a.yaml", LiveTestData.ApiYaml).First(o => o.Kind == "Deployment");
        enforcement.ViolatedBy(new LiveObject(deployment, "apps", "Deployment", "shop", "api", deployment.Body), warning).ShouldBe(expected);
        enforcement.ViolatedBy(new LiveObject(deployment, "apps", "Deployment", "elsewhere", "api", deployment.Body), warning).ShouldBeNull();
        PodSecurityEnforcement.None.ViolatedBy(new LiveObject(deployment, "apps", "Deployment", "shop", "api", deployment.Body), warning).ShouldBeNull();
    }

    [Fact]
    public void Cron_job_pod_spec_is_two_templates_deep()
    {
        var body = RenderedObjects.FromText("a.yaml", "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\n").Single().Body;
        LiveFindings.PodSpecPath(body)!.ToString().ShouldBe("spec.jobTemplate.spec.template.spec");
    }
}
