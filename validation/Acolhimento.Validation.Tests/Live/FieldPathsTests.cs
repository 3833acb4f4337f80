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
    [InlineData("spec.template.spec.containers.image", "spec.template.spec.containers[0].image")]
    public void Api_paths_resolve_against_the_object(string apiPath, string expected)
    {
        FieldPaths.Resolve(apiPath, Body).ToString().ShouldBe(expected);
    }

    private const string Ports = """
        apiVersion: v1
        kind: Service
        metadata:
          name: api
        spec:
          ports:
            - port: 53
              protocol: UDP
              targetPort: 5353
            - port: 80
              targetPort: 8080
            - port: 53
              targetPort: 5353
        """;

    [Theory]
    // The conflict kube-apiserver v1.35.3 sent for a port written without `protocol:` (the server fills in its default).
    [InlineData(".spec.ports[port=80,protocol=\"TCP\"].targetPort", "spec.ports[1].targetPort")]
    // A written key must match: the UDP port is not the TCP one, the one without protocol is.
    [InlineData(".spec.ports[port=53,protocol=\"TCP\"].targetPort", "spec.ports[2].targetPort")]
    [InlineData(".spec.ports[port=53,protocol=\"UDP\"].targetPort", "spec.ports[0].targetPort")]
    [InlineData(".spec.ports[port=81,protocol=\"TCP\"].targetPort", "spec.ports")]
    public void A_selector_key_the_source_leaves_to_its_default_matches_the_item(string apiPath, string expected)
    {
        var service = RenderedObjects.FromText("s.yaml", Ports).Single().Body;
        FieldPaths.Resolve(apiPath, service).ToString().ShouldBe(expected);
    }
}
