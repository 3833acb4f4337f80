using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Pipeline;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Reporting;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Gate;

/// <summary>
/// The CI matrix's promise: on a copy of this repository, the shards' JSON reports merged (<c>report merge</c>) give the
/// unsharded run's report in every format. The copy holds what only the whole fleet can judge — a kustomization no
/// cluster renders, a waiver that matches nothing, a waiver used in one cluster only — and four shards of three clusters
/// leave one shard empty.
/// </summary>
[Trait("Category", "Gate")]
public sealed class ShardMergeGateTests
{
    private const string ExtraWaivers = """
          - id: matches-nothing
            rule: policy/secret-data-in-git
            selector: {kind: Secret, name: no-secret-is-named-this}
            reason: planted by the shard test
            owner: platform-team
            expires: 2027-03-31
          - id: staging-latest-tag
            rule: policy/image-tag-not-latest
            selector: {namespace: central-acolhimento-staging}
            reason: planted by the shard test; used in one cluster only
            owner: platform-team
            expires: 2027-03-31

        """;

    [Fact]
    public async Task The_merged_report_of_N_shards_is_the_unsharded_report_in_every_format()
    {
        using var copy = new TempRepository().CopyFrom(RepositoryLocator.Root);
        copy.Write("overlays/orphan/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: []\n");
        var exceptions = Path.Combine(copy.Root, "policy/exceptions.yaml");
        File.WriteAllText(exceptions, File.ReadAllText(exceptions).TrimEnd('\n') + "\n" + ExtraWaivers);
        var kustomization = Path.Combine(copy.Root, "overlays/staging/kustomization.yaml");
        File.WriteAllText(kustomization, File.ReadAllText(kustomization).Replace("    newTag: 1.4.0\n", "    newTag: latest\n", StringComparison.Ordinal));

        var pipeline = TestPipeline.Create();
        var ct = TestContext.Current.CancellationToken;
        var whole = await pipeline.RunAsync(new ValidationRequest(copy.Root, [], []), ct);
        whole.Findings.ShouldContain(f => f.Rule == RenderRules.Dead, whole.Findings.Describe());
        whole.Findings.ShouldContain(f => f.Rule == Validation.Policy.PolicyStageRules.UnusedWaiver && f.Message.Contains("matches-nothing"), whole.Findings.Describe());
        whole.Findings.ShouldNotContain(f => f.Message.Contains("staging-latest-tag"), whole.Findings.Describe());
        whole.Findings.ShouldContain(f => f.Waiver == "staging-latest-tag");
        var context = ReportContext.ForRepository(copy.Root, ClusterLayout.ClusterNames(copy.Root), Stages.Offline, FailOn.Error, null);

        foreach (var count in new[] { 2, 4 })
        {
            var shards = new List<ValidationReport>();
            for (var index = 1; index <= count; index++)
            {
                var shard = await pipeline.RunAsync(new ValidationRequest(copy.Root, [], [], Shard: new ClusterShard(index, count)), ct);
                shards.Add(JsonReportReader.Read(JsonReport.Format(shard, context), $"shard-{index}.json"));
            }
            shards.Sum(s => s.Shard!.Clusters.Count).ShouldBe(3);
            var merged = ShardMerge.Merge(shards);
            foreach (var format in OutputFormats.All)
                format.Write(Timeless(merged), context).ShouldBe(format.Write(Timeless(whole), context), $"{count} shards, format {format.Name}");
        }
    }

    private static ValidationReport Timeless(ValidationReport report) => report with { Summary = report.Summary with { DurationMs = 0 } };
}
