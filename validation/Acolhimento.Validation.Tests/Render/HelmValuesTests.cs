using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Yaml;
using Shouldly;

namespace Acolhimento.Validation.Tests.Render;

/// <summary>Helm's values merge with provenance, and values.schema.json errors in the gate's words at the line that caused them.</summary>
[Trait("Category", "Unit")]
public sealed class HelmValuesTests
{
    private const string Schema = """
        {
          "$schema": "http://json-schema.org/draft-07/schema#",
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "repoURL": {"const": "https://example.com/repo.git"},
            "environment": {"enum": ["dev", "staging", "production"]},
            "contact": {"type": "string", "format": "email"},
            "labels": {"type": "object", "additionalProperties": false,
                       "properties": {"team": {"type": "string"}, "costCentre": {"type": "string", "pattern": "^cc-[0-9]+$", "description": "Finance code."}},
                       "required": ["team", "costCentre"]},
            "replicas": {"type": "integer", "minimum": 1},
            "store": {"$ref": "#/definitions/store"}
          },
          "required": ["environment", "labels"],
          "definitions": {"store": {"type": "object", "additionalProperties": false, "properties": {"vault": {"type": "string"}}}}
        }
        """;

    private static ValuesLayer File(string name, string yaml)
    {
        var root = YamlReader.Read(yaml).Documents[0].Root!;
        return new ValuesLayer.Document(root, (node, _) => new SourceLocation(name, node.Start.Line, node.Start.Column));
    }

    private static IReadOnlyList<HelmValuesSchema.ValuesError> Check(params ValuesLayer[] layers)
    {
        var (schema, problem) = HelmValuesSchema.Load(Schema);
        problem.ShouldBeNull();
        return schema!.Validate(HelmValues.Merge(layers));
    }

    [Fact]
    public void Later_layers_win_maps_merge_and_null_deletes_a_default()
    {
        var values = HelmValues.Merge([
            File("chart/values.yaml", "labels:\n  team: platform\n  costCentre: cc-1\nreplicas: 2\nextra: 1\n"),
            File("clusters/a/values.yaml", "labels:\n  team: api\nextra: null\n"),
            new ValuesLayer.Parameter("replicas", "5", ForceString: false, new SourceLocation("app.yaml", 9, 3)),
        ]);
        values.Merged.ToJsonString().ShouldBe("""{"labels":{"team":"api","costCentre":"cc-1"},"replicas":5}""");
        values.OriginOf("/labels/team").ShouldBe(new ValuesOrigin(new SourceLocation("clusters/a/values.yaml", 2, 3), new SourceLocation("clusters/a/values.yaml", 2, 9)));
        values.OriginOf("/labels/costCentre")!.Key.ShouldBe(new SourceLocation("chart/values.yaml", 3, 3));
        values.OriginOf("/replicas")!.Key.ShouldBe(new SourceLocation("app.yaml", 9, 3));
        values.OriginOf("/extra").ShouldBeNull();
    }

    [Fact]
    public void Origins_are_located_only_when_asked_with_the_path_of_the_node()
    {
        // Inline values are located inside a rendered Application, which is costly: a merge must not locate any node itself.
        var asked = new List<ObjectPath>();
        var root = YamlReader.Read("labels:\n  team: api\nhosts:\n  - a.example\n  - b.example\n").Documents[0].Root!;
        var values = HelmValues.Merge([
            File("chart/values.yaml", "labels:\n  team: platform\nhosts: []\n"),
            new ValuesLayer.Document(root, (node, path) =>
            {
                asked.Add(path);
                return new SourceLocation("app.yaml", 100 + node.Start.Line, node.Start.Column);
            }),
        ]);
        asked.ShouldBeEmpty();
        values.OriginOf("/hosts/1").ShouldBe(new ValuesOrigin(new SourceLocation("app.yaml", 105, 5), new SourceLocation("app.yaml", 105, 5)));
        values.ExactOriginOf("/labels/team")!.Value.ShouldBe(new SourceLocation("app.yaml", 102, 9));
        asked.Select(p => p.ToString()).ShouldBe(["hosts[1]", "labels.team", "labels.team"], ignoreOrder: true); // a list item is its own key
        values.OriginOf("/hosts/1"); // located once, then remembered
        asked.Count.ShouldBe(3);
    }

