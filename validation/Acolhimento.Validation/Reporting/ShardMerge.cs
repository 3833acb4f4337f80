using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Policy;
using Acolhimento.Validation.Render;

namespace Acolhimento.Validation.Reporting;

/// <summary>What a sharded run covered: its share, the clusters that fell to it and the stages it ran.</summary>
public sealed record ShardInfo(int Index, int Count, IReadOnlyList<string> Clusters, IReadOnlyList<string> Stages);

/// <summary>
/// One report from the reports of all N shards of a run (<c>report merge</c>), equal to the report of the unsharded run.
/// Each shard judges the repository as if its clusters were all of them, so findings about one cluster, or about the
/// repository as a whole, are the same wherever they were made and are united. The judgements that need every cluster —
/// a kustomization or chart no cluster renders, a waiver that matches nothing — hold only when every shard made them.
/// </summary>
public static class ShardMerge
{
    /// <summary>Rules whose finding says "in no cluster": true of the fleet only when true of every shard.</summary>
    public static readonly IReadOnlySet<string> JudgedAcrossClusters = new HashSet<string>(StringComparer.Ordinal) { RenderRules.Dead, PolicyStageRules.UnusedWaiver };

    public static ValidationReport Merge(IReadOnlyList<ValidationReport> shards)
    {
        if (shards.Count == 0) throw new CannotValidateException("report merge: no shard reports given");
        if (shards.FirstOrDefault(s => s.Shard is null) is not null)
            throw new CannotValidateException("report merge: every report must come from validate --shard K/N (one has no shard section)");
        var count = shards[0].Shard!.Count;
        var indexes = shards.Select(s => s.Shard!.Index).ToList();
        if (shards.Any(s => s.Shard!.Count != count))
            throw new CannotValidateException($"report merge: the reports come from different shard counts ({string.Join(", ", shards.Select(s => s.Shard!.Count).Distinct())})");
        if (indexes.GroupBy(i => i).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new CannotValidateException($"report merge: shard {twice.Key}/{count} is given twice");
        var missing = Enumerable.Range(1, count).Where(i => !indexes.Contains(i)).ToList();
        if (missing.Count > 0)
            throw new CannotValidateException($"report merge: {count} shards expected; missing {string.Join(", ", missing.Select(i => $"{i}/{count}"))}");
        if (shards.Select(s => string.Join(",", s.Shard!.Stages)).Distinct().Count() > 1)
            throw new CannotValidateException("report merge: the shards ran different stages");
        if (shards.Select(s => (s.Summary.Files, s.Summary.Documents)).Distinct().Count() > 1)
            throw new CannotValidateException("report merge: the shards read different repositories (file or document counts differ)");

        var acrossClusters = shards.Select(s => s.Findings.Where(f => JudgedAcrossClusters.Contains(f.Rule)).ToHashSet()).ToList();
        var findings = shards.SelectMany(s => s.Findings.Where(f => !JudgedAcrossClusters.Contains(f.Rule)))
            .Concat(acrossClusters.Skip(1).Aggregate(acrossClusters[0], (all, next) => { all.IntersectWith(next); return all; }));
        var first = shards[0].Summary;
        var report = ValidationReport.Create(findings, first.Files, first.Documents, shards.Sum(s => s.Summary.Objects), shards.Max(s => s.Summary.DurationMs));
        var reasons = shards.Select(s => s.CannotValidateReason).OfType<string>().Distinct().ToList();
        return reasons.Count == 0 ? report : report with { CannotValidateReason = string.Join("; ", reasons) };
    }
}
