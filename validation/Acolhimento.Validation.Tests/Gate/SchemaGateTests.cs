using Acolhimento.Validation.Configuration;
using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Schema;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Gate;

/// <summary>Every object every cluster receives matches the exact schema of its kind for the cluster's Kubernetes version.</summary>
[Trait("Category", "Gate")]
public sealed class SchemaGateTests(RepositoryGate gate)
{
    private static SchemaStage RequireSchemas()
    {
        return SchemaStage.Create(SchemaDataSkip.RequireDirectory());
    }

    [Fact]
    public async Task Every_object_of_every_cluster_matches_its_schema()
    {
        var schemas = RequireSchemas();
        var (_, render) = await gate.ResultAsync();
        var findings = schemas.Run(render.Clusters);
        findings.ShouldHaveNoErrors();
        var warnings = findings.Where(f => f.Severity == Severity.Warning).ToList();
        warnings.ShouldBeEmpty(warnings.Describe());
    }

    /// <summary>
    /// The rendered objects are not what people edit: a typo planted in a base, or in an overlay's patch, is reported
    /// at that file and line, in every cluster whose render carries it.
    /// </summary>
    [Theory]
    [InlineData("apps/api/deployment.yaml", "            readOnlyRootFilesystem: true\n", "            readOnlyRootFilesystm: true\n", "readOnlyRootFilesystem", new[] { "dev", "production", "staging" })]
    [InlineData("overlays/production/patch-llm-statefulset.yaml", "            limits:\n", "            limitz:\n", "limits", new[] { "production" })]
    public async Task A_typo_planted_in_the_source_is_reported_at_its_line(string file, string original, string typo, string suggestion, string[] clusters)
    {
        var schemas = RequireSchemas();
        using var copy = new TempRepository().CopyFrom(RepositoryLocator.Root);
        var path = Path.Combine(copy.Root, file);
        var text = File.ReadAllText(path);
        text.ShouldContain(original);
        File.WriteAllText(path, text.Replace(original, typo, StringComparison.Ordinal));
        var line = FixtureText.LineOf(path, typo.Trim());
        using var cache = new TempRepository();
        var (_, render) = await TestPipeline.RenderAsync(copy.Root, cache.Root);
        render.Findings.ShouldHaveNoErrors();
        var findings = schemas.Run(render.Clusters).Where(f => f.Rule == "schema/unknown-field").ToList();
        findings.Select(f => f.Cluster!).Order().ToArray().ShouldBe(clusters, findings.Describe());
        findings.ShouldAllBe(f => f.Location!.File == file && f.Location.Line == line);
        findings.ShouldAllBe(f => f.Message.Contains(suggestion));
    }
}
