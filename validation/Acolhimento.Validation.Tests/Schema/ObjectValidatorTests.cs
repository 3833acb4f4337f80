using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Schema;
using Shouldly;
using Acolhimento.Validation.Kubernetes;

namespace Acolhimento.Validation.Tests.Schema;

[Trait("Category", "Unit")]
public sealed class ObjectValidatorTests
{
    private const string WidgetHead = "apiVersion: v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n";
    private const string GadgetHead = "apiVersion: demo.example.org/v1\nkind: Gadget\nmetadata:\n  name: g\nspec:\n";

    private static SchemaViolation Single(string yaml, string rule)
    {
        var violations = MiniSchemas.Validate(yaml);
        violations.Count.ShouldBe(1, string.Join("\n", violations.Select(v => $"{v.Rule} {v.Path}: {v.Message}")));
        violations[0].Rule.ShouldBe(rule, violations[0].Message);
        return violations[0];
    }

    private static void Valid(string yaml)
    {
        var violations = MiniSchemas.Validate(yaml);
        violations.ShouldBeEmpty(string.Join("\n", violations.Select(v => $"{v.Rule} {v.Path}: {v.Message}")));
    }

    [Fact]
    public void A_complete_valid_widget_passes() => Valid(WidgetHead + """
          size: 3
          weight: 1.5
          enabled: true
          port: http
          memory: 512Mi
          created: 2025-01-31T12:00:00Z
          data: aGVsbG8=
          tags: [a, b]
          extra: {anything: [1, {deep: true}]}
          children:
            - size: 1
              children:
                - size: 2
        """);

    [Fact]
    public void Unknown_field_names_the_closest_known_one()
    {
        var v = Single(WidgetHead + "  size: 1\n  sise: 2\n", SchemaRules.UnknownField);
        v.Path.ToString().ShouldBe("spec.sise");
        v.Message.ShouldContain("did you mean \"size\"");
    }

    [Fact]
    public void Unknown_field_far_from_every_known_one_has_no_suggestion()
    {
        var v = Single(WidgetHead + "  size: 1\n  completelyDifferent: 2\n", SchemaRules.UnknownField);
        v.Message.ShouldNotContain("did you mean");
    }

    [Fact]
    public void Unknown_field_through_a_ref_cycle_is_found() =>
        Single(WidgetHead + "  size: 1\n  children:\n    - size: 2\n      children:\n        - size: 3\n          colour: red\n", SchemaRules.UnknownField)
            .Path.ToString().ShouldBe("spec.children[0].children[0].colour");

    [Fact]
    public void Unknown_metadata_field_is_an_error_and_suggests() =>
        Single("apiVersion: v1\nkind: Widget\nmetadata:\n  name: w\n  lables: {a: b}\nspec:\n  size: 1\n", SchemaRules.UnknownField).Message.ShouldContain("\"labels\"");

    [Theory]
    [InlineData("  size: \"3\"\n", "spec.size")]
    [InlineData("  size: 1.5\n", "spec.size")]
    [InlineData("  size: 1\n  enabled: \"yes\"\n", "spec.enabled")]
    [InlineData("  size: 1\n  tags: a\n", "spec.tags")]
    [InlineData("  size: 1\n  tags: [1]\n", "spec.tags[0]")]
    [InlineData("  size: 1\n  port: true\n", "spec.port")]
    [InlineData("  size: 1\n  weight: abc\n", "spec.weight")]
    public void Wrong_types_are_reported_at_the_field(string spec, string path) =>
        Single(WidgetHead + spec, SchemaRules.TypeMismatch).Path.ToString().ShouldBe(path);

    [Theory]
    [InlineData("  size: 2.0\n")]
    [InlineData("  size: 1\n  port: 8080\n")]
    [InlineData("  size: 1\n  memory: 1.5\n")]
    [InlineData("  size: 1\n  weight: 3\n")]
    [InlineData("  size: 1\n  enabled: yes\n")]
    public void Values_the_api_server_accepts_pass(string spec) => Valid(WidgetHead + spec);

    [Fact]
    public void Missing_required_field_is_reported_on_the_object() =>
        Single(WidgetHead + "  enabled: true\n", SchemaRules.RequiredField).Path.ToString().ShouldBe("spec");

    [Fact]
    public void Null_for_a_required_field_counts_as_missing() =>
        Single(WidgetHead + "  size: null\n", SchemaRules.RequiredField);

    [Fact]
    public void Null_for_an_optional_field_is_dropped_as_the_api_server_does() => Valid(WidgetHead + "  size: 1\n  enabled: null\n");

    [Fact]
    public void Int32_overflow_is_a_format_error() =>
        Single(WidgetHead + "  size: 3000000000\n", SchemaRules.Format).Message.ShouldContain("32-bit");

