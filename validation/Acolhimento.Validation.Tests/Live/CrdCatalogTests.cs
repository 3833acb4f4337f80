using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Tests.Support;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Live;
using Shouldly;

namespace Acolhimento.Validation.Tests.Live;

[Trait("Category", "Unit")]
public sealed class CrdCatalogTests
{
    [Fact]
    public void Pinned_schema_data_loads_with_names_groups_and_scopes()
    {
        var directory = SchemaDataSkip.RequireDirectory();
        var catalog = CrdCatalog.Load(directory);
        catalog.Crds.Select(c => c.Project).Distinct().ShouldBe(["argo-cd", "cert-manager", "external-secrets", "prometheus-operator", "sealed-secrets"]);
        catalog.IsNamespaced("external-secrets.io", "ExternalSecret").ShouldBe(true);
        catalog.IsNamespaced("external-secrets.io", "ClusterSecretStore").ShouldBe(false);
        catalog.IsNamespaced("cert-manager.io", "ClusterIssuer").ShouldBe(false);
        catalog.IsNamespaced("argoproj.io", "Application").ShouldBe(true);
        catalog.Crds.ShouldAllBe(c => c.Json.StartsWith("{\"apiVersion\":\"apiextensions.k8s.io/v1\"", StringComparison.Ordinal) && c.Json.Contains(c.Name, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n")]
    [InlineData("apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: x\nspec:\n  group: g\n")]
    [InlineData("- just\n- a list\n")]
    [InlineData("kind: CustomResourceDefinition\nmetadata: {name: [\n")]
    public void Anything_but_a_complete_crd_in_the_data_is_a_reason_to_stop(string text)
    {
        var ex = Should.Throw<CannotValidateException>(() => CrdCatalog.Parse("p", "crds/p/x.yaml", text));
        ex.Message.ShouldStartWith("schema data crds/p/x.yaml:");
    }

    [Fact]
    public void Several_documents_in_one_file_are_several_crds_and_empty_documents_are_skipped()
    {
        var crd = "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: {0}.g\nspec:\n  group: g\n  scope: Cluster\n  names:\n    kind: {0}\n";
        var crds = CrdCatalog.Parse("p", "crds/p/x.yaml", string.Format(crd, "a") + "---\n---\n" + string.Format(crd, "b"));
        crds.Select(c => c.Name).ShouldBe(["a.g", "b.g"]);
        crds.ShouldAllBe(c => !c.Namespaced);
    }
}
