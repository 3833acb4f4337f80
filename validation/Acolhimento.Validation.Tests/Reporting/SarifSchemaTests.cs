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
        var bytes = File.ReadAllBytes(RepositoryLocator.Fixture("Reporting", "sarif", "sarif-schema-2.1.0.json"));
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
    public void Driver_rules_are_every_rule_of_every_stage_with_descriptions_and_links_to_their_documentation()
    {
        var context = ReportContext.ForRepository(RepositoryLocator.Root, ["dev"], Stages.Offline, FailOn.Error, null);
        var sarif = new SarifFormat().Write(ReportSamples.Report(), context);
        var valid = Evaluate(sarif);
        valid.IsValid.ShouldBeTrue(Describe(valid));
        using var document = JsonDocument.Parse(sarif);
        var rules = document.RootElement.GetProperty("runs")[0].GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();
        var expected = RuleList.All(Acolhimento.Validation.Policy.RuleDiscovery.Discover().Select(r => r.Metadata));
        rules.Select(r => r.GetProperty("id").GetString()).ShouldBe(expected.Select(r => r.Id), "every stage's rules and every policy rule, in catalogue order");
        var readme = File.ReadAllText(Path.Combine(RepositoryLocator.Root, RuleList.ReadmeFile));
        var policyReadme = File.ReadAllText(Path.Combine(RepositoryLocator.Root, Acolhimento.Validation.Policy.PolicyReadme.FileName));
        foreach (var (rule, summary) in rules.Zip(expected))
        {
            var id = summary.Id;
            rule.GetProperty("shortDescription").GetProperty("text").GetString().ShouldNotBeNullOrWhiteSpace(id);
            rule.GetProperty("fullDescription").GetProperty("text").GetString().ShouldNotBeNullOrWhiteSpace(id);
            rule.GetProperty("help").GetProperty("text").GetString().ShouldNotBeNullOrWhiteSpace(id);
            rule.GetProperty("defaultConfiguration").GetProperty("level").GetString().ShouldBe(summary.Severity switch { Severity.Error => "error", Severity.Warning => "warning", _ => "note" }, id);
            var uri = rule.GetProperty("helpUri").GetString()!;
            var anchor = uri[(uri.IndexOf('#') + 1)..];
            // The link lands: a policy rule's heading in policy/README.md (GitHub's heading anchor), any other rule's row in README's table.
            if (uri.Contains("/policy/README.md#", StringComparison.Ordinal)) policyReadme.ShouldContain($"\n### {id}\n", customMessage: id);
            else
            {
                uri.ShouldContain($"/{RuleList.ReadmeFile}#", customMessage: id);
                readme.ShouldContain($"<a id=\"{anchor}\"></a>`{id}`", customMessage: id);
            }
        }
        rules.Single(r => r.GetProperty("id").GetString() == "render/timeout").GetProperty("helpUri").GetString().ShouldEndWith("/README.md#rendertimeout");
        rules.Single(r => r.GetProperty("id").GetString() == "policy/unused-waiver").GetProperty("helpUri").GetString().ShouldEndWith("/README.md#policyunused-waiver");
        rules.Single(r => r.GetProperty("id").GetString() == "policy/container-probes").GetProperty("helpUri").GetString().ShouldEndWith("/policy/README.md#policycontainer-probes");
    }

    [Fact]
    public void A_finding_of_a_rule_the_catalogue_lacks_still_gets_a_rule_entry()
    {
        var stray = ReportSamples.SchemaError with { Rule = "schema/not-in-any-catalogue" };
        var sarif = new SarifFormat().Write(ValidationReport.Create([stray], 1, 1, 1, 1), ReportContext.Minimal());
        using var document = JsonDocument.Parse(sarif);
        var run = document.RootElement.GetProperty("runs")[0];
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();
        rules.Count.ShouldBe(RuleList.Stages.Count + 1);
        rules[run.GetProperty("results")[0].GetProperty("ruleIndex").GetInt32()].GetProperty("id").GetString().ShouldBe("schema/not-in-any-catalogue");
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
