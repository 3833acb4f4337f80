using Acolhimento.Validation.Policy;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Policy;

[Trait("Category", "Policy")]
public sealed class PolicyReadmeTests
{
    [Fact]
    public void Readme_is_generated_from_the_current_rules()
    {
        var path = Path.Combine(RepositoryLocator.Root, PolicyReadme.FileName);
        var expected = PolicyReadme.Generate(RuleDiscovery.Discover(), PolicyFixture.RepositoryConfiguration());
        File.Exists(path).ShouldBeTrue($"{PolicyReadme.FileName} is missing; run: dotnet run --project validation/Acolhimento.Validation.Cli -- policies readme --write");
        File.ReadAllText(path).ReplaceLineEndings("\n").ShouldBe(expected,
            $"{PolicyReadme.FileName} is stale; run: dotnet run --project validation/Acolhimento.Validation.Cli -- policies readme --write");
    }

    [Fact]
    public void Readme_lists_every_rule_with_its_parameters()
    {
        var configuration = PolicyFixture.RepositoryConfiguration();
        var text = PolicyReadme.Generate(RuleDiscovery.Discover(), configuration);
        foreach (var rule in RuleDiscovery.Discover())
        {
            text.ShouldContain($"### {rule.Metadata.Id}\n");
            foreach (var parameter in rule.Metadata.ParameterList) text.ShouldContain($"`{configuration.Describe(parameter)}`");
        }
    }
}
