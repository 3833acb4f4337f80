using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Schema;
using Acolhimento.Validation.Schema.Cel;
using Shouldly;
using static Acolhimento.Validation.Tests.Schema.Cel.CelTestSupport;

namespace Acolhimento.Validation.Tests.Schema.Cel;

/// <summary>
/// CRD validation rules on whole objects, reported as the API server reports them
/// (apiextensions-apiserver <c>pkg/apiserver/schema/cel/validation.go</c>, custom resource <c>strategy.go</c>).
/// </summary>
[Trait("Category", "Unit")]
public sealed class CelRuleValidatorTests
{
    private static string Crd(string specProperties, string rules) =>
        """{"type":"object","properties":{"spec":{"type":"object","properties":{""" + specProperties + """},"x-kubernetes-validations":[""" + rules + "]}}}";

    private const string Pair = """ "value":{"type":"string"},"secretRef":{"type":"object","properties":{"name":{"type":"string","maxLength":5}}},"mode":{"type":"string","enum":["a","b"]} """;

    private static SchemaViolation SingleCel(string schema, string yaml)
    {
        var violations = Validate(schema, yaml);
        violations.Count.ShouldBe(1, Describe(violations));
        return violations[0];
    }

    [Fact]
    public void A_false_rule_is_an_error_at_the_node_with_the_rule_message()
    {
        var v = SingleCel(Crd(Pair, """{"rule":"has(self.value) != has(self.secretRef)","message":"exactly one of value or secretRef must be set"}"""),
            "spec:\n  value: x\n  secretRef: {name: s}\n");
        v.Rule.ShouldBe(SchemaRules.CelRule);
        v.Severity.ShouldBe(Severity.Error);
        v.Path.ToString().ShouldBe("spec");
        v.Message.ShouldStartWith("spec: exactly one of value or secretRef must be set");
    }

    [Fact]
    public void A_true_rule_gives_nothing() =>
        Validate(Crd(Pair, """{"rule":"has(self.value) != has(self.secretRef)"}"""), "spec:\n  value: x\n").ShouldBeEmpty();

    [Fact]
    public void Without_a_message_the_finding_quotes_the_failed_rule() =>
        SingleCel(Crd(Pair, """{"rule":"has(self.value)"}"""), "spec:\n  secretRef: {name: s}\n").Message.ShouldContain("failed rule: has(self.value)");

    [Fact]
    public void Field_path_places_the_finding_at_the_named_field() =>
        SingleCel(Crd(Pair, """{"rule":"has(self.value)","message":"m","fieldPath":".secretRef.name"}"""), "spec:\n  secretRef: {name: s}\n")
            .Path.ToString().ShouldBe("spec.secretRef.name");

    [Fact]
    public void Field_path_with_a_quoted_key_is_one_segment() =>
        CelFieldPath.Append(Acolhimento.Validation.Yaml.ObjectPath.Of("spec"), ".labels['app.kubernetes.io/name']")!.ToString()
            .ShouldBe(Acolhimento.Validation.Yaml.ObjectPath.Of("spec", "labels", "app.kubernetes.io/name").ToString());

    [Fact]
    public void Message_expression_gives_the_message_when_it_evaluates_to_a_string() =>
        SingleCel(Crd(Pair, """{"rule":"has(self.value)","message":"static","messageExpression":"'value missing beside ' + self.secretRef.name"}"""),
            "spec:\n  secretRef: {name: s}\n").Message.ShouldContain("value missing beside s");

    [Fact]
    public void A_message_expression_that_fails_falls_back_to_the_message() =>
        SingleCel(Crd(Pair, """{"rule":"has(self.value)","message":"static","messageExpression":"self.value"}"""),
            "spec:\n  secretRef: {name: s}\n").Message.ShouldContain("static");

    [Theory]
    [InlineData("FieldValueRequired", "Required value: m")]
    [InlineData("FieldValueForbidden", "Forbidden: m")]
    [InlineData("FieldValueInvalid", "spec: m")]
    public void Reason_words_the_finding_as_the_api_server_does(string reason, string expected) =>
        SingleCel(Crd(Pair, $$"""{"rule":"has(self.value)","message":"m","reason":"{{reason}}"}"""), "spec:\n  secretRef: {name: s}\n").Message.ShouldContain(expected);

