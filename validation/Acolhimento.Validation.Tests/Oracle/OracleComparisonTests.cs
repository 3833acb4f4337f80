using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Oracle;
using Acolhimento.Validation.Tests.Schema;
using Shouldly;

namespace Acolhimento.Validation.Tests.Oracle;

/// <summary>The oracle comparison's parts: reading a cases file (hostile lines included), field paths, where a refusal is expected, and the judge on small cases.</summary>
[Trait("Category", "Unit")]
public sealed class OracleComparisonTests(RealSchemaData data) : IClassFixture<RealSchemaData>
{
    private const string Deployment =
        """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"api","namespace":"ns"},"spec":{"selector":{"matchLabels":{"app":"api"}},"template":{"metadata":{"labels":{"app":"api"}},"spec":{"containers":[{"name":"api","image":"api:1"}]}}}}""";

    private static string Line(string manifest, string verdict, string causes = "[]", string message = "null", string pointer = "null") =>
        $$"""{"id":"c1","source":"extra.yaml","object":"apps/v1/Deployment/api","mutation":{"pointer":{{pointer}},"op":"set","value":1},"manifest":{{manifest}},"verdict":"{{verdict}}","code":null,"reason":null,"message":{{message}},"causes":{{causes}},"warnings":[]}""";

    private static IReadOnlyList<OracleCase> Read(string text) => OracleCaseFile.Read(new StringReader(text), "cases.jsonl");

