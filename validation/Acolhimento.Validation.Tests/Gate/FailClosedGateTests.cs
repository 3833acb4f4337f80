using System.Text.Json;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Gate;

/// <summary>
/// Issue 10 §1–§2 on this repository: a defect planted in a copy makes README's validate command exit 1 with exactly the
/// expected rule at the expected file and line, in every cluster that receives it — never a quiet pass with fewer objects.
/// </summary>
[Trait("Category", "Gate")]
public sealed class FailClosedGateTests
{
    private static readonly string[] AllClusters = ["dev", "production", "staging"];

    private sealed record Plant(string File, string Content, string? Append, string[] Rules, string ExpectedFile, int ExpectedLine, string[] Clusters);

    private static readonly Dictionary<string, Plant> Plants = new(StringComparer.Ordinal)
    {
        // In the root chart a refused document used to drop the whole cluster: "0 error(s) … 6 object(s)".
        ["helm template value nested 120 deep"] = new("charts/acolhimento-apps/templates/configmap-deep.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\n  namespace: argocd\ndata:\n  deep: " + HostileYaml.Nested(120) + "\n",
            null, [RenderRules.UnreadableOutput], "charts/acolhimento-apps/templates/configmap-deep.yaml", 1, AllClusters),
        ["kustomize output nested too deep by a JSON patch"] = new("overlays/dev/deep-patch.yaml",
            "- op: add\n  path: /spec/template/spec/deep\n  value: " + HostileYaml.Nested(97) + "\n",
            "patches:\n  - path: deep-patch.yaml\n    target: {kind: Deployment, name: api}\n",
            [RenderRules.UnreadableOutput], "apps/api/deployment.yaml", 1, ["dev"]),
        // Flagged by parse, then handed to kubectl: 250 s and 8.4 GB before this.
        ["alias bomb listed in a kustomization"] = new("apps/api/bomb.yaml", HostileYaml.AliasBomb(), null,
            [RenderRules.InputRefused, "parse/alias-expansion-limit"], "apps/api/kustomization.yaml", -1, AllClusters),
    };

    public static TheoryData<string> Defects() => new(Plants.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Defects))]
    public async Task Planted_defect_fails_the_gate_with_its_rule_at_its_line(string defect)
    {
        SchemaDataSkip.RequireForRender();
        var plant = Plants[defect];
        using var copy = new TempRepository().CopyFrom(RepositoryLocator.Root);
        copy.Write(plant.File, plant.Content);
        if (plant.Append is not null)
        {
            var overlay = Path.Combine(copy.Root, "overlays/dev/kustomization.yaml");
            File.WriteAllText(overlay, File.ReadAllText(overlay).Replace("patches:\n", plant.Append, StringComparison.Ordinal));
        }
        if (plant.File == "apps/api/bomb.yaml")
        {
            var kustomization = Path.Combine(copy.Root, "apps/api/kustomization.yaml");
            File.WriteAllText(kustomization, File.ReadAllText(kustomization).Replace("  - networkpolicy.yaml\n", "  - networkpolicy.yaml\n  - bomb.yaml\n", StringComparison.Ordinal));
        }
        var expectedLine = plant.ExpectedLine > 0 ? plant.ExpectedLine : Array.IndexOf(File.ReadAllLines(Path.Combine(copy.Root, plant.ExpectedFile)), "  - bomb.yaml") + 1;

        var (exit, output, error) = await CliRun.RunAsync(["validate", "--repo", copy.Root, "--stage", "render", "--format", "json"]);
        exit.ShouldBe(1, error + output);
        var findings = JsonDocument.Parse(output).RootElement.GetProperty("findings").EnumerateArray().ExceptUncachedCharts()
            .Where(f => f.GetProperty("severity").GetString() is "error" or "warning").ToList();
        var described = string.Join('\n', findings.Select(f => $"{f.GetProperty("file")}:{f.GetProperty("line")}: {f.GetProperty("rule")}: {f.GetProperty("message")}"));
        findings.Select(f => f.GetProperty("rule").GetString()).Distinct().Order(StringComparer.Ordinal).ShouldBe(plant.Rules.Order(StringComparer.Ordinal), described);
        var render = findings.Where(f => f.GetProperty("rule").GetString()!.StartsWith("render/", StringComparison.Ordinal)).ToList();
        render.ShouldAllBe(f => f.GetProperty("file").GetString() == plant.ExpectedFile && f.GetProperty("line").GetInt32() == expectedLine, described);
        render.Select(f => f.GetProperty("cluster").GetString()!).Order(StringComparer.Ordinal).ToArray().ShouldBe(plant.Clusters, described);
    }
}
