using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Policy;
using Acolhimento.Validation.Tests.Support;
using Shouldly;
using static Acolhimento.Validation.Tests.Policy.PolicyTestData;

namespace Acolhimento.Validation.Tests.Policy;

[Trait("Category", "Policy")]
public sealed class PolicyConfigurationTests
{
    [Fact]
    public void Repository_configuration_is_valid_and_complete()
    {
        var result = PolicyConfigurationReader.Parse(RepositoryConfigurationText);
        result.Findings.ShouldBeEmpty(result.Findings.Describe());
        result.Configuration.Get(Validation.Policy.Rules.Images.ImageRegistryAllowed.AllowedRegistries).ShouldBe(["docker.io", "ghcr.io"]);
        result.Configuration.IsProduction("production").ShouldBeTrue();
        result.Configuration.Get(Validation.Policy.Rules.Hygiene.LlmGpu.GpuResourceName).ShouldBe("nvidia.com/gpu");
    }

    [Theory]
    [InlineData("allowedRegistrys:", "unknown parameter")]
    [InlineData("gpuResourceName: nvidia.com/gpu", "\"gpuResourceName\" is missing")]
    [InlineData("  - ghcr.io", "items must be non-empty strings")]
    [InlineData("productionClusters:", "must be a list")]
    public void Malformed_configuration_yields_findings_at_the_line(string original, string message)
    {
        var text = original switch
        {
            "allowedRegistrys:" => ReplaceOnce(RepositoryConfigurationText, "allowedRegistries:", "allowedRegistrys:"),
            "gpuResourceName: nvidia.com/gpu" => ReplaceOnce(RepositoryConfigurationText, "gpuResourceName: nvidia.com/gpu\n", ""),
            "  - ghcr.io" => ReplaceOnce(RepositoryConfigurationText, "  - ghcr.io", "  - {registry: ghcr.io}"),
            _ => ReplaceOnce(RepositoryConfigurationText, "productionClusters:\n  - production", "productionClusters: production"),
        };
        var stage = PolicyStage.FromText(text, null);
        var problem = stage.FileFindings.FirstOrDefault(f => f.Message.Contains(message, StringComparison.Ordinal));
        problem.ShouldNotBeNull(stage.FileFindings.Describe());
        problem.Rule.ShouldBe(PolicyStageRules.InvalidConfiguration);
        problem.Location!.File.ShouldBe(PolicyConfiguration.FileName);
        problem.Location.Line.ShouldBeGreaterThan(0);
        problem.CountsAsError.ShouldBeTrue();
        stage.Run([], Today).ShouldContain(problem); // reported with the stage's findings
    }

    [Fact]
    public void Wrongly_typed_parameter_is_located_at_its_value()
    {
        var text = ReplaceOnce(RepositoryConfigurationText, "productionClusters:\n  - production", "productionClusters: production");
        var problem = PolicyStage.FromText(text, null).FileFindings.Single();
        problem.Location!.Line.ShouldBe(LineOf(text, "productionClusters: production"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("- a list\n")]
    [InlineData("a: [unclosed\n")]
    [InlineData("a: 1\n---\nb: 2\n")]
    public void Unusable_configuration_text_yields_findings_not_exceptions(string text)
    {
        var stage = PolicyStage.FromText(text, null);
        stage.FileFindings.ShouldNotBeEmpty();
        stage.FileFindings.ShouldAllBe(f => f.Location!.File == PolicyConfiguration.FileName);
    }

    [Fact]
    public void Repository_without_a_configuration_file_gets_the_kubernetes_profile()
    {
        using var repo = new TempRepository().Write("README.md", "no policy folder\n");
        var stage = PolicyStage.Load(repo.Root);
        stage.FileFindings.ShouldBeEmpty();
        stage.Configuration.EffectiveSelection.Profile.ShouldBe(RuleProfile.Kubernetes);
        var running = stage.Rules.Where(r => stage.Configuration.EffectiveSelection.Runs(r.Metadata)).Select(r => r.Metadata.Id).ToList();
        running.ShouldContain("policy/ref-service-selector");
        running.ShouldContain("policy/pss-privileged");
        running.ShouldNotContain("policy/image-registry-allowed");
        running.ShouldNotContain("policy/pss-namespace-below-floor");
    }

    [Fact]
    public void Load_reads_the_repository_policy_files()
    {
        using var repo = new TempRepository()
            .Write(PolicyConfiguration.FileName, RepositoryConfigurationText)
            .Write(WaiverFile.FileName, "waivers:\n  - id: w\n    rule: policy/secret-data-in-git\n    selector: {cluster: dev}\n    reason: r\n    owner: o\n    expires: 2026-06-30\n");
        var stage = PolicyStage.Load(repo.Root);
        stage.FileFindings.ShouldBeEmpty();
        stage.Waivers.ShouldHaveSingleItem().Id.ShouldBe("w");
        stage.Rules.Count.ShouldBe(RuleDiscovery.Discover().Count);
    }

    [Fact]
    public void Repository_exceptions_file_is_valid()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryLocator.Root, WaiverFile.FileName));
        var result = WaiverFile.Parse(text, RuleDiscovery.Discover().Select(r => r.Metadata.Id).ToHashSet());
        result.Findings.ShouldBeEmpty(result.Findings.Describe());
    }
}
