using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Support;
using Acolhimento.Validation.Yaml;
using Shouldly;

namespace Acolhimento.Validation.Tests.Gate;

/// <summary>
/// Production's overlay replaces the in-cluster PostgreSQL egress rule of the API's and the backup's NetworkPolicy by
/// list index, guarded by a JSON patch <c>test</c> on that rule's podSelector (the decision is commented in
/// overlays/production/kustomization.yaml): reordering the base fails the render instead of replacing another rule.
/// </summary>
[Trait("Category", "Gate")]
public sealed class ProductionNetworkPolicyGateTests(RepositoryGate gate)
{
    private const string ApiPolicy = "apps/api/networkpolicy.yaml";

    private const string LlmRule = """
            - to:
                - podSelector:
                    matchLabels:
                      app.kubernetes.io/name: llm
              ports:
                - protocol: TCP
                  port: 11434

        """;

    [Theory]
    [InlineData("api")]
    [InlineData("postgresql-backup")]
    public async Task Production_reaches_the_managed_database_and_no_in_cluster_postgresql(string policy)
    {
        var (_, render) = await gate.ResultAsync();
        var production = render.Clusters.Single(c => c.Name == "production");
        var egress = production.Objects.Single(o => o.Kind == "NetworkPolicy" && o.Name == policy).Body.Mapping("spec")!.Sequence("egress")!.Items.OfType<YamlMapping>().ToList();
        var peers = egress.SelectMany(rule => rule.Sequence("to")?.Items.OfType<YamlMapping>() ?? []).ToList();
        peers.ShouldContain(p => p.Mapping("ipBlock") != null && p.Mapping("ipBlock")!.String("cidr") == "10.40.16.0/24");
        peers.ShouldNotContain(p => p.Mapping("podSelector") != null && p.Mapping("podSelector")!.Mapping("matchLabels") != null
            && p.Mapping("podSelector")!.Mapping("matchLabels")!.String("app.kubernetes.io/name") == "postgresql");
    }

    [Fact]
    public async Task Reordering_the_base_egress_rules_fails_the_production_render_instead_of_patching_another_rule()
    {
        using var copy = new TempRepository().CopyFrom(RepositoryLocator.Root);
        var path = Path.Combine(copy.Root, ApiPolicy);
        var text = File.ReadAllText(path).ReplaceLineEndings("\n");
        var llm = LlmRule.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n') + "\n";
        text.Split(llm).Length.ShouldBe(2, $"{ApiPolicy} must hold the LLM egress rule exactly once");
        var dns = text.IndexOf("    # DNS,", StringComparison.Ordinal);
        dns.ShouldBeGreaterThan(0);
        // The LLM rule moves after the PostgreSQL one: index 1 is now the LLM rule.
        var reordered = text.Replace(llm, "", StringComparison.Ordinal);
        reordered = reordered.Insert(reordered.IndexOf("    # DNS,", StringComparison.Ordinal), llm);
        File.WriteAllText(path, reordered);

        using var cache = new TempRepository();
        var (_, render) = await TestPipeline.RenderAsync(copy.Root, cache.Root, ["production"]);
        var failed = render.Findings.ShouldHaveSingle(RenderRules.RenderFailed);
        failed.Cluster.ShouldBe("production");
        failed.Message.ShouldContain("/spec/egress/1/to/0/podSelector/matchLabels/app.kubernetes.io~1name");
        failed.Message.ShouldContain("test failed");
        // At the guard in the overlay, the line a reviewer edits.
        const string overlay = "overlays/production/kustomization.yaml";
        failed.Location!.File.ShouldBe(overlay);
        failed.Location.Line.ShouldBe(FixtureText.LineOf(Path.Combine(copy.Root, overlay), "path: /spec/egress/1/to/0/podSelector"));
    }
}
