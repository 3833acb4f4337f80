using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Kubernetes;

[Trait("Category", "Unit")]
public sealed class ClusterScopeTests
{
    [Fact]
    public void Cluster_scope_knows_built_ins_add_ons_and_rendered_crds()
    {
        var crd = RenderedObjects.FromText("crd.yaml", """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.com}
            spec:
              group: example.com
              scope: Cluster
              names: {kind: Widget, plural: widgets}
            """);
        var scope = new ClusterScope().With(crd.Select(o => o.Body));
        scope.IsClusterScoped("", "Namespace").ShouldBeTrue();
        scope.IsClusterScoped("cert-manager.io", "ClusterIssuer").ShouldBeTrue();
        scope.IsClusterScoped("example.com", "Widget").ShouldBeTrue();
        scope.IsClusterScoped("apps", "Deployment").ShouldBeFalse();
        new ClusterScope().IsClusterScoped("example.com", "Widget").ShouldBeFalse();
    }

    [Theory]
    // Render's copy of the table lacked these two (only the live stage's copy had them), so an Application's destination
    // namespace was written into them.
    [InlineData("storage.k8s.io", "VolumeAttributesClass")]
    [InlineData("internal.apiserver.k8s.io", "StorageVersion")]
    [InlineData("resource.k8s.io", "ResourceSlice")]
    public void Kinds_only_one_stage_knew_are_cluster_scoped_for_every_stage(string group, string kind) =>
        new ClusterScope().IsClusterScoped(group, kind).ShouldBeTrue();

    [Fact]
    public void A_kind_is_matched_with_its_group()
    {
        new ClusterScope().IsClusterScoped("example.com", "Namespace").ShouldBeFalse();
        new ClusterScope().IsClusterScoped("", "ClusterRole").ShouldBeFalse();
    }

    [Fact]
    public void OpenApi_paths_without_a_namespace_make_a_kind_cluster_scoped()
    {
        using var folder = new TempRepository();
        folder.Write("api__v1_openapi.json", """
            {"paths": {
              "/api/v1/namespaces/{namespace}/pods": {"post": {"x-kubernetes-action": "post", "x-kubernetes-group-version-kind": {"group": "", "version": "v1", "kind": "Pod"}}},
              "/api/v1/pods": {"get": {"x-kubernetes-action": "list", "x-kubernetes-group-version-kind": {"group": "", "version": "v1", "kind": "Pod"}}},
              "/api/v1/namespaces/{name}": {"get": {"x-kubernetes-action": "get", "x-kubernetes-group-version-kind": {"group": "", "version": "v1", "kind": "Namespace"}}},
              "/api/v1/nodes/{name}/proxy": {"get": {"x-kubernetes-action": "connect", "x-kubernetes-group-version-kind": {"group": "", "version": "v1", "kind": "NodeProxyOptions"}}},
              "/api/v1/nodes": {"post": {"x-kubernetes-action": "post", "x-kubernetes-group-version-kind": {"group": "", "version": "v1", "kind": "Node"}}}
            }}
            """);
        OpenApiScopes.ClusterScopedKinds(folder.Root).ShouldBe(["/Namespace", "/Node"]);
    }

    [Fact]
    public void The_built_in_table_is_what_the_schema_data_says_for_every_Kubernetes_version()
    {
        var directory = SchemaDataSkip.RequireDirectory();
        var versions = Directory.GetDirectories(Path.Combine(directory, "openapi"));
        versions.ShouldNotBeEmpty();
        foreach (var version in versions)
        {
            // A mismatch prints both sets: copy the derived one into ClusterScopedKinds.BuiltIn.
            OpenApiScopes.ClusterScopedKinds(version).ShouldBe(ClusterScopedKinds.BuiltIn.Order(StringComparer.Ordinal).ToList(), Path.GetFileName(version));
        }
    }

    [Fact]
    public void Every_cluster_scoped_add_on_crd_in_the_schema_data_is_in_the_add_on_table()
    {
        var directory = SchemaDataSkip.RequireDirectory();
        var crds = Directory.EnumerateFiles(Path.Combine(directory, "crds"), "*.yaml", SearchOption.AllDirectories)
            .SelectMany(f => RenderedObjects.FromText(f, File.ReadAllText(f)))
            .ToList();
        crds.ShouldNotBeEmpty();
        foreach (var crd in crds)
        {
            var spec = crd.Spec!;
            var (group, kind) = (spec.String("group")!, spec.Mapping("names")!.String("kind")!);
            new ClusterScope().IsClusterScoped(group, kind).ShouldBe(spec.String("scope") == "Cluster", $"{group}/{kind}");
        }
    }
}
