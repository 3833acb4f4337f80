using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Schema;
using Shouldly;
using Acolhimento.Validation.Kubernetes;

namespace Acolhimento.Validation.Tests.Schema;

[Trait("Category", "Unit")]
public sealed class SchemaCatalogTests
{
    [Fact]
    public void Built_in_kinds_are_indexed_by_group_version_kind() =>
        MiniSchemas.Catalog().Find("v1", "Widget").ShouldBeOfType<KindFound>().Origin.ShouldContain("OpenAPI");

    [Fact]
    public void One_catalog_returns_the_same_compiled_schema()
    {
        var catalog = MiniSchemas.Catalog();
        ((KindFound)catalog.Find("v1", "Widget")).Schema.ShouldBeSameAs(((KindFound)catalog.Find("v1", "Widget")).Schema);
        ((KindFound)catalog.Find("demo.example.org/v1", "Gadget")).Schema.ShouldBeSameAs(((KindFound)catalog.Find("demo.example.org/v1", "Gadget")).Schema);
    }

    [Fact]
    public void Unknown_kind_in_a_known_group_version_suggests() =>
        MiniSchemas.Catalog().Find("v1", "Widgit").ShouldBeOfType<KindNotFound>().Reason.ShouldContain("did you mean Widget?");

    [Fact]
    public void Unserved_version_of_a_built_in_group() =>
        MiniSchemas.Catalog().Find("v2", "Widget").ShouldBeOfType<KindNotFound>();

    [Fact]
    public void Crd_version_not_served_lists_the_served_ones()
    {
        var reason = MiniSchemas.Catalog().Find("demo.example.org/v1beta1", "Gadget").ShouldBeOfType<KindNotFound>().Reason;
        reason.ShouldContain("demo.example.org/v1alpha1");
        reason.ShouldContain("demo.example.org/v1");
        reason.ShouldContain("mini/gadget-crd.yaml");
    }

    [Fact]
    public void Deprecated_crd_version_carries_its_warning() =>
        MiniSchemas.Catalog().Find("demo.example.org/v1alpha1", "Gadget").ShouldBeOfType<KindFound>().DeprecationWarning.ShouldNotBeNull();

    [Fact]
    public void Unknown_group_says_a_crd_is_missing() =>
        MiniSchemas.Catalog().Find("nothing.example.org/v1", "Thing").ShouldBeOfType<KindNotFound>().Reason.ShouldContain("CustomResourceDefinition");

    [Fact]
    public void Cluster_crds_take_precedence()
    {
        var replacement = MiniSchemas.Definitions()[0] with { Versions = [new CustomResourceVersion("v9", true, false, null, null)] };
        var catalog = MiniSchemas.Catalog().WithDefinitions([replacement]);
        catalog.Find("demo.example.org/v9", "Gadget").ShouldBeOfType<KindFound>();
        catalog.Find("demo.example.org/v1", "Gadget").ShouldBeOfType<KindNotFound>();
    }

    [Theory]
    [InlineData("api__v1_openapi.json", "v1", "api/v1.json")]
    [InlineData("apis__apps__v1_openapi.json", "apps/v1", "apis/apps/v1.json")]
    [InlineData("apis__admissionregistration.k8s.io__v1alpha1_openapi.json", "admissionregistration.k8s.io/v1alpha1", "apis/admissionregistration.k8s.io/v1alpha1.json")]
    public void Upstream_file_names(string file, string groupVersion, string kubectlValidatePath)
    {
        OpenApiFileNames.GroupVersion(file).ShouldBe(groupVersion);
        OpenApiFileNames.FileName(groupVersion).ShouldBe(file);
        OpenApiFileNames.KubectlValidatePath(file).ShouldBe(kubectlValidatePath);
    }

    [Theory]
    [InlineData("apis_openapi.json")]
    [InlineData("version_openapi.json")]
    [InlineData("readme.md")]
    public void Other_files_are_not_group_versions(string file) => OpenApiFileNames.GroupVersion(file).ShouldBeNull();

    [Fact]
    public void Broken_openapi_json_cannot_validate()
    {
        var catalog = SchemaCatalog.FromDocuments("1.35", [("v1", "{not json")], []);
        Should.Throw<CannotValidateException>(() => catalog.Find("v1", "Widget")).Message.ShouldContain("not valid JSON");
    }

    [Fact]
    public void Dangling_ref_cannot_validate()
    {
        const string json = """{"components":{"schemas":{"X":{"x-kubernetes-group-version-kind":[{"group":"","version":"v1","kind":"X"}],"properties":{"a":{"$ref":"#/components/schemas/Missing"}}}}}}""";
        var catalog = SchemaCatalog.FromDocuments("1.35", [("v1", json)], []);
        Should.Throw<CannotValidateException>(() => catalog.Find("v1", "X")).Message.ShouldContain("Missing");
    }
}
