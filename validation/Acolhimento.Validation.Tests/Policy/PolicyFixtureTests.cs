using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Policy;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Policy;

/// <summary>Each rule against its own fixtures: silent on every passing one, exactly the expected findings on every failing one.</summary>
[Trait("Category", "Policy")]
public sealed class PolicyFixtureTests
{
    private static readonly IReadOnlyList<IPolicyRule> Rules = RuleDiscovery.Discover();

    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        foreach (var fixture in PolicyFixture.All()) data.Add(fixture.RelativePath);
        return data;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Rule_meets_its_fixture(string relativePath)
    {
        var fixture = PolicyFixture.All().Single(f => f.RelativePath == relativePath);
        var rule = Rules.SingleOrDefault(r => r.Metadata.Id == fixture.RuleId)
            ?? throw new Xunit.Sdk.XunitException($"{relativePath}: no rule {fixture.RuleId}; fixture folders are named after rule ids");
        var (cluster, expected) = fixture.Expectations();
        if (fixture.ShouldFail) expected.ShouldNotBeEmpty($"{relativePath}: a failing fixture marks each line it must be reported at with # expect: {fixture.RuleId}");
        else expected.ShouldBeEmpty($"{relativePath}: a passing fixture expects no findings (no # expect: markers)");

        var context = new PolicyContext(fixture.Load(cluster), fixture.Configuration());
        var findings = PolicyStage.EvaluateRule(rule, context);

        findings.ShouldAllBe(f => f.Rule == rule.Metadata.Id && f.Stage == Stages.Policy, findings.Describe());
        var actual = findings.Select(f => new ExpectedFinding(f.Rule, fixture.RelativeToFixture(f.Location!.File), f.Location.Line))
            .Order(Comparer<ExpectedFinding>.Create((a, b) => string.CompareOrdinal(a.ToString(), b.ToString()))).ToList();
        var wanted = expected.Order(Comparer<ExpectedFinding>.Create((a, b) => string.CompareOrdinal(a.ToString(), b.ToString()))).ToList();
        if (!actual.SequenceEqual(wanted))
        {
            throw new Xunit.Sdk.XunitException($"{relativePath}:\nexpected\n  {string.Join("\n  ", wanted)}\nactual\n  {string.Join("\n  ", actual)}\nfindings\n{findings.Describe()}");
        }
    }

    [Fact]
    public void Every_rule_has_a_failing_and_a_passing_fixture()
    {
        var fixtures = PolicyFixture.All();
        var missing = Rules.SelectMany(r => new[]
        {
            fixtures.Any(f => f.RuleId == r.Metadata.Id && f.ShouldFail) ? null : $"{r.Metadata.Id} has no failing fixture under policy/tests/{r.Metadata.Id["policy/".Length..]}/fail/",
            fixtures.Any(f => f.RuleId == r.Metadata.Id && !f.ShouldFail) ? null : $"{r.Metadata.Id} has no passing fixture under policy/tests/{r.Metadata.Id["policy/".Length..]}/pass/",
        }).OfType<string>().ToList();
        missing.ShouldBeEmpty(string.Join("\n", missing));
    }

    [Fact]
    public void Expected_findings_are_written_only_as_markers_in_the_fixtures()
    {
        // The markers are the one record of what a fixture expects; a file repeating them by hand would drift.
        var root = Path.Combine(RepositoryLocator.Root, PolicyFixture.TestsFolder);
        var copies = Directory.GetFiles(root, "*.expected.yaml", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(RepositoryLocator.Root, f)).ToList();
        copies.ShouldBeEmpty($"expected findings belong in # expect: markers: {string.Join(", ", copies)}");
    }

    [Fact]
    public void Every_fixture_folder_names_a_rule()
    {
        var ids = Rules.Select(r => r.Metadata.Id).ToHashSet();
        var root = Path.Combine(RepositoryLocator.Root, PolicyFixture.TestsFolder);
        var strays = Directory.GetDirectories(root).Select(d => "policy/" + Path.GetFileName(d)).Where(id => !ids.Contains(id)).ToList();
        strays.ShouldBeEmpty($"fixture folders without a rule: {string.Join(", ", strays)}");
    }
}
