using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Policy;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Reporting;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Reporting;

/// <summary>Shares of clusters (<c>--shard K/N</c>) and the merge of the shards' reports.</summary>
[Trait("Category", "Unit")]
public sealed class ShardTests
{
    private static readonly string[] Fleet = Enumerable.Range(1, 200).Select(i => $"cluster-{i:D3}").ToArray();

    [Fact]
    public void Every_cluster_falls_to_exactly_one_shard_and_adding_a_cluster_moves_no_other()
    {
        foreach (var count in new[] { 1, 2, 3, 7, 16 })
        {
            var shards = Enumerable.Range(1, count).Select(i => new ClusterShard(i, count)).ToList();
            foreach (var cluster in Fleet) shards.Count(s => s.Takes(cluster)).ShouldBe(1, $"{cluster} among {count}");
            var before = Fleet.ToDictionary(c => c, c => ClusterShard.Of(c, count));
            var grown = Fleet.Append("a-new-cluster").ToList();
            grown.Where(before.ContainsKey).ShouldAllBe(c => ClusterShard.Of(c, count) == before[c]);
            if (count > 1) Fleet.Select(c => ClusterShard.Of(c, count)).Distinct().Count().ShouldBe(count, "200 names spread over every shard");
        }
        ClusterShard.Of("production", 8).ShouldBe(ClusterShard.Of("production", 8));
    }

    [Theory]
    [InlineData("0/3")]
    [InlineData("4/3")]
    [InlineData("1/0")]
    [InlineData("1")]
    [InlineData("a/b")]
    [InlineData("-1/3")]
    [InlineData("1/3/5")]
    [InlineData("1/100000")]
    public void A_share_that_is_not_K_of_N_cannot_be_validated(string text) =>
        Should.Throw<CannotValidateException>(() => ClusterShard.Parse(text)).Message.ShouldContain("K/N");

    private static Finding Found(string rule, string? cluster, string file = "a.yaml", Severity severity = Severity.Warning) =>
        new(Stages.Policy, severity, rule, $"{rule} message", new SourceLocation(file, 3, 5), cluster, cluster is null ? null : "app",
            cluster is null ? null : new ObjectReference("v1", "ConfigMap", "ns", "c"), cluster is null ? null : "data.x");

    private static ValidationReport Shard(int index, int count, long durationMs, params Finding[] findings) =>
        ValidationReport.Create(findings, 10, 20, index * 5, durationMs) with { Shard = new ShardInfo(index, count, [$"c{index}"], Stages.Offline) };

    [Fact]
    public void Findings_are_united_and_judgements_across_clusters_kept_only_when_every_shard_made_them()
    {
        var global = Found("parse/something", null, severity: Severity.Error);
        var deadEverywhere = Found(RenderRules.Dead, null, "overlays/orphan/kustomization.yaml");
        var deadInOneShard = Found(RenderRules.Dead, null, "overlays/one/kustomization.yaml");
        var unusedEverywhere = Found(PolicyStageRules.UnusedWaiver, null, "policy/exceptions.yaml");
        var unusedInOneShard = Found(PolicyStageRules.UnusedWaiver, null, "policy/exceptions.yaml") with { Location = new SourceLocation("policy/exceptions.yaml", 9, 5) };
        var merged = ShardMerge.Merge(
        [
            Shard(2, 2, 700, global, deadEverywhere, unusedEverywhere, Found("policy/a", "c2")),
            Shard(1, 2, 900, global, deadEverywhere, deadInOneShard, unusedEverywhere, unusedInOneShard, Found("policy/a", "c1")),
        ]);
        merged.Findings.ShouldBe(ValidationReport.Create([global, deadEverywhere, unusedEverywhere, Found("policy/a", "c1"), Found("policy/a", "c2")], 0, 0, 0, 0).Findings);
        merged.Summary.ShouldBe(new ValidationSummary(10, 20, 15, 1, 4, 900));
        merged.Shard.ShouldBeNull();
    }

