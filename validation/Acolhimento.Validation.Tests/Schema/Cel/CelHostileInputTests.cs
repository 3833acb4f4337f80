using Acolhimento.Validation.Schema;
using Acolhimento.Validation.Schema.Cel;
using Shouldly;
using static Acolhimento.Validation.Tests.Schema.Cel.CelTestSupport;

namespace Acolhimento.Validation.Tests.Schema.Cel;

/// <summary>
/// Hostile rules and values: each finishes in bounded time and memory, and what cannot be judged is said so
/// (a syntax refusal or a not-evaluated finding), never a quiet pass. Time is not measured here; the cost limit and
/// the parser's depth limit are what bound the work.
/// </summary>
[Trait("Category", "Unit")]
public sealed class CelHostileInputTests
{
    [Fact]
    public void Deeply_nested_parentheses_are_refused_at_the_recursion_limit() =>
        Should.Throw<CelSyntaxException>(() => CelParser.Parse(new string('(', 5000) + "1" + new string(')', 5000))).Message.ShouldContain("recursion limit");

    [Fact]
    public void A_long_chain_of_additions_is_refused_at_the_recursion_limit() =>
        Should.Throw<CelSyntaxException>(() => CelParser.Parse(string.Join(" + ", Enumerable.Repeat("1", 5000)))).Message.ShouldContain("recursion limit");

    [Fact]
    public void A_long_chain_of_logical_operators_is_balanced_and_evaluates() =>
        CelTestSupport.Eval(string.Join(" || ", Enumerable.Repeat("false", 2000)) + " || true").ShouldBe(true);

    [Fact]
    public void Many_negations_are_refused_at_the_recursion_limit() =>
        Should.Throw<CelSyntaxException>(() => CelParser.Parse(new string('!', 10_000) + "true"));

    [Fact]
    public void An_overlong_expression_is_refused() =>
        Should.Throw<CelSyntaxException>(() => CelParser.Parse(new string(' ', CelParser.MaxSourceLength + 1) + "1")).Message.ShouldContain("longer than");

    [Fact]
    public void Nested_comprehensions_over_a_huge_list_stop_at_the_cost_limit() =>
        Should.Throw<CelCostLimitException>(() => CelTestSupport.Eval("self.all(a, self.all(b, self.all(c, true)))", new CelArrayList(Enumerable.Range(0, 10_000).Select(i => (object)(long)i).ToList())));

    [Fact]
    public void Repeated_list_doubling_stops_at_the_cost_limit_before_memory_grows() =>
        Should.Throw<CelCostLimitException>(() => CelTestSupport.Eval(
            "[1].map(a, [1,2,3,4,5,6,7,8,9,10].map(b, [1,2,3,4,5,6,7,8,9,10].map(c, [1,2,3,4,5,6,7,8,9,10].map(d, [1,2,3,4,5,6,7,8,9,10].map(e, [1,2,3,4,5,6,7,8,9,10].map(f, [1,2,3,4,5,6,7,8,9,10]))))))"));

    [Fact]
    public void String_concatenation_is_charged_by_length_and_stops_at_the_cost_limit() =>
        Should.Throw<CelCostLimitException>(() => CelTestSupport.Eval("(self + self) + (self + self) + (self + self)", new string('x', 2_000_000)));

    [Fact]
    public void A_catastrophic_regex_answers_in_linear_time() =>
        CelTestSupport.Eval($"'{new string('a', 50_000)}!'.matches('^(a+)+$')").ShouldBe(false);

    [Fact]
    public void A_huge_list_value_is_walked_within_the_budget()
    {
        var items = string.Join(", ", Enumerable.Range(0, 20_000));
        var schema = """{"type":"object","properties":{"spec":{"type":"object","properties":{"items":{"type":"array","items":{"type":"integer"}}},"x-kubernetes-validations":[{"rule":"self.items.all(i, i >= 0) && self.items.isSorted()","message":"sorted"}]}}}""";
        Validate(schema, $"spec:\n  items: [{items}]\n").ShouldBeEmpty();
    }

    [Fact]
    public void A_rule_using_an_unknown_function_is_reported_not_evaluated_never_passed()
    {
        var schema = """{"type":"object","properties":{"spec":{"type":"object","x-kubernetes-preserve-unknown-fields":true,"x-kubernetes-validations":[{"rule":"self.frobnicate()"}]}}}""";
        var violations = Validate(schema, "spec: {a: 1}\n");
        violations.ShouldHaveSingleItem().Rule.ShouldBe(SchemaRules.CelNotEvaluated);
        violations[0].Message.ShouldContain("frobnicate");
    }
}
