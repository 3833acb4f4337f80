using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Render.Helm;
using Acolhimento.Validation.Yaml;
using Shouldly;

namespace Acolhimento.Validation.Tests.Render;

/// <summary>
/// How Argo CD turns an Application's helm block into a <c>helm template</c> command line (<c>util/helm/cmd.go</c>,
/// <c>reposerver/repository</c>), checked piece by piece with this repository's own fixtures; the cases follow Argo CD's
/// <c>helm_test.go</c> (argument cleaning, API versions, kube version, skip flags) and <c>Env.Envsubst</c>.
/// </summary>
[Trait("Category", "Unit")]
public sealed class HelmArgumentsTests
{
    private static HelmTemplateOptions Options(
        string? ns = "web", string? kube = "1.35.0", IReadOnlyList<string>? apis = null, bool skipCrds = false, bool skipSchema = false, bool skipTests = false) =>
        new("/repo/charts/web", "web", ns, kube, apis ?? [],
            new Dictionary<string, string> { ["b"] = "2", ["a"] = "x,y" }, new Dictionary<string, string> { ["tag"] = "1.0" },
            new Dictionary<string, string> { ["cert"] = "/repo/certs/ca.pem" }, ["/repo/charts/web/values.yaml", "/repo/env/prod.yaml"], "<inline>",
            skipCrds, skipSchema, skipTests);

    // Argo CD's TestHelmArgCleaner table.
    [Theory]
    [InlineData("val", "val")]
    [InlineData("not, clean", "not\\, clean")]
    [InlineData("a\\,b,c", "a\\,b\\,c")]
    [InlineData("{a,b,c}", "{a,b,c}")]
    [InlineData(",,,,,\\,", "\\,\\,\\,\\,\\,\\,")]
    [InlineData("\\,,\\\\,,", "\\,\\,\\\\,\\,")]
    [InlineData("{", "{")]
    [InlineData("", "")]
    public void Set_values_escape_commas_as_Argo_CD_does(string value, string expected) =>
        HelmTemplateOptions.CleanSetParameter(value).ShouldBe(expected);

    [Fact]
    public void Arguments_come_in_Argo_CDs_order()
    {
        Options(apis: ["v1", "v1/Pod"]).Arguments().ShouldBe([
            "template", "/repo/charts/web", "--name-template", "web", "--namespace", "web", "--kube-version", "1.35.0",
            "--set", "a=x\\,y", "--set", "b=2", "--set-string", "tag=1.0", "--set-file", "cert=/repo/certs/ca.pem",
            "--values", "/repo/charts/web/values.yaml", "--values", "/repo/env/prod.yaml", "--values", "<inline>",
            "--api-versions", "v1", "--api-versions", "v1/Pod", "--include-crds",
        ]);
    }

    [Fact]
    public void Skip_flags_and_empty_options_follow_the_helm_block()
    {
        var args = Options(ns: null, kube: null, skipCrds: true, skipSchema: true, skipTests: true).Arguments();
        args.ShouldNotContain("--namespace");
        args.ShouldNotContain("--kube-version");
        args.ShouldNotContain("--include-crds");
        args.TakeLast(2).ShouldBe(["--skip-schema-validation", "--skip-tests"]);
    }

    [Theory]
    [InlineData("$ARGOCD_APP_NAME", "web")]
    [InlineData("${ARGOCD_APP_NAME}-x", "web-x")]
    [InlineData("values-$ARGOCD_APP_NAMESPACE.yaml", "values-prod.yaml")]
    [InlineData("pa$$word", "pa$word")]
    [InlineData("$UNKNOWN/x", "/x")]
    [InlineData("cost$", "cost$")]
    [InlineData("a${}b", "ab")]
    [InlineData("a${b", "ab")]
    [InlineData("$1x", "x")]
    [InlineData("$-", "")]
    [InlineData("100% $ sure", "100% $ sure")]
    [InlineData("no variables", "no variables")]
    public void Variables_expand_as_Gos_os_Expand_with_Argo_CDs_mapping(string text, string expected)
    {
        var environment = new BuildEnvironment(new Dictionary<string, string> { ["ARGOCD_APP_NAME"] = "web", ["ARGOCD_APP_NAMESPACE"] = "prod" });
        environment.Substitute(text).ShouldBe(expected);
    }

    [Fact]
    public void A_revision_variable_is_known_to_need_a_stand_in()
    {
        BuildEnvironment.RevisionUsed("tag-${ARGOCD_APP_REVISION_SHORT}").ShouldBeTrue();
        BuildEnvironment.RevisionUsed("$ARGOCD_APP_NAME").ShouldBeFalse();
    }

    [Theory]
    [InlineData("1.30.11+IKS", "1.30.11")]
    [InlineData("v1.35", "1.35")]
    [InlineData(" v1.35.3-gke.100 ", "1.35.3")]
    [InlineData("1.05", "1.5")]
    [InlineData("01.35", null)]
    [InlineData("1", null)]
    [InlineData("latest", null)]
    public void A_helm_block_kube_version_is_read_as_Kubernetes_generic_version(string text, string? expected) =>
        CapabilitySource.GenericVersion(text).ShouldBe(expected);

    [Theory]
    [InlineData("1.35", "1.35.0", false)]
    [InlineData("1.35.3", "1.35.3", true)]
    [InlineData("v1.35.3", "1.35.3", true)]
    public void The_clusters_version_becomes_a_full_version_and_says_whether_its_patch_is_known(string declared, string version, bool pinned) =>
        CapabilitySource.KubeVersion(declared).ShouldBe((version, pinned));

    [Fact]
    public void Capabilities_gain_the_CRDs_a_render_installs_once()
    {
        var crd = (YamlMapping)YamlReader.Read("""
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.com}
            spec:
              group: example.com
              names: {kind: Widget, plural: widgets}
              scope: Namespaced
              versions:
                - {name: v1, served: true, storage: true}
                - {name: v0, served: false, storage: false}
            """).Documents[0].Root!;
        var before = new ClusterCapabilities("1.35.0", false, ["v1", "v1/Pod"]);
        var after = before.With(ClusterCapabilities.Installed([crd]));
        after.ApiVersions.ShouldBe(["example.com/v1", "example.com/v1/Widget", "v1", "v1/Pod"]);
        after.With(ClusterCapabilities.Installed([crd])).ShouldBeSameAs(after);
    }

    [Fact]
    public void Built_in_API_versions_are_the_GA_group_versions_and_their_served_kinds()
    {
        var directory = Environment.GetEnvironmentVariable(SchemaLocator.EnvironmentVariable);
        Support.VisibleSkip.When(string.IsNullOrWhiteSpace(directory), $"{SchemaLocator.EnvironmentVariable} is not set: the built-in API versions come from the schema data");
        var versions = CapabilitySource.FromOpenApi(new SchemaData(directory!).OpenApiDirectory("1.35"));
        versions.ShouldContain("v1");
        versions.ShouldContain("v1/Pod");
        versions.ShouldContain("apps/v1/Deployment");
        versions.ShouldContain("policy/v1/PodDisruptionBudget");
        versions.ShouldContain("authentication.k8s.io/v1/TokenReview");
        versions.ShouldNotContain("v1/PodList");
        versions.ShouldNotContain("v1/Status");
        versions.ShouldNotContain(v => v.Contains("alpha", StringComparison.Ordinal) || v.Contains("beta", StringComparison.Ordinal));
        versions.ShouldBe(versions.Order(StringComparer.Ordinal).ToList());
    }
}
