using System.Text.Json;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Reporting;
using Shouldly;

namespace Acolhimento.Validation.Tests.Reporting;

[Trait("Category", "Unit")]
public sealed class ReportTests
{
    private static readonly Finding Located = new(Stages.Schema, Severity.Error, "schema/unknown-field", "unknown field \"imagePullPolice\"",
        new SourceLocation("apps/api/deployment.yaml", 12, 9), "dev", "central-acolhimento", new ObjectReference("apps/v1", "Deployment", "ns", "api"),
        "spec.template.spec.containers[0].imagePullPolice");

    private static readonly Finding Unlocated = new(Stages.Render, Severity.Warning, "render/dead-configuration", "never rendered");

    [Fact]
    public void Json_follows_the_contract_with_nulls_for_missing_fields()
    {
        var report = ValidationReport.Create([Unlocated, Located with { Waiver = "dev-secret" }], 3, 4, 5, 6);
        using var doc = JsonDocument.Parse(JsonReport.Format(report));
        var findings = doc.RootElement.GetProperty("findings");
        findings.GetArrayLength().ShouldBe(2);
        var first = findings[0];
        first.GetProperty("file").GetString().ShouldBe("apps/api/deployment.yaml");
        first.GetProperty("line").GetInt32().ShouldBe(12);
        first.GetProperty("column").GetInt32().ShouldBe(9);
        first.GetProperty("severity").GetString().ShouldBe("error");
        first.GetProperty("object").GetProperty("kind").GetString().ShouldBe("Deployment");
        first.GetProperty("path").GetString().ShouldBe("spec.template.spec.containers[0].imagePullPolice");
        first.GetProperty("waiver").GetString().ShouldBe("dev-secret");
        var second = findings[1];
        second.GetProperty("file").ValueKind.ShouldBe(JsonValueKind.Null);
        second.GetProperty("object").ValueKind.ShouldBe(JsonValueKind.Null);
        // Every key is always present (null when absent), so consumers never have to test for a missing key.
        string[] keys = ["stage", "severity", "rule", "message", "file", "line", "column", "cluster", "application", "object", "path", "waiver"];
        foreach (var finding in new[] { first, second })
            finding.EnumerateObject().Select(p => p.Name).ShouldBe(keys, ignoreOrder: true);
        second.GetProperty("path").ValueKind.ShouldBe(JsonValueKind.Null);
        second.GetProperty("waiver").ValueKind.ShouldBe(JsonValueKind.Null);
        var summary = doc.RootElement.GetProperty("summary");
        summary.GetProperty("errors").GetInt32().ShouldBe(0); // the error is waived
        summary.GetProperty("warnings").GetInt32().ShouldBe(1);
        summary.GetProperty("files").GetInt32().ShouldBe(3);
        summary.GetProperty("durationMs").GetInt64().ShouldBe(6);
    }

    [Fact]
    public void Text_has_one_line_per_finding_then_a_summary()
    {
        var text = TextReport.Format(ValidationReport.Create([Located, Unlocated], 1, 1, 1, 1));
        var lines = text.TrimEnd('\n').Split('\n');
        lines.Length.ShouldBe(3);
        lines[0].ShouldStartWith("apps/api/deployment.yaml:12:9: error schema/unknown-field: unknown field");
        lines[0].ShouldContain("cluster=dev");
        lines[2].ShouldStartWith("1 error(s), 1 warning(s)");
    }

    [Fact]
    public void Waived_errors_do_not_count()
    {
        var report = ValidationReport.Create([Located with { Waiver = "dev-secret" }], 1, 1, 1, 1);
        report.HasErrors.ShouldBeFalse();
        TextReport.Format(report).ShouldContain("waived error");
    }

    [Fact]
    public void Order_is_deterministic_whatever_the_input_order()
    {
        var a = new Finding("parse", Severity.Error, "parse/x", "m", new SourceLocation("b.yaml", 2, 1));
        var b = new Finding("parse", Severity.Error, "parse/x", "m", new SourceLocation("a.yaml", 9, 1));
        var c = new Finding("parse", Severity.Error, "parse/x", "m", new SourceLocation("a.yaml", 3, 1));
        ValidationReport.Create([a, b, c], 0, 0, 0, 0).Findings.ShouldBe([c, b, a]);
        ValidationReport.Create([c, a, b], 0, 0, 0, 0).Findings.ShouldBe([c, b, a]);
    }
}