    [Fact]
    public void An_evaluation_error_is_an_error_naming_the_rule() =>
        SingleCel(Crd(Pair, """{"rule":"self.value == 'x'","message":"value must be x"}"""), "spec:\n  secretRef: {name: s}\n")
            .Message.ShouldContain("no such key: value evaluating rule: value must be x");

    [Fact]
    public void Transition_rules_are_not_evaluated_on_a_create() =>
        Validate(Crd(Pair, """{"rule":"self.value == oldSelf.value","message":"immutable"}"""), "spec:\n  value: x\n").ShouldBeEmpty();

    [Fact]
    public void Optional_old_self_rules_run_with_an_empty_old_self()
    {
        Validate(Crd(Pair, """{"rule":"!oldSelf.hasValue() || self.value == oldSelf.value.value","optionalOldSelf":true}"""), "spec:\n  value: x\n").ShouldBeEmpty();
        SingleCel(Crd(Pair, """{"rule":"oldSelf.hasValue()","optionalOldSelf":true,"message":"needs old"}"""), "spec:\n  value: x\n").Message.ShouldContain("needs old");
    }

    [Theory]
    [InlineData("spec:\n  mode: c\n", SchemaRules.Enum)]
    [InlineData("spec:\n  secretRef: {name: toolong}\n", SchemaRules.MinMax)]
    [InlineData("spec:\n  value: 1\n", SchemaRules.TypeMismatch)]
    [InlineData("spec:\n  bogus: 1\n", SchemaRules.UnknownField)]
    public void Rules_are_not_evaluated_after_a_blocking_schema_error(string yaml, string blocking)
    {
        var violations = Validate(Crd(Pair, """{"rule":"false","message":"never"}"""), yaml);
        violations.ShouldContain(v => v.Rule == blocking, Describe(violations));
        violations.ShouldNotContain(v => v.Rule == SchemaRules.CelRule, Describe(violations));
    }

    [Fact]
    public void Rules_are_evaluated_after_a_schema_error_the_api_server_does_not_count_as_blocking()
    {
        var schema = """{"type":"object","properties":{"spec":{"type":"object","properties":{"v":{"type":"string","minLength":3}},"x-kubernetes-validations":[{"rule":"false","message":"always"}]}}}""";
        var violations = Validate(schema, "spec:\n  v: a\n");
        violations.Select(v => v.Rule).ShouldBe([SchemaRules.MinMax, SchemaRules.CelRule], ignoreOrder: true, Describe(violations));
    }

    [Fact]
    public void Rules_on_list_items_and_map_values_are_evaluated_at_each_element()
    {
        var schema = """
            {"type":"object","properties":{"items":{"type":"array","items":{"type":"integer","x-kubernetes-validations":[{"rule":"self > 0","message":"positive"}]}},
              "byName":{"type":"object","additionalProperties":{"type":"string","x-kubernetes-validations":[{"rule":"self != ''","message":"non-empty"}]}}}}
            """;
        var violations = Validate(schema, "items: [1, -1, 2]\nbyName: {a: x, b: ''}\n");
        violations.Select(v => v.Path.ToString()).ShouldBe(["items[1]", "byName.b"], Describe(violations));
    }

    [Fact]
    public void A_rule_that_does_not_parse_is_not_evaluated_with_the_reason()
    {
        var v = SingleCel(Crd(Pair, """{"rule":"has(self.value"}"""), "spec:\n  value: x\n");
        v.Rule.ShouldBe(SchemaRules.CelNotEvaluated);
        v.Severity.ShouldBe(Severity.Info);
        v.Path.ToString().ShouldBe("spec");
        v.Message.ShouldContain("does not parse");
    }

    [Fact]
    public void A_rule_over_the_per_call_cost_limit_is_an_error_and_stops_further_rules()
    {
        var rules = """{"rule":"self.items.all(a, self.items.all(b, self.items.all(c, a + b + c >= 0)))"},{"rule":"false","message":"later"}""";
        var schema = """{"type":"object","properties":{"spec":{"type":"object","properties":{"items":{"type":"array","items":{"type":"integer"}}},"x-kubernetes-validations":[""" + rules + "]}}}";
        var items = string.Join(", ", Enumerable.Range(0, 150));
        var v = SingleCel(schema, $"spec:\n  items: [{items}]\n");
        v.Rule.ShouldBe(SchemaRules.CelRule);
        v.Message.ShouldContain("no further validation rules will be run due to call cost exceeds limit");
    }
}
