using Acolhimento.Validation.Schema;
using Acolhimento.Validation.Schema.ApiServer;
using Acolhimento.Validation.Yaml;
using Shouldly;

namespace Acolhimento.Validation.Tests.Schema;

/// <summary>Names in a container's requests and limits, as the API server's validateContainerResourceName admits them.</summary>
[Trait("Category", "Unit")]
public sealed class ResourceNameTests
{
    private static IReadOnlyList<SchemaViolation> Check(string list, string name)
    {
        var yaml = $"""
            apiVersion: v1
            kind: Pod
            metadata:
              name: api
            spec:
              containers:
                - name: api
                  image: x
                  resources:
                    {list}:
                      "{name}": "1"
            """;
        var body = (YamlMapping)YamlReader.Read(yaml).Documents[0].Root!;
        return ApiServerRules.Check("v1", "Pod", body).Where(v => v.Rule == SchemaRules.ResourceName).ToList();
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("memory")]
    [InlineData("ephemeral-storage")]
    [InlineData("hugepages-2Mi")]
    [InlineData("nvidia.com/gpu")]
    [InlineData("example.com/foo")]
    [InlineData("kubernetes.io/anything")]
    public void Standard_and_extended_names_pass(string name)
    {
        Check("limits", name).ShouldBeEmpty();
        Check("requests", name).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("memroy", "must be a standard resource type or fully qualified; must be a standard resource for containers; did you mean \"memory\"?")]
    [InlineData("cpus", "must be a standard resource type or fully qualified; must be a standard resource for containers; did you mean \"cpu\"?")]
    [InlineData("pods", "must be a standard resource for containers")]
    [InlineData("storage", "must be a standard resource for containers")]
    [InlineData("requests.cpu", "must be a standard resource for containers")]
    [InlineData("gpu", "must be a standard resource type or fully qualified; must be a standard resource for containers")]
    [InlineData("example.com/requests.x/y", "it may contain at most one '/'")]
    [InlineData("Example_.com/gpu", "it prefix")]
    [InlineData("example.com/" + "gpu-with-a-name-part-that-is-far-longer-than-sixty-three-characters-x", "it name part must be no more than 63 characters")]
    public void Names_the_api_server_refuses(string name, string detail)
    {
        var v = Check("limits", name).ShouldHaveSingleItem();
        v.Path.ShouldBe(ObjectPath.Of("spec", "containers", 0, "resources", "limits", name));
        v.Message.ShouldStartWith($"spec.containers[0].resources.limits[{name}]: Invalid value: ");
        v.Message.ShouldContain(detail);
    }

    [Fact]
    public void An_extended_name_whose_quota_name_would_not_be_qualified_is_refused()
    {
        // requests.<name> must itself be a qualified name: a 246-character domain leaves no room for "requests.".
        var domain = string.Join('.', Enumerable.Repeat(new string('a', 60), 4)) + ".io";
        Check("requests", domain + "/gpu").ShouldHaveSingleItem().Message.ShouldContain("doesn't follow extended resource name standard");
    }
}
