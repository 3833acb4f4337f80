using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Policy;
using Shouldly;

namespace Acolhimento.Validation.Tests.Policy;

/// <summary>
/// A rule's parameters are declared beside its code: the reader learns a new key, its type and whether it is required
/// from the declaration alone, with no edit to PolicyConfiguration.
/// </summary>
[Trait("Category", "Policy")]
public sealed class PolicyParameterTests
{
    private sealed class ReadsTier : PolicyRule
    {
        public static readonly StringParameter Tier = new("serviceTier", "The tier every workload of the cluster runs in.");

        private static readonly RuleMetadata Info = new()
        {
            Id = "policy/test-tier", Area = "Test", Title = "t", Severity = Severity.Error, Rationale = "r", Remediation = "f",
            Parameters = [Tier],
        };

        public override RuleMetadata Metadata => Info;

        public override IEnumerable<Finding> Evaluate(PolicyContext context) => [];
    }

    private sealed class DeclaresTierAgain : PolicyRule
    {
        private static readonly RuleMetadata Info = new()
        {
            Id = "policy/test-tier-again", Area = "Test", Title = "t", Severity = Severity.Error, Rationale = "r", Remediation = "f",
            Parameters = [new StringParameter("serviceTier", "Declared a second time.")],
        };

        public override RuleMetadata Metadata => Info;

        public override IEnumerable<Finding> Evaluate(PolicyContext context) => [];
    }

    private static readonly IReadOnlyList<IPolicyRule> Rules = [new ReadsTier()];

    [Fact]
    public void A_declared_parameter_is_read_with_its_type()
    {
        var result = PolicyConfigurationReader.Parse("profile: organisation\nserviceTier: gold\n", rules: Rules);
        result.Findings.ShouldBeEmpty();
        result.Configuration.Get(ReadsTier.Tier).ShouldBe("gold");
        result.Configuration.Describe(ReadsTier.Tier).ShouldBe("gold");
    }

    [Fact]
    public void A_declared_parameter_a_running_rule_reads_is_required_and_wrong_types_are_located()
    {
        PolicyConfigurationReader.Parse("profile: organisation\n", rules: Rules).Findings.Single().Message
            .ShouldBe("\"serviceTier\" is missing: profile organisation runs policy/test-tier, which reads it (set it, or switch the rule off under rules)");
        var wrong = PolicyConfigurationReader.Parse("profile: organisation\nserviceTier: [gold]\n", rules: Rules).Findings.Single();
        wrong.Location!.Line.ShouldBe(2);
        wrong.Message.ShouldContain("must be a non-empty string");
    }

    [Fact]
    public void A_key_no_rule_declares_is_unknown()
    {
        var problem = PolicyConfigurationReader.Parse("profile: organisation\nserviceTier: gold\nallowedRegistries: [a]\n", rules: Rules).Findings.Single();
        problem.Message.ShouldStartWith("unknown parameter \"allowedRegistries\"; known are profile, rules, productionClusters");
        problem.Location!.Line.ShouldBe(3);
    }

    [Fact]
    public void An_absent_parameter_has_its_default()
    {
        PolicyConfiguration.KubernetesDefaults.Get(SharedParameters.ProductionClusters).ShouldBeEmpty();
        PolicyConfiguration.KubernetesDefaults.PodSecurityFloor.ShouldBeNull();
        PolicyConfiguration.KubernetesDefaults.Describe(SharedParameters.PodSecurityFloor).ShouldBe("(none: each namespace's enforce label)");
        PolicyConfiguration.KubernetesDefaults.Describe(ReadsTier.Tier).ShouldBe("(none)");
    }

    [Fact]
    public void One_name_declared_twice_is_a_programming_error()
    {
        Should.Throw<InvalidOperationException>(() => RuleDiscovery.Validate([new ReadsTier(), new DeclaresTierAgain()]))
            .Message.ShouldContain("serviceTier is declared twice");
    }

    [Fact]
    public void Every_discovered_parameter_is_declared_once_with_a_description_and_documented()
    {
        var rules = RuleDiscovery.Discover();
        var declared = SharedParameters.Declared(rules);
        declared.Select(p => p.Name).ShouldBeUnique();
        declared.ShouldAllBe(p => p.Description.Length > 0);
        var readme = PolicyReadme.Generate(rules, PolicyFixture.RepositoryConfiguration());
        foreach (var parameter in declared) readme.ShouldContain($"| `{parameter.Name}` |");
    }
}
