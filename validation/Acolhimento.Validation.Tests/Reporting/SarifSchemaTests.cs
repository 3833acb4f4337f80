using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Reporting;
using Acolhimento.Validation.Tests.Support;
using Json.Schema;
using Shouldly;

namespace Acolhimento.Validation.Tests.Reporting;

/// <summary>The SARIF output against the OASIS SARIF 2.1.0 schema (Fixtures/sarif, see PROVENANCE.md there), and what GitHub code scanning relies on.</summary>
[Trait("Category", "Unit")]
public sealed class SarifSchemaTests
{
    private const string SchemaSha256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e";

    /// <summary>Built once: JsonSchema.Net registers a schema's $id process-wide and refuses to register it twice.</summary>
    private static readonly Lazy<JsonSchema> Schema = new(LoadSchema);

    private static JsonSchema LoadSchema()
    {
        var bytes = File.ReadAllBytes(RepositoryLocator.Fixture("Reporting", "Fixtures", "sarif", "sarif-schema-2.1.0.json"));
        Convert.ToHexStringLower(SHA256.HashData(bytes)).ShouldBe(SchemaSha256, "the schema is the unmodified OASIS file");
        // Declared draft-04, evaluated as draft-07: see PROVENANCE.md for why that is the same for this schema.
        var node = JsonNode.Parse(bytes)!.AsObject();
        node["$schema"] = "http://json-schema.org/draft-07/schema#";
        node.Remove("id"); // draft-04's document id; references inside are all local (#/definitions/…)
        return JsonSchema.FromText(node.ToJsonString());
    }

    private static EvaluationResults Evaluate(string sarif)
    {
        using var document = JsonDocument.Parse(sarif);
        return Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
    }

    private static string Describe(EvaluationResults results) =>
        string.Join("\n", (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}")));

    [Fact]
    public void Sample_report_validates_against_the_schema()
    {
        var results = Evaluate(new SarifFormat().Write(ReportSamples.Report(), ReportSamples.Context()));
        results.IsValid.ShouldBeTrue(Describe(results));
    }

    [Fact]
    public void The_schema_check_can_fail()
    {
        var broken = new SarifFormat().Write(ReportSamples.Report(), ReportSamples.Context()).Replace("\"startLine\": 12", "\"startLine\": \"twelve\"", StringComparison.Ordinal);
        Evaluate(broken).IsValid.ShouldBeFalse();
    }

    [Fact]
    public void Could_not_validate_report_validates_too()
    {
        var results = Evaluate(new SarifFormat().Write(ValidationReport.CannotValidate("no schema data"), ReportSamples.Context()));
        results.IsValid.ShouldBeTrue(Describe(results));
    }

    [Fact]
    public void A_waived_finding_is_an_external_suppression_with_the_waiver_reason()
    {
        using var sarif = JsonDocument.Parse(new SarifFormat().Write(ReportSamples.Report(), ReportSamples.Context()));
        var results = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        results.Count.ShouldBe(5, "waived findings are kept, not dropped");
        var waived = results.Single(r => r.GetProperty("properties").TryGetProperty("object", out var o) && o.GetString() == "StatefulSet central-acolhimento-dev/postgresql");
        var suppression = waived.GetProperty("suppressions")[0];
        suppression.GetProperty("kind").GetString().ShouldBe("external");
        suppression.GetProperty("justification").GetString().ShouldBe("dev follows upstream postgres until the 17 upgrade");
        results.Count(r => r.TryGetProperty("suppressions", out _)).ShouldBe(1);
    }

    [Fact]
    public void Results_point_at_repository_relative_lines_and_rules_link_to_their_documentation()
    {
        using var sarif = JsonDocument.Parse(new SarifFormat().Write(ReportSamples.Report(), ReportSamples.Context()));
        var run = sarif.RootElement.GetProperty("runs")[0];
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();
        var policyRule = rules.Single(r => r.GetProperty("id").GetString() == "policy/image-tag-not-latest");
        policyRule.GetProperty("helpUri").GetString().ShouldBe("https://github.com/central-acolhimento/gitops/blob/main/policy/README.md#policyimage-tag-not-latest");
        policyRule.GetProperty("defaultConfiguration").GetProperty("level").GetString().ShouldBe("error");
        var first = run.GetProperty("results")[0];
        var physical = first.GetProperty("locations")[0].GetProperty("physicalLocation");
        physical.GetProperty("artifactLocation").GetProperty("uri").GetString().ShouldBe("apps/api/deployment.yaml");
        physical.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString().ShouldBe("%SRCROOT%");
        physical.GetProperty("region").GetProperty("startLine").GetInt32().ShouldBe(12);
        physical.GetProperty("region").GetProperty("startColumn").GetInt32().ShouldBe(9);
        rules[first.GetProperty("ruleIndex").GetInt32()].GetProperty("id").GetString().ShouldBe(first.GetProperty("ruleId").GetString());
    }

    [Fact]
    public void Fingerprints_do_not_move_with_lines_and_never_collide()
    {
        var moved = ReportSamples.SchemaError with { Location = ReportSamples.SchemaError.Location! with { Line = 40 } };
        SarifFormat.Fingerprints([ReportSamples.SchemaError]).ShouldBe(SarifFormat.Fingerprints([moved]));
        var twin = ReportSamples.SchemaError with { Message = "another message about the same field" };
        var both = SarifFormat.Fingerprints([ReportSamples.SchemaError, twin]);
        both.Distinct().Count().ShouldBe(2);
        SarifFormat.Fingerprints([ReportSamples.PolicyWarning]).ShouldNotBe(SarifFormat.Fingerprints([ReportSamples.SchemaError]));
    }
}
