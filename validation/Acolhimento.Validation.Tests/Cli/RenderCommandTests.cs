using Acolhimento.Validation.Tests.Support;
using Acolhimento.Validation.Yaml;
using Shouldly;

namespace Acolhimento.Validation.Tests.Cli;

[Trait("Category", "Unit")]
public sealed class RenderCommandTests
{
    private static readonly string Repository = RepositoryLocator.Fixture("Render", "repo");

    private static Task<CliResult> Run(params string[] args) => CliRun.RunAsync(args);

    [Fact]
    public async Task Prints_the_object_stream_argo_cd_would_apply()
    {
        SchemaDataSkip.RequireForRender();
        var (exit, output, error) = await Run("render", "--repo", Repository, "--cluster", "one");
        exit.ShouldBe(0, error);
        var documents = YamlReader.Read(output).Documents.Select(d => d.Root).OfType<YamlMapping>().ToList();
        documents.Select(d => $"{d.String("kind")}/{d.Mapping("metadata")!.String("name")}").ShouldBe(
            ["Application/root", "ConfigMap/config-greeting", "ConfigMap/plain", "Application/extras", "Application/ingress-nginx", "Application/web-one", "Deployment/web"]);
        output.ShouldNotContain("config.kubernetes.io/origin");
        var (_, again, _) = await Run("render", "--repo", Repository, "--cluster", "one");
        again.ShouldBe(output);
    }

    [Fact]
    public async Task Application_filter_and_sources()
    {
        SchemaDataSkip.RequireForRender();
        var (exit, output, _) = await Run("render", "--repo", Repository, "--cluster", "one", "--application", "web-one", "--show-sources");
        exit.ShouldBe(0);
        output.ShouldStartWith("---\n# Source: apps/web/deployment.yaml:1:1 (application web-one)\napiVersion: apps/v1\nkind: Deployment\n");
        YamlReader.Read(output).Documents.Count(d => d.Root is not null).ShouldBe(1);
    }

    [Theory]
    [InlineData("--cluster", "mars")]
    [InlineData("--cluster", "one", "--application", "nothing")]
    public async Task Unknown_cluster_or_application_exits_two(params string[] selection)
    {
        var (exit, _, error) = await Run(["render", "--repo", Repository, .. selection]);
        exit.ShouldBe(2);
        error.ShouldStartWith("error: ");
    }
}
