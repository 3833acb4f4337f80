using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Pipeline;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Gate;

/// <summary>
/// Issue 10 §5 on this repository: each Kustomize no-op planted in a copy of it fails the render with exactly its rule
/// at the kustomization (or patch operation) line, in the cluster whose overlay has it — never a quiet pass that leaves
/// production on the base's placeholder image.
/// </summary>
[Trait("Category", "Gate")]
public sealed class KustomizeNoOpsGateTests
{
    /// <summary>A text replaced once in a file of the copy; the finding is expected on the line of <paramref name="ExpectedLineText"/> (or the line above it, for an entry whose first key is the line before).</summary>
    private sealed record Plant(string File, string Original, string Planted, string Rule, string ExpectedLineText, int LinesAbove, string Cluster, string? ExpectedFile = null);

    private static readonly Dictionary<string, Plant> Plants = new(StringComparer.Ordinal)
    {
        ["images entry with a typo"] = new("overlays/production/kustomization.yaml",
            "  - name: ghcr.io/central-acolhimento/api\n", "  - name: ghcr.io/central-acolhimento/apj\n",
            RenderRules.KustomizeImageNoMatch, "  - name: ghcr.io/central-acolhimento/apj", 0, "production"),
        ["targeted patch naming no object"] = new("overlays/production/kustomization.yaml",
            "      kind: HorizontalPodAutoscaler\n      name: api\n", "      kind: HorizontalPodAutoscaler\n      name: apj\n",
            RenderRules.KustomizePatchNoMatch, "      kind: HorizontalPodAutoscaler", 1, "production"),
        ["strategic-merge patch file for a missing object"] = new("overlays/dev/patch-llm-statefulset.yaml",
            "  name: llm\n", "  name: lmm\n",
            RenderRules.KustomizePatchNoMatch, "  - path: patch-llm-statefulset.yaml", 0, "dev", "overlays/dev/kustomization.yaml"),
        ["replicas entry naming no object"] = new("overlays/dev/kustomization.yaml",
            "patches:\n", "replicas:\n  - name: apj\n    count: 2\npatches:\n",
            RenderRules.KustomizeReplicasNoMatch, "  - name: apj", 0, "dev"),
        ["JSON patch on a path the target lacks"] = new("overlays/staging/kustomization.yaml",
            "        path: /spec/rules/0/host\n", "        path: /spec/rulez/0/host\n",
            RenderRules.KustomizeJsonPatchPathMissing, "        path: /spec/rulez/0/host", 1, "staging"),
        ["JSON patch replace of a mistyped key"] = new("overlays/production/kustomization.yaml",
            "        path: /spec/hard/requests.nvidia.com~1gpu\n", "        path: /spec/hard/requests.nvidia.com~1gpus\n",
            RenderRules.KustomizeJsonPatchPathMissing, "        path: /spec/hard/requests.nvidia.com~1gpus", 1, "production"),
    };

    public static TheoryData<string> Defects() => new(Plants.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Defects))]
    public async Task Planted_no_op_fails_the_render_with_its_rule_at_its_line(string defect)
    {
        SchemaDataSkip.RequireForRender();
        var plant = Plants[defect];
        using var copy = new TempRepository().CopyFrom(RepositoryLocator.Root);
        var path = Path.Combine(copy.Root, plant.File);
        var text = File.ReadAllText(path);
        text.Split(plant.Original).Length.ShouldBe(2, $"{plant.Original} must occur once in {plant.File}");
        File.WriteAllText(path, text.Replace(plant.Original, plant.Planted, StringComparison.Ordinal));
        var expectedFile = plant.ExpectedFile ?? plant.File;
        var expectedLine = Array.IndexOf(File.ReadAllLines(Path.Combine(copy.Root, expectedFile)), plant.ExpectedLineText) + 1 - plant.LinesAbove;
        expectedLine.ShouldBeGreaterThan(0);

        var pipeline = new ValidationPipeline(new ProcessRunner(), new PipelineSettings(RenderCache.Default(), null, null, () => new DateOnly(2026, 12, 1)));
        var report = await pipeline.RunAsync(new ValidationRequest(copy.Root, [], [Stages.Render]), TestContext.Current.CancellationToken);

        var counted = report.Findings.ExceptUncachedCharts().Where(f => f.CountsAsError || f.CountsAsWarning).ToList();
        var finding = counted.ShouldHaveSingle(plant.Rule);
        counted.Count.ShouldBe(1, counted.Describe());
        finding.Location!.File.ShouldBe(expectedFile, counted.Describe());
        finding.Location.Line.ShouldBe(expectedLine, counted.Describe());
        finding.Cluster.ShouldBe(plant.Cluster);
        finding.Message.ShouldNotContain("run.go");
    }
}
