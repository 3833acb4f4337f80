using System.Reflection;
using System.Text.RegularExpressions;
using Acolhimento.Validation.Diff;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Live;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Policy;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Reporting;
using Acolhimento.Validation.Schema;
using Acolhimento.Validation.Tests.Support;
using Acolhimento.Validation.Upgrade;
using Shouldly;

namespace Acolhimento.Validation.Tests.Reporting;

[Trait("Category", "Unit")]
public sealed partial class RuleListTests
{
    private static readonly Type[] Files = [typeof(ParseRules), typeof(RenderRules), typeof(SchemaRules), typeof(PolicyStageRules), typeof(LiveRules), typeof(UpgradeRules), typeof(DiffRules)];

    public static TheoryData<string> RuleIdFiles => new(Files.Select(t => t.Name));

    private static Type FileType(string name) => Files.Single(t => t.Name == name);

    [Theory]
    [MemberData(nameof(RuleIdFiles))]
    public void Every_id_a_rule_id_file_declares_is_listed_with_a_summary(string file)
    {
        var type = FileType(file);
        var declared = type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!).Where(v => v.Contains('/')).ToList(); // UpgradeRules.Stage is a stage name, not an id
        var listed = ((IReadOnlyList<RuleSummary>)type.GetField("All")!.GetValue(null)!).Select(r => r.Id).ToList();
        declared.ShouldNotBeEmpty();
        declared.Except(listed).ShouldBeEmpty($"{file} declares ids its All list leaves out");
    }

    [Fact]
    public void Ids_are_unique_well_formed_and_summarised()
    {
        var all = RuleList.All(RuleDiscovery.Discover().Select(r => r.Metadata));
        all.GroupBy(r => r.Id).Where(g => g.Count() > 1).Select(g => g.Key).ShouldBeEmpty();
        foreach (var rule in all)
        {
            IdPattern().IsMatch(rule.Id).ShouldBeTrue(rule.Id);
            RuleList.StageOrder.ShouldContain(rule.Stage, rule.Id);
            rule.Summary.ShouldNotBeNullOrWhiteSpace(rule.Id);
        }
        all.Select(r => RuleList.StageOrder.ToList().IndexOf(r.Stage)).ShouldBeInOrder(SortDirection.Ascending);
    }

    [Fact]
    public void Every_rule_id_written_in_the_library_is_listed()
    {
        // An id used in code but missing from its stage's rule-id file would be invisible to `rules list` and README.
        var listed = RuleList.All(RuleDiscovery.Discover().Select(r => r.Metadata)).Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var sources = new[] { RepositoryLocator.Project("Acolhimento.Validation"), Path.Combine(RepositoryLocator.Root, "policy", "rules") };
        var written = sources.SelectMany(folder => Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => QuotedId().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetRelativePath(RepositoryLocator.Root, f), Id: m.Groups["id"].Value)))
            .ToList();
        written.ShouldNotBeEmpty();
        written.Where(w => !listed.Contains(w.Id)).Select(w => $"{w.File}: {w.Id}").ShouldBeEmpty();
    }

    [Fact]
    public void README_rule_table_is_generated_from_the_rule_id_files()
    {
        var path = Path.Combine(RepositoryLocator.Root, RuleList.ReadmeFile);
        var readme = File.ReadAllText(path);
        var updated = RuleList.UpdateReadme(readme, RuleList.Stages).ShouldNotBeNull($"{RuleList.ReadmeFile} lacks the rule table markers");
        updated.ShouldBe(readme, "README's rule table is stale: run `dotnet run --project validation/Acolhimento.Validation.Cli -- rules readme --write`");
    }

    [Fact]
    public void Updating_replaces_only_the_table_between_the_markers()
    {
        var readme = $"# Title\n\nbefore\n{RuleList.ReadmeBegin}\nold table\n{RuleList.ReadmeEnd}\nafter\n";
        var updated = RuleList.UpdateReadme(readme, [new RuleSummary("render/timeout", Severity.Error, "a | b")])!;
        updated.ShouldBe($"# Title\n\nbefore\n{RuleList.ReadmeBegin}\n| Stage | Rule | Severity | What it means |\n|---|---|---|---|\n| render | <a id=\"rendertimeout\"></a>`render/timeout` | error | a \\| b |\n{RuleList.ReadmeEnd}\nafter\n");
        RuleList.UpdateReadme("no markers", []).ShouldBeNull();
    }

    [Fact]
    public async Task Rules_list_prints_every_stage_rule_and_policy_rule_once_with_its_stage_and_severity()
    {
        var result = await CliRun.RunAsync(["rules", "list"]);
        result.Exit.ShouldBe(0, result.Err);
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(RuleList.Stages.Count + RuleDiscovery.Discover().Count);
        lines.ShouldContain(l => Regex.IsMatch(l, @"^render/timeout +render +error +kustomize or helm did not finish"));
        lines.ShouldContain(l => Regex.IsMatch(l, @"^render/dead-configuration +render +warning "));
        lines.ShouldContain(l => Regex.IsMatch(l, @"^upgrade/delete-and-create +upgrade +warning "));
        lines.ShouldContain(l => l.StartsWith("policy/image-tag-not-latest ", StringComparison.Ordinal));
        lines.First().ShouldStartWith("parse/");
        lines.Last().ShouldStartWith("diff/");
    }

    [Fact]
    public async Task Rules_list_as_json_gives_each_rule_its_stage_severity_summary_and_documentation()
    {
        var result = await CliRun.RunAsync(["rules", "list", "--format", "json"]);
        result.Exit.ShouldBe(0, result.Err);
        using var json = System.Text.Json.JsonDocument.Parse(result.Out);
        var rules = json.RootElement.EnumerateArray().ToList();
        rules.Select(r => r.GetProperty("id").GetString()).ShouldBe(RuleList.All(RuleDiscovery.Discover().Select(r => r.Metadata)).Select(r => r.Id));
        var timeout = rules.Single(r => r.GetProperty("id").GetString() == RenderRules.Timeout);
        timeout.GetProperty("stage").GetString().ShouldBe("render");
        timeout.GetProperty("severity").GetString().ShouldBe("error");
        timeout.GetProperty("summary").GetString()!.ShouldStartWith("kustomize or helm did not finish");
        timeout.GetProperty("documentation").GetString().ShouldBe("README.md#rendertimeout");
        rules.Single(r => r.GetProperty("id").GetString() == "policy/image-tag-not-latest").GetProperty("documentation").GetString().ShouldBe("policy/README.md#policyimage-tag-not-latest");
        (await CliRun.RunAsync(["rules", "list", "--format", "yaml"])).Exit.ShouldNotBe(0);
    }

    [GeneratedRegex("^(parse|render|schema|policy|live|upgrade|diff)/[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();

    // Any quoted stage/name text counts, so a new id cannot hide; file names (policy/config.yaml) have a dot and do not match.
    [GeneratedRegex("\"(?<id>(parse|render|schema|policy|live|upgrade|diff)/[a-z0-9]+(-[a-z0-9]+)*)\"")]
    private static partial Regex QuotedId();
}