    [Theory]
    [InlineData("99999999999999999999")]
    [InlineData("-99999999999999999999")]
    public void Int32_field_given_an_integer_beyond_64_bits_is_a_format_error(string size) =>
        Single(WidgetHead + $"  size: {size}\n", SchemaRules.Format).Message.ShouldContain("32-bit");

    [Theory]
    [InlineData("9223372036854775808")]
    [InlineData("99999999999999999999")]
    [InlineData("1.0e19")]
    public void Int64_overflow_is_a_format_error(string count) =>
        Single(WidgetHead + $"  size: 1\n  count: {count}\n", SchemaRules.Format).Message.ShouldContain("64-bit");

    [Theory]
    [InlineData("9223372036854775807")]
    [InlineData("-9223372036854775807")]
    public void Int64_limits_pass(string count) => Valid(WidgetHead + $"  size: 1\n  count: {count}\n");

    [Theory]
    [InlineData("created: yesterday")]
    [InlineData("created: 2025-13-01T00:00:00Z")]
    [InlineData("data: not*base64")]
    public void Bad_formats(string field) => Single(WidgetHead + "  size: 1\n  " + field + "\n", SchemaRules.Format);

    [Theory]
    [InlineData("512 MB")]
    [InlineData("1GB")]
    [InlineData("1.2.3")]
    [InlineData("Gi")]
    public void Bad_quantities(string value) =>
        Single(WidgetHead + $"  size: 1\n  memory: \"{value}\"\n", SchemaRules.Quantity).Path.ToString().ShouldBe("spec.memory");

    [Fact]
    public void Enum_lists_the_allowed_values() =>
        Single(GadgetHead + "  mode: medium\n", SchemaRules.Enum).Message.ShouldContain("\"fast\", \"slow\"");

    [Fact]
    public void Enum_compares_the_json_type_too() => Single(GadgetHead + "  mode: 1\n", SchemaRules.TypeMismatch);

    [Theory]
    [InlineData("  replicas: 0\n")]
    [InlineData("  replicas: 11\n")]
    [InlineData("  name: abcdefghi\n")]
    public void Bounds(string field) => Single(GadgetHead + "  mode: fast\n" + field, SchemaRules.MinMax);

    [Fact]
    public void Pattern() => Single(GadgetHead + "  mode: fast\n  name: Ab1\n", SchemaRules.Pattern).Message.ShouldContain("^[a-z]+$");

    [Fact]
    public void Quantity_pattern_in_a_crd_is_checked_by_the_quantity_grammar() =>
        Single(GadgetHead + "  mode: fast\n  limit: 2 cores\n", SchemaRules.Quantity);

    [Fact]
    public void Int_or_string_takes_both() => Valid(GadgetHead + "  mode: fast\n  limit: 2\n---\n");

    [Fact]
    public void Nullable_field_accepts_null_and_null_in_a_non_nullable_field_is_dropped() =>
        Valid(GadgetHead + "  mode: fast\n  note: null\n  replicas: null\n");

    [Fact]
    public void Preserve_unknown_fields_accepts_anything_below() =>
        Valid(GadgetHead + "  mode: fast\n  values:\n    any: {nested: [1, two, {three: 3}]}\n");

    [Fact]
    public void Object_without_properties_in_a_crd_accepts_no_fields() =>
        Single(GadgetHead + "  mode: fast\n  strict: {x: 1}\n", SchemaRules.UnknownField).Message.ShouldContain("accepts no fields");

    [Fact]
    public void Embedded_resource_needs_api_version_and_kind()
    {
        var violations = MiniSchemas.Validate(GadgetHead + "  mode: fast\n  template:\n    metadata: {name: x}\n    spec: {}\n");
        violations.Select(v => v.Rule).ShouldBe([SchemaRules.RequiredField, SchemaRules.RequiredField]);
        violations.Select(v => v.Message).ShouldContain(m => m.Contains("\"apiVersion\""));
        violations.Select(v => v.Message).ShouldContain(m => m.Contains("\"kind\""));
    }

    [Fact]
    public void Embedded_resource_metadata_is_object_meta() =>
        Single(GadgetHead + "  mode: fast\n  template:\n    apiVersion: v1\n    kind: Pod\n    metadata: {labels: {a: 1}}\n", SchemaRules.TypeMismatch)
            .Path.ToString().ShouldBe("spec.template.metadata.labels.a");

    [Theory]
    [InlineData("    host: a\n    ip: 10.0.0.1\n")]
    [InlineData("    {}\n")]
    public void One_of_needs_exactly_one_alternative(string target) =>
        Single(GadgetHead + "  mode: fast\n  target:\n" + target, SchemaRules.Alternatives);

