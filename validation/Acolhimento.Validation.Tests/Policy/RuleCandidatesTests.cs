using System.Reflection;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Policy;
using Shouldly;

namespace Acolhimento.Validation.Tests.Policy;

/// <summary>
/// Rule discovery loads only the types whose metadata may make them rules; whatever reflection over every type calls a
/// rule must still be among them, however it becomes one (a base class, a generic base, an interface that extends
/// <see cref="IPolicyRule"/>, a nested class).
/// </summary>
[Trait("Category", "Unit")]
public sealed class RuleCandidatesTests
{
    private static bool IsRule(Type t) => t is { IsClass: true, IsAbstract: false } && typeof(IPolicyRule).IsAssignableFrom(t);

    public static TheoryData<string> Assemblies => [typeof(IPolicyRule).Assembly.GetName().Name!, typeof(RuleCandidatesTests).Assembly.GetName().Name!];

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void Every_type_reflection_calls_a_rule_is_a_candidate_and_few_others_are(string name)
    {
        var assembly = AppDomain.CurrentDomain.GetAssemblies().Single(a => a.GetName().Name == name);
        var everyType = assembly.GetTypes();
        var candidates = RuleCandidates.Of(assembly);

        candidates.Where(IsRule).ShouldBe(everyType.Where(IsRule), ignoreOrder: true);
        candidates.Count.ShouldBeLessThan(everyType.Length / 4, "the metadata rules out most types, so they are not loaded");
    }

    [Fact]
    public void Rules_reached_through_generic_bases_and_derived_interfaces_are_found()
    {
        var candidates = RuleCandidates.Of(typeof(RuleCandidatesTests).Assembly);

        candidates.ShouldContain(typeof(RuleThroughGenericBase));
        candidates.ShouldContain(typeof(RuleThroughDerivedInterface));
        candidates.ShouldContain(typeof(NestedRule));
        candidates.ShouldNotContain(typeof(NotARule));
    }

    [Fact]
    public void The_library_rules_are_discovered_as_before()
    {
        var library = typeof(IPolicyRule).Assembly;
        var byReflection = library.GetTypes().Where(t => IsRule(t) && t.GetConstructor(Type.EmptyTypes) is not null).Select(t => t.FullName).Order(StringComparer.Ordinal);

        RuleDiscovery.Discover(library).Select(r => r.GetType().FullName).Order(StringComparer.Ordinal).ShouldBe(byReflection);
    }

    private sealed class NestedRule : TestRule;

    public sealed class NotARule : IComparable<NotARule>
    {
        public int CompareTo(NotARule? other) => 0;
    }

    internal abstract class GenericRuleBase<T> : TestRule;

    internal sealed class RuleThroughGenericBase : GenericRuleBase<int>;

    public interface IClusterRule : IPolicyRule;

    public sealed class RuleThroughDerivedInterface : IClusterRule
    {
        public RuleMetadata Metadata => TestRule.Info;

        public IEnumerable<Finding> Evaluate(PolicyContext context) => [];
    }

    internal abstract class TestRule : PolicyRule
    {
        internal static readonly RuleMetadata Info = new()
        {
            Id = "policy/test-candidate", Area = "Test", Title = "t", Severity = Severity.Error, Rationale = "r", Remediation = "f",
        };

        public override RuleMetadata Metadata => Info;

        public override IEnumerable<Finding> Evaluate(PolicyContext context) => [];
    }
}
