using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.AnyRepository;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Render;

/// <summary>
/// An Application is its namespace and name (Argo CD's applications in any namespace): two of one name in two watched
/// namespaces both render; one in a namespace its Argo CD does not watch is an error at its namespace.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ApplicationIdentityTests
{
    private static string InNamespace(string name, string path, string ns) =>
        SmallRepository.Application(name, path).Replace("  namespace: argocd\nspec:", $"  namespace: {ns}\nspec:", StringComparison.Ordinal);

    private static SmallRepository TwoWebs(string extraSpec) => new SmallRepository(extraSpec)
        .Write("apps/web-a.yaml", InNamespace("web", "web-a", "a"))
        .Write("apps/web-b.yaml", InNamespace("web", "web-b", "b"))
        .Write("web-a/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: first\n  namespace: a\n")
        .Write("web-b/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: second\n  namespace: b\n");

    [Fact]
    public async Task Two_applications_of_one_name_in_two_namespaces_both_render()
    {
        using var repository = TwoWebs("      applicationNamespaces: [a, 'team-*']\n".Replace("'team-*'", "/^b$/", StringComparison.Ordinal));
        var result = await repository.RenderAsync();
        result.Findings.Where(f => f.Severity == Validation.Findings.Severity.Error).ShouldBeEmpty(result.Findings.Describe());
        var cluster = result.Clusters.Single();
        cluster.Applications.Select(a => a.Name).ShouldContain("a/web");
        cluster.Applications.Select(a => a.Name).ShouldContain("b/web");
        cluster.Objects.Where(o => o.Kind == "ConfigMap").Select(o => (o.Name, o.Application)).Order().ShouldBe([("first", "a/web"), ("second", "b/web")]);
    }

    [Fact]
    public async Task An_application_in_a_namespace_argo_cd_does_not_watch_is_an_error_and_is_not_rendered()
    {
        using var repository = TwoWebs("      applicationNamespaces: [a]\n");
        var result = await repository.RenderAsync();
        var finding = result.Findings.ShouldHaveSingle(RenderRules.UnwatchedNamespace);
        finding.Location.ShouldBe(new Validation.Findings.SourceLocation("apps/web-b.yaml", 5, 3));
        result.Clusters.Single().Objects.ShouldNotContain(o => o.Name == "second");
    }

    [Fact]
    public void The_identity_is_the_name_in_argo_cds_namespace_and_namespace_slash_name_elsewhere()
    {
        static ApplicationDefinition App(string ns) => ApplicationDefinition.From(RenderedObjects.FromText("a.yaml", InNamespace("web", "p", ns)).Single());
        App("argocd").Identity.ShouldBe("web");
        App("argocd").InstanceName.ShouldBe("web");
        App("team").Identity.ShouldBe("team/web");
        App("team").InstanceName.ShouldBe("team_web");
    }
}