    [Fact]
    public void One_of_with_one_alternative_passes_and_formats_inside_are_checked()
    {
        Valid(GadgetHead + "  mode: fast\n  target:\n    ip: 10.0.0.1\n");
        Single(GadgetHead + "  mode: fast\n  target:\n    ip: 10.0.0.300\n", SchemaRules.Format);
    }

    [Fact]
    public void List_map_keys_must_be_unique() =>
        Single(GadgetHead + "  mode: fast\n  entries:\n    - name: a\n    - name: b\n    - name: a\n      value: x\n", SchemaRules.DuplicateEntry)
            .Path.ToString().ShouldBe("spec.entries[2]");

    [Fact]
    public void Custom_resource_metadata_is_validated_as_object_meta_whatever_the_crd_says() =>
        Single("apiVersion: demo.example.org/v1\nkind: Gadget\nmetadata:\n  name: g\n  nmae: x\nspec:\n  mode: fast\n", SchemaRules.UnknownField)
            .Message.ShouldContain("\"name\"");

    [Fact]
    public void Cel_rules_that_apply_to_the_object_are_evaluated_and_a_false_one_is_an_error_at_its_value()
    {
        var v = Single(GadgetHead + "  mode: fast\n  window: {start: 5, end: 1}\n", SchemaRules.CelRule);
        v.Severity.ShouldBe(Severity.Error);
        v.Path.ToString().ShouldBe("spec.window");
        v.Message.ShouldContain("start must not be after end");
    }

    [Fact]
    public void Cel_rules_of_fields_the_object_does_not_set_are_not_mentioned() => Valid(GadgetHead + "  mode: fast\n");

    [Fact]
    public void Unknown_field_with_a_line_break_in_its_name_is_reported_on_one_line() =>
        Single(WidgetHead + "  size: 1\n  \"si\\nze\": 2\n", SchemaRules.UnknownField).Message.ShouldStartWith("unknown field \"si\\nze\" in spec");

    [Fact]
    public void A_pattern_dotnet_cannot_express_is_an_info_finding_at_the_field_not_a_silent_pass()
    {
        var v = Single(GadgetHead + "  mode: fast\n  code: anything\n", SchemaRules.PatternNotChecked);
        v.Severity.ShouldBe(Severity.Info);
        v.Path.ToString().ShouldBe("spec.code");
        v.Message.ShouldContain("^\\C+$");
    }
    // Node.next refers back to Node (still being compiled) and adds keywords of its own, so the compiler keeps the
    // reference as a separate allOf constraint: both the node and the reference then check the same required field.
    private const string RecursiveNodeJson = """
        {"components":{"schemas":{
          "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta":{"type":"object","properties":{"name":{"type":"string"}}},
          "Tree":{"type":"object","x-kubernetes-group-version-kind":[{"group":"","version":"v1","kind":"Tree"}],
                  "properties":{"apiVersion":{"type":"string"},"kind":{"type":"string"},"root":{"$ref":"#/components/schemas/Node"}}},
          "Node":{"type":"object","required":["size"],"properties":{
            "size":{"type":"integer"},
            "next":{"$ref":"#/components/schemas/Node","type":"object","required":["size"]}}}}}}
        """;

    private static IReadOnlyList<SchemaViolation> ValidateTree(string yaml)
    {
        var catalog = SchemaCatalog.FromDocuments("1.35", [("v1", RecursiveNodeJson)], []);
        var body = (Acolhimento.Validation.Yaml.YamlMapping)Acolhimento.Validation.Yaml.YamlReader.Read(yaml).Documents[0].Root!;
        return catalog.Validator.Validate(body, ((KindFound)catalog.Find("v1", "Tree")).Schema);
    }

    [Fact]
    public void A_recursive_reference_with_keywords_of_its_own_reports_a_violation_once()
    {
        var violations = ValidateTree("apiVersion: v1\nkind: Tree\nroot:\n  size: 1\n  next:\n    next:\n      size: 3\n");
        violations.Select(v => $"{v.Rule} {v.Path}: {v.Message}").ShouldBe(["schema/required-field root.next: root.next is missing the required field \"size\""]);
    }

    [Fact]
    public void A_field_below_a_recursive_reference_with_keywords_of_its_own_reports_a_violation_once() =>
        ValidateTree("apiVersion: v1\nkind: Tree\nroot:\n  size: 1\n  next:\n    size: x\n").Select(v => $"{v.Rule} {v.Path}")
            .ShouldBe(["schema/type-mismatch root.next.size"]);

    [Fact]
    public void Fields_of_a_recursive_reference_with_keywords_of_its_own_are_known() =>
        ValidateTree("apiVersion: v1\nkind: Tree\nroot:\n  size: 1\n  next:\n    size: 2\n    next:\n      size: 3\n").ShouldBeEmpty();
}
