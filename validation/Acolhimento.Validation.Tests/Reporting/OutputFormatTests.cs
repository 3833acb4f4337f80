using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Reporting;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Reporting;

/// <summary>
/// Exact output of every registered format for one fixed report, compared with golden files in Fixtures/golden.
/// After an intended change, regenerate them with ACOLHIMENTO_UPDATE_GOLDEN=1 and review the diff.
/// </summary>
[Trait("Category", "Unit")]
public sealed class OutputFormatTests
{
    public static TheoryData<string> FormatNames() => new(OutputFormats.Names);

    [Theory]
    [MemberData(nameof(FormatNames))]
    public void Output_matches_its_golden_file(string name)
    {
        var format = OutputFormats.Find(name)!;
        var actual = format.Write(ReportSamples.Report(), ReportSamples.Context());
        var golden = RepositoryLocator.Fixture("Reporting", "golden", format.DefaultFileName);
        if (Environment.GetEnvironmentVariable("ACOLHIMENTO_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(golden, actual);
            return;
        }
        File.Exists(golden).ShouldBeTrue($"golden file {format.DefaultFileName} is missing; run with ACOLHIMENTO_UPDATE_GOLDEN=1");
        actual.ShouldBe(File.ReadAllText(golden), $"{name} output differs from {format.DefaultFileName}");
    }

    [Fact]
    public void Every_format_is_deterministic_and_has_its_own_file_name()
    {
        OutputFormats.All.Select(f => f.DefaultFileName).Distinct().Count().ShouldBe(OutputFormats.All.Count);
        foreach (var format in OutputFormats.All)
            format.Write(ReportSamples.Report(), ReportSamples.Context()).ShouldBe(format.Write(ReportSamples.Report(), ReportSamples.Context()), format.Name);
    }

    [Fact]
    public void Every_format_says_why_when_the_run_could_not_validate()
    {
        var report = ValidationReport.CannotValidate("schema data for Kubernetes 1.35 not found");
        foreach (var format in OutputFormats.All)
            format.Write(report, ReportSamples.Context()).ShouldContain("schema data for Kubernetes 1.35 not found", customMessage: format.Name);
        using var json = JsonDocument.Parse(new JsonFormat().Write(report, ReportSamples.Context()));
        json.RootElement.GetProperty("exitCode").GetInt32().ShouldBe(2);
    }

    [Fact]
    public void Github_escapes_data_and_properties_as_the_runner_decodes_them()
    {
        GithubFormat.EscapeData("50% a\r\nb").ShouldBe("50%25 a%0D%0Ab");
        GithubFormat.EscapeProperty("a:b,c%").ShouldBe("a%3Ab%2Cc%25");
        var text = new GithubFormat().Write(ReportSamples.Report(), ReportSamples.Context());
        text.ShouldContain("::error title=render/missing-cluster-folder::cluster qa is declared but clusters/qa/ does not exist%0Asecond line");
        text.ShouldContain("::warning file=apps/llm/statefulset.yaml,line=20,col=18,title=policy/image-tag-not-latest::image \"ollama/ollama:latest\" uses tag latest, 50%25 of pulls");
        text.ShouldNotContain("::error file=apps/postgresql"); // waived: listed, not annotated
    }

    [Fact]
    public void Github_annotates_at_most_ten_per_level_and_notes_the_rest()
    {
        var findings = Enumerable.Range(1, 13).Select(i => ReportSamples.SchemaError with { Location = new SourceLocation("a.yaml", i, 1) });
        var text = new GithubFormat().Write(ValidationReport.Create(findings, 1, 1, 1, 1), ReportSamples.Context());
        text.Split('\n').Count(l => l.StartsWith("::error ", StringComparison.Ordinal)).ShouldBe(GithubFormat.AnnotationsPerLevel);
        text.Split('\n').Count(l => l.StartsWith("a.yaml:", StringComparison.Ordinal)).ShouldBe(3);
        text.ShouldContain("::notice title=acolhimento-validate%3A annotations left out::3 error(s) not annotated");
    }

    [Fact]
    public void Markdown_stays_under_the_summary_limit_and_says_how_many_rows_it_left_out()
    {
        var findings = Enumerable.Range(1, 5000).Select(i => ReportSamples.SchemaError with { Location = new SourceLocation("a.yaml", i, 1), Message = new string('x', 400) });
        var report = ValidationReport.Create(findings, 1, 1, 1, 1);
        var markdown = new MarkdownFormat().Write(report, ReportSamples.Context());
        Encoding.UTF8.GetByteCount(markdown).ShouldBeLessThanOrEqualTo(MarkdownFormat.MaxBytes);
        markdown.ShouldContain("more finding(s) not shown");
        markdown.ShouldContain("| dev | schema | 5000 | 0 | 0 | 0 |");
    }

    [Fact]
    public void Junit_has_a_suite_per_cluster_and_stage_and_a_case_per_rule_and_object()
    {
        var xml = XDocument.Parse(new JunitFormat().Write(ReportSamples.Report(), ReportSamples.Context()));
        var suites = xml.Root!.Elements("testsuite").ToList();
        suites.Select(s => (string)s.Attribute("name")!).ShouldContain("dev / schema");
        suites.Select(s => (string)s.Attribute("name")!).ShouldContain("repository / parse");
        // parse once for the repository, then render/schema/policy for each of the three clusters, plus the unlocated render finding's suite
        suites.Count.ShouldBe(1 + 1 + 3 * 3);
        foreach (var suite in suites)
        {
            ((int)suite.Attribute("tests")!).ShouldBe(suite.Elements("testcase").Count(), (string?)suite.Attribute("name"));
            ((int)suite.Attribute("failures")!).ShouldBe(suite.Elements("testcase").Count(c => c.Element("failure") is not null));
            ((int)suite.Attribute("skipped")!).ShouldBe(suite.Elements("testcase").Count(c => c.Element("skipped") is not null));
        }
        var failure = suites.Single(s => (string)s.Attribute("name")! == "dev / schema").Element("testcase")!.Element("failure")!;
        failure.Value.ShouldStartWith("apps/api/deployment.yaml:12: unknown field");
        ((int)xml.Root.Attribute("failures")!).ShouldBe(2);
    }

    [Fact]
    public void Fail_on_warning_turns_warnings_into_failures()
    {
        var context = ReportSamples.Context(FailOn.Warning);
        var warningsOnly = ValidationReport.Create([ReportSamples.PolicyWarning], 1, 1, 1, 1);
        context.ExitCode(warningsOnly).ShouldBe(1);
        ReportSamples.Context().ExitCode(warningsOnly).ShouldBe(0);
        XDocument.Parse(new JunitFormat().Write(warningsOnly, context)).Root!.Attribute("failures")!.Value.ShouldBe("1");
    }
}
