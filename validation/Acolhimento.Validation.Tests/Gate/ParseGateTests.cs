using Acolhimento.Validation.Pipeline;
using Acolhimento.Validation.Tests.Support;

namespace Acolhimento.Validation.Tests.Gate;

/// <summary>The gate over this repository itself: every YAML file parses.</summary>
[Trait("Category", "Gate")]
public sealed class ParseGateTests
{
    [Fact]
    public void Every_yaml_file_of_this_repository_parses()
    {
        RepositoryInput.Read(RepositoryLocator.Root).Findings.ShouldHaveNoErrors();
    }
}