    [Fact]
    public void A_case_line_is_read_with_its_manifest_mutation_and_causes()
    {
        var item = Read(Line(Deployment, "rejected", """[{"field":"spec.replicas","reason":"FieldValueInvalid","message":"must be greater than or equal to 0"}]""")).ShouldHaveSingleItem();
        item.Kind.ShouldBe("Deployment");
        item.Rejected.ShouldBeTrue();
        item.Mutation.ValueJson.ShouldBe("1");
        item.Causes.ShouldHaveSingleItem().Field.ShouldBe("spec.replicas");
        item.ManifestJson.ShouldStartWith("{\"apiVersion\"");
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"id":"x"}""")]
    [InlineData("""{"id":"x","object":"v1/Pod/p","mutation":{"op":"set"},"manifest":[],"verdict":"accepted"}""")]
    [InlineData("""{"id":"x","object":"v1/Pod/p","mutation":{"op":"set"},"manifest":{},"verdict":"maybe"}""")]
    public void A_line_that_is_not_a_case_stops_the_reading_with_its_line_number(string line)
    {
        var ex = Should.Throw<CannotValidateException>(() => Read("\n" + line));
        ex.Message.ShouldStartWith("cases.jsonl:2: not an oracle case");
    }

    [Fact]
    public void A_missing_file_cannot_be_compared() =>
        Should.Throw<CannotValidateException>(() => OracleCaseFile.Read("/nonexistent/cases.jsonl.gz")).Message.ShouldContain("does not exist");

    [Theory]
    [InlineData("spec.template.spec.containers[0].ports[0].containerPort", "spec|template|spec|containers|0|ports|0|containerPort")]
    [InlineData("metadata.labels[app.kubernetes.io/name]", "metadata|labels|app.kubernetes.io/name")]
    [InlineData("metadata.labels[\"app.kubernetes.io/name\"]", "metadata|labels|app.kubernetes.io/name")]
    [InlineData(".", "")]
    public void Field_paths_of_the_api_server_and_the_gate_read_alike(string path, string segments) =>
        string.Join("|", FieldPath.Parse(path).Segments).ShouldBe(segments);

    [Fact]
    public void A_pointer_reads_as_a_field_path() =>
        FieldPath.FromPointer("/metadata/labels/app.kubernetes.io~1name").ShouldBe(FieldPath.Parse("metadata.labels[app.kubernetes.io/name]"));

    [Fact]
    public void A_refusal_without_causes_is_expected_at_the_field_its_message_names_else_at_the_mutated_field()
    {
        var unknown = Read(Line(Deployment, "rejected", message: "\"strict decoding error: unknown field \\\"spec.bogusField\\\"\"")).Single();
        ExpectedField.Of(unknown).ShouldHaveSingleItem().Path.ToString().ShouldBe("spec.bogusField");
        var type = Read(Line(Deployment, "rejected", message: "\"json: cannot unmarshal number 2147483648 into Go struct field Probe.spec.template.spec.containers.readinessProbe.timeoutSeconds of type int32\"")).Single();
        var expected = ExpectedField.Of(type).ShouldHaveSingleItem();
        expected.IsAt(FieldPath.Parse("spec.template.spec.containers[0].readinessProbe.timeoutSeconds")).ShouldBeTrue();
        var quantity = Read(Line(Deployment, "rejected", message: "\"quantities must match the regular expression\"", pointer: "\"/spec/template/spec/containers/0/resources/limits/cpu\"")).Single();
        ExpectedField.Of(quantity).ShouldHaveSingleItem().Path.ToString().ShouldBe("spec.template.spec.containers[0].resources.limits.cpu");
    }

    [Fact]
    public void A_finding_is_at_the_field_inside_it_or_at_the_mapping_that_lacks_it_but_not_elsewhere()
    {
        var expected = new ExpectedField(FieldPath.Parse("spec.selector.matchLabels"), false);
        expected.IsAt(FieldPath.Parse("spec.selector.matchLabels[\"a\"]")).ShouldBeTrue();
        expected.IsAt(FieldPath.Parse("spec.selector")).ShouldBeTrue();
        expected.IsAt(FieldPath.Parse("spec")).ShouldBeFalse();
        expected.IsAt(FieldPath.Parse("spec.template")).ShouldBeFalse();
    }

    [Fact]
    public void A_pod_templates_labels_named_the_api_servers_way_are_its_metadata_labels()
    {
        var item = Read(Line(Deployment, "rejected", """[{"field":"spec.template.labels","reason":"FieldValueInvalid","message":"x"}]""")).Single();
        ExpectedField.Of(item).Any(e => e.IsAt(FieldPath.Parse("spec.template.metadata.labels[\"a b\"]"))).ShouldBeTrue();
    }

    [Fact]
    public void The_judge_agrees_on_an_accepted_valid_object_and_on_a_refusal_at_its_field_and_says_when_it_misses()
    {
        var judge = new OracleJudge(data.RequireStage(), RealSchemaData.KubernetesVersion);
        judge.Judge(Read(Line(Deployment, "accepted")).Single()).Outcome.ShouldBe(OracleOutcome.Accepted);
        var bad = Deployment.Replace("\"name\":\"api\",\"image\"", "\"name\":\"API\",\"image\"", StringComparison.Ordinal);
        judge.Judge(Read(Line(bad, "rejected", """[{"field":"spec.template.spec.containers[0].name","reason":"FieldValueInvalid","message":"x"}]""")).Single())
            .Outcome.ShouldBe(OracleOutcome.CaughtAtField);
        judge.Judge(Read(Line(bad, "accepted")).Single()).Outcome.ShouldBe(OracleOutcome.Refused);
        judge.Judge(Read(Line(Deployment, "rejected", """[{"field":"spec.replicas","reason":"FieldValueInvalid","message":"x"}]""")).Single())
            .Outcome.ShouldBe(OracleOutcome.Missed);
    }

    [Fact]
    public void Known_differences_need_a_reason_and_are_listed_once()
    {
        KnownDifferences.Parse(["# comment", "", "abc  the API server defaults it"], "k.txt").ReasonOf("abc").ShouldBe("the API server defaults it");
        Should.Throw<CannotValidateException>(() => KnownDifferences.Parse(["abc"], "k.txt")).Message.ShouldContain("k.txt:1");
        Should.Throw<CannotValidateException>(() => KnownDifferences.Parse(["abc x", "abc y"], "k.txt")).Message.ShouldContain("listed twice");
    }
}