    [Fact]
    public void A_missing_repeated_or_foreign_shard_cannot_be_merged()
    {
        Should.Throw<CannotValidateException>(() => ShardMerge.Merge([Shard(1, 3, 1), Shard(3, 3, 1)])).Message.ShouldContain("missing 2/3");
        Should.Throw<CannotValidateException>(() => ShardMerge.Merge([Shard(1, 2, 1), Shard(1, 2, 1)])).Message.ShouldContain("twice");
        Should.Throw<CannotValidateException>(() => ShardMerge.Merge([Shard(1, 2, 1), Shard(2, 3, 1)])).Message.ShouldContain("different shard counts");
        Should.Throw<CannotValidateException>(() => ShardMerge.Merge([Shard(1, 1, 1) with { Shard = null }])).Message.ShouldContain("--shard");
        Should.Throw<CannotValidateException>(() => ShardMerge.Merge([Shard(1, 2, 1), Shard(2, 2, 1) with { Summary = new ValidationSummary(11, 20, 0, 0, 0, 0) }]))
            .Message.ShouldContain("different repositories");
        Should.Throw<CannotValidateException>(() => ShardMerge.Merge([])).Message.ShouldContain("no shard");
    }

    [Fact]
    public void A_shard_report_reads_back_as_it_was_written()
    {
        var report = Shard(2, 3, 42, Found("policy/a", "c2"), Found("parse/b", null, severity: Severity.Error)) with { CannotValidateReason = "why" };
        var read = JsonReportReader.Read(JsonReport.Format(report), "shard.json");
        read.Findings.ShouldBe(report.Findings);
        read.Summary.ShouldBe(report.Summary);
        read.CannotValidateReason.ShouldBe("why");
        read.Shard!.Index.ShouldBe(2);
        read.Shard.Clusters.ShouldBe(["c2"]);
        read.Shard.Stages.ShouldBe(Stages.Offline);
    }

    [Fact]
    public async Task Report_merge_writes_the_combined_report_and_refuses_an_incomplete_set()
    {
        using var folder = new TempRepository()
            .Write("shard-1.json", JsonReport.Format(Shard(1, 2, 5, Found("policy/a", "c1", severity: Severity.Error))))
            .Write("shard-2.json", JsonReport.Format(Shard(2, 2, 5, Found("policy/a", "c2"))));
        string[] files = [Path.Combine(folder.Root, "shard-1.json"), Path.Combine(folder.Root, "shard-2.json")];
        var merged = await CliRun.RunAsync(["report", "merge", .. files, "--repo", RepositoryLocator.Root, "--format", "json"]);
        merged.Exit.ShouldBe(1, merged.Err);
        var report = JsonReportReader.Read(merged.Out, "stdout");
        report.Findings.Select(f => f.Cluster).ShouldBe(["c1", "c2"]);
        report.Shard.ShouldBeNull();

        var incomplete = await CliRun.RunAsync(["report", "merge", files[0], "--repo", RepositoryLocator.Root]);
        incomplete.Exit.ShouldBe(2);
        incomplete.Err.ShouldContain("missing 2/2");
        (await CliRun.RunAsync(["validate", "--repo", folder.Root, "--shard", "3/2"])).Err.ShouldContain("K/N");
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"findings\": []}")]
    [InlineData("{\"findings\": [{\"stage\": 1}], \"summary\": {}}")]
    [InlineData("{\"findings\": [], \"summary\": {\"files\": \"x\"}}")]
    public void What_is_not_a_report_is_said_with_its_file(string json) =>
        Should.Throw<CannotValidateException>(() => JsonReportReader.Read(json, "shard-3.json")).Message.ShouldContain("shard-3.json");

    [Fact]
    public void Deeply_nested_input_is_refused_not_followed()
    {
        var json = new string('[', 10_000) + new string(']', 10_000);
        Should.Throw<CannotValidateException>(() => JsonReportReader.Read(json, "deep.json"));
    }
}