    [Fact]
    public void Parameters_are_typed_as_helm_types_them_and_create_nested_paths()
    {
        var at = new SourceLocation("app.yaml", 1, 1);
        var values = HelmValues.Merge([
            new ValuesLayer.Parameter("a.b[1].c", "true", false, at),
            new ValuesLayer.Parameter("zip", "0123", false, at),
            new ValuesLayer.Parameter("n", "42", true, at),
            new ValuesLayer.Parameter("dotted\\.key", "x", false, at),
        ]);
        values.Merged.ToJsonString().ShouldBe("""{"a":{"b":[null,{"c":true}]},"zip":"0123","n":"42","dotted.key":"x"}""");
    }

    [Fact]
    public void Unknown_key_is_reported_at_its_line_with_the_allowed_keys_and_a_suggestion()
    {
        var error = Check(File("v.yaml", "environment: dev\nlabels:\n  team: a\n  costCentre: cc-1\n  teem: b\n")).ShouldHaveSingleItem();
        error.Message.ShouldBe("unknown key teem in labels; allowed: costCentre, team; did you mean team?");
        error.Location.ShouldBe(new SourceLocation("v.yaml", 5, 3));
    }

    [Fact]
    public void Wrong_type_const_enum_pattern_and_format_are_each_said_plainly_at_their_lines()
    {
        var errors = Check(
            File("chart.yaml", "repoURL: https://example.com/repo.git\nenvironment: dev\nlabels:\n  team: a\n  costCentre: cc-1\n"),
            File("v.yaml", "repoURL: https://example.com/other.git\nenvironment: prod\ncontact: nobody\nlabels:\n  costCentre: x1\nreplicas: three\n"));
        errors.Select(e => $"{e.Location!.Line}: {e.Message}").Order(StringComparer.Ordinal).ShouldBe([
            "1: repoURL: must be exactly \"https://example.com/repo.git\", got string \"https://example.com/other.git\"",
            "2: environment: string \"prod\" is not one of \"dev\", \"staging\", \"production\"; did you mean production?",
            "3: contact: string \"nobody\" is not a valid email",
            "5: labels.costCentre: string \"x1\" does not match ^cc-[0-9]+$ (Finance code)",
            "6: replicas: expected integer, got string \"three\"",
        ]);
        errors.ShouldAllBe(e => e.Location!.File == "v.yaml");
    }

    [Fact]
    public void Missing_required_key_is_reported_at_the_mapping_that_lacks_it()
    {
        var error = Check(File("chart.yaml", "environment: dev\nlabels:\n  team: a\n"), File("v.yaml", "labels:\n  team: b\n")).ShouldHaveSingleItem();
        error.Message.ShouldBe("labels: required key costCentre is missing");
        error.Location.ShouldBe(new SourceLocation("v.yaml", 1, 1));
    }

    [Fact]
    public void Errors_behind_a_local_ref_still_name_the_allowed_keys()
    {
        var error = Check(File("v.yaml", "environment: dev\nlabels: {team: a, costCentre: cc-1}\nstore:\n  vualt: x\n")).ShouldHaveSingleItem();
        error.Message.ShouldBe("unknown key vualt in store; allowed: vault; did you mean vault?");
        error.Location.ShouldBe(new SourceLocation("v.yaml", 4, 3));
    }

    [Fact]
    public void A_forced_string_parameter_is_a_type_error_at_the_parameter()
    {
        var error = Check(File("v.yaml", "environment: dev\nlabels: {team: a, costCentre: cc-1}\n"),
            new ValuesLayer.Parameter("replicas", "3", ForceString: true, new SourceLocation("app.yaml", 12, 11))).ShouldHaveSingleItem();
        error.Message.ShouldBe("replicas: expected integer, got string \"3\"");
        error.Location.ShouldBe(new SourceLocation("app.yaml", 12, 11));
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1, 2]")]
    [InlineData("""{"$ref": "https://unreachable.example/schema.json"}""")]
    public void A_schema_that_cannot_be_used_says_why_instead_of_throwing(string schema)
    {
        var (loaded, problem) = HelmValuesSchema.Load(schema);
        if (loaded is null)
        {
            problem.ShouldNotBeNullOrWhiteSpace();
            return;
        }
        var errors = loaded.Validate(HelmValues.Merge([File("v.yaml", "a: 1\n")]));
        errors.ShouldHaveSingleItem().Message.ShouldContain("cannot be evaluated");
    }
}
