using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Policy;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Gate;

/// <summary>The organisation's rules hold for everything every cluster of this repository receives.</summary>
[Trait("Category", "Gate")]
public sealed class PolicyGateTests(RepositoryGate gate)
{
    [Fact]
    public async Task Every_cluster_passes_policy_with_only_dated_waivers()
    {
        var (_, render) = await gate.ResultAsync();
        var findings = PolicyStage.Load(RepositoryLocator.Root).Run(render.Clusters, TestPipeline.Today);
        findings.ShouldHaveNoErrors();
        var unwaivedWarnings = findings.Where(f => f.CountsAsWarning).ToList();
        unwaivedWarnings.ShouldBeEmpty(unwaivedWarnings.Describe());
        findings.Where(f => f.Waiver is not null).ShouldAllBe(f => f.Severity != Severity.Info);
    }
}
