using Acolhimento.Validation.Live;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Yaml;
using Shouldly;

namespace Acolhimento.Validation.Tests.Live;

[Trait("Category", "Unit")]
public sealed class FieldPathsTests
{
    private static readonly YamlMapping Body = RenderedObjects.FromText("a.yaml", LiveTestData.ApiYaml).Single(o => o.Kind == "Deployment").Body;

    [Theory]
    [InlineData("spec.template.spec.containers[1].image", "spec.template.spec.containers[1].image")]
    [InlineData(".spec.template.spec.containers[name=\"api\"].image", "spec.template.spec.containers[1].image")]
    [InlineData(".spec.template.spec.containers[name=\"api\"].imagePullPolcy", "spec.template.spec.containers[1].imagePullPolcy")]
    [InlineData(".spec.template.spec.containers[name=\"nope\"].image", "spec.template.spec.containers")]
    [InlineData("spec.template.metadata.labels[app]", "spec.template.metadata.labels.app")]
    [InlineData(".metadata.annotations.argocd.argoproj.io/sync-wave", "metadata.annotations[\"argocd.argoproj.io/sync-wave\"]")]
    [InlineData("spec.replicas", "spec.replicas")]
    [InlineData("", ".")]
    [InlineData("[", ".")]
    [InlineData("spec[", "spec")]
    [InlineData("spec..selector", "spec.selector")]
    public void Api_paths_resolve_against_the_object(string apiPath, string expected)
    {
        FieldPaths.Resolve(apiPath, Body).ToString().ShouldBe(expected);
    }
}
