using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Render;

/// <summary>
/// Values defects planted in a copy of this repository are caught before Helm runs, by the chart's values.schema.json,
/// each at the line of the cluster's values file a person edits — not at the root Application.
/// </summary>
[Trait("Category", "Gate")]
public sealed class HelmValuesGateTests
{
    private const string ProductionValues = "clusters/production/values.yaml";

    public static TheoryData<string, string, string, string, string> Plants() => new()
    {
        // name, original text, planted text, text of the expected line, expected message
        { "unknown key", "  cascadeDelete: false\n", "  cascadeDelete: false\n  selfHeal: true\n", "selfHeal: true",
            "unknown key selfHeal in syncPolicy; allowed: automated, cascadeDelete" },
        { "wrong type", "    replicaCount: 3\n", "    replicaCount: three\n", "replicaCount: three",
            "addons.ingressNginx.replicaCount: expected integer, got string \"three\"" },
        { "missing required", "          role: external-secrets\n", "", "kubernetes:",
            "platformConfig.secretStoreProvider.vault.auth.kubernetes: required key role is missing" },
    };

    [Theory]
    [MemberData(nameof(Plants))]
    public async Task Planted_values_defect_is_reported_once_at_its_values_line(string defect, string original, string planted, string expectedLineText, string expectedMessage)
    {
        using var copy = new TempRepository().CopyFrom(RepositoryLocator.Root);
        var path = Path.Combine(copy.Root, ProductionValues);
        var text = File.ReadAllText(path);
        text.Split(original).Length.ShouldBe(2, $"{defect}: {ProductionValues} must contain \"{original.TrimEnd()}\" exactly once");
        File.WriteAllText(path, text.Replace(original, planted, StringComparison.Ordinal));

        var runner = new RecordingProcessRunner();
        using var cache = new TempRepository();
        var (_, render) = await TestPipeline.RenderAsync(copy.Root, cache.Root, ["production"], runner);

        var finding = render.Findings.Where(f => f.Severity == Findings.Severity.Error).ShouldHaveSingleItem(render.Findings.Describe());
        finding.Rule.ShouldBe(RenderRules.InvalidValues);
        finding.Message.ShouldBe($"Application root: chart charts/acolhimento-apps rejects its values: {expectedMessage}");
        finding.Location!.File.ShouldBe(ProductionValues);
        var lines = File.ReadAllLines(path);
        finding.Location.Line.ShouldBe(Array.FindIndex(lines, l => l.Contains(expectedLineText, StringComparison.Ordinal)) + 1);
        // Checked before Helm: the root chart was never templated with values it rejects.
        runner.Started.ShouldNotContain(c => c.Arguments.Count > 0 && c.Arguments[0] == "template");
    }

    [Fact]
    public async Task A_remembered_pass_never_hides_a_values_defect_planted_afterwards()
    {
        using var copy = new TempRepository().CopyFrom(RepositoryLocator.Root);
        using var cache = new TempRepository();
        async Task<RenderResult> Render() => (await TestPipeline.RenderAsync(copy.Root, cache.Root, ["production"], new RecordingProcessRunner())).Render;

        (await Render()).Findings.ShouldNotContain(f => f.Rule == RenderRules.InvalidValues);
        Directory.EnumerateFiles(cache.Root).ShouldContain(f => File.ReadAllText(f) == "passed\n", "the pass is remembered");

        var path = Path.Combine(copy.Root, ProductionValues);
        File.WriteAllText(path, File.ReadAllText(path).Replace("    replicaCount: 3\n", "    replicaCount: three\n", StringComparison.Ordinal));
        (await Render()).Findings.ShouldContain(f => f.Rule == RenderRules.InvalidValues && f.Message.Contains("expected integer, got string \"three\""));
    }
}
