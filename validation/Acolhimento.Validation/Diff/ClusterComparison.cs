using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Render;

namespace Acolhimento.Validation.Diff;

/// <summary>
/// Compares what a cluster receives in the base and in the changed revision, object by object (identity = group, kind,
/// namespace, name): added, removed, changed with a unified diff of the normalised objects, moved to another
/// Application, or renamed/moved to another namespace (paired when kind and content match). Findings of the changed
/// revision are attached to the hunk that shows their line, else to their object.
/// </summary>
internal static class ClusterComparison
{
    /// <summary>A removed and an added object of one kind count as one renamed object when at least this share of their lines is equal.</summary>
    private const double RenameSimilarity = 0.6;

    public static ClusterChanges Compare(string cluster, RenderedCluster? baseCluster, RenderedCluster? headCluster, IReadOnlyList<Finding> headFindings, bool inputsChanged)
    {
        var before = Index(baseCluster);
        var after = Index(headCluster);
        var findings = headFindings.Where(f => f.Cluster == cluster && f.Object is not null)
            .GroupBy(f => $"{f.Destination} {f.Object!.Identity}", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Finding>)g.ToList(), StringComparer.Ordinal);
        IReadOnlyList<Finding> FindingsOf(RenderedObject o) => findings.TryGetValue($"{o.Destination?.Name} {o.Id.Identity}", out var list) ? list : [];

        var changes = new List<ObjectChange>();
        var removed = before.Where(kv => !after.ContainsKey(kv.Key)).Select(kv => kv.Value).ToList();
        var added = after.Where(kv => !before.ContainsKey(kv.Key)).Select(kv => kv.Value).ToList();

        foreach (var (identity, head) in after)
        {
            if (!before.TryGetValue(identity, out var old)) continue;
            var (baseText, headText) = ObjectNormaliser.Pair(old, head);
            var hunks = UnifiedDiff.Compute(baseText!.Lines, headText!.Lines);
            var moved = old.Application != head.Application;
            if (hunks.Count == 0 && !moved) continue;
            changes.Add(Annotate(moved ? ChangeKind.MovedBetweenApplications : ChangeKind.Changed, head.Id, old.Application, head, null, hunks, headText, FindingsOf(head)));
        }

        // Pairs are chosen first, then the lists are narrowed: pairing reads both lists while it runs.
        var renames = PairRenames(removed, added);
        var renamedOld = renames.Select(r => r.Old).ToHashSet(ReferenceEqualityComparer.Instance);
        var renamedHead = renames.Select(r => r.Head).ToHashSet(ReferenceEqualityComparer.Instance);
        removed.RemoveAll(renamedOld.Contains);
        added.RemoveAll(renamedHead.Contains);
        foreach (var (old, head) in renames)
        {
            var (baseText, headText) = ObjectNormaliser.Pair(old, head);
            changes.Add(Annotate(ChangeKind.Renamed, head.Id, old.Application, head, old.Id, UnifiedDiff.Compute(baseText!.Lines, headText!.Lines), headText, FindingsOf(head)));
        }
        foreach (var head in added)
        {
            var (_, headText) = ObjectNormaliser.Pair(null, head);
            changes.Add(Annotate(ChangeKind.Added, head.Id, null, head, null, UnifiedDiff.Compute([], headText!.Lines), headText, FindingsOf(head)));
        }
        foreach (var old in removed)
        {
            var (baseText, _) = ObjectNormaliser.Pair(old, null);
            var hunks = UnifiedDiff.Compute(baseText!.Lines, []).Select(h => new AnnotatedHunk(h, [])).ToList();
            changes.Add(new ObjectChange(ChangeKind.Removed, old.Id, old.Application, null, null, old.Location, hunks, FindingsOf(old)));
        }

        var applications = changes
            .GroupBy(c => c.Application, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ApplicationChanges(g.Key, g.OrderBy(c => c.Object.Kind, StringComparer.Ordinal)
                .ThenBy(c => c.Object.Namespace ?? "", StringComparer.Ordinal).ThenBy(c => c.Object.Name, StringComparer.Ordinal).ToList()))
            .ToList();
        return new ClusterChanges(cluster, inputsChanged, applications);
    }

    private static ObjectChange Annotate(ChangeKind kind, ObjectReference id, string? baseApplication, RenderedObject head, ObjectReference? previous,
        IReadOnlyList<DiffHunk> hunks, NormalisedObject headText, IReadOnlyList<Finding> findings)
    {
        var attached = hunks.Select(h => new List<Finding>()).ToList();
        var loose = new List<Finding>();
        foreach (var finding in findings)
        {
            // The hunk that changes the field the finding is about (or something inside it).
            var range = headText.RangeOf(finding.Path);
            var index = range is not { } r ? -1 : hunks.ToList().FindIndex(h => h.OverlapsNewLines(r.Start, r.End));
            if (index >= 0) attached[index].Add(finding);
            else loose.Add(finding);
        }
        return new ObjectChange(kind, id, baseApplication, head.Application, previous, head.Location,
            hunks.Select((h, i) => new AnnotatedHunk(h, attached[i])).ToList(), loose);
    }

    /// <summary>Objects by identity on their destination cluster; generateName objects (a fresh name on every apply) are left out, they cannot be compared.</summary>
    private static Dictionary<string, RenderedObject> Index(RenderedCluster? cluster)
    {
        var index = new Dictionary<string, RenderedObject>(StringComparer.Ordinal);
        foreach (var o in cluster?.Objects ?? [])
        {
            if (o.Metadata?.String("name") is null) continue;
            index.TryAdd(o.PlacedIdentity, o);
        }
        return index;
    }

    /// <summary>Each removed object paired with the most similar added object of its group and kind not paired yet, in the removed list's order.</summary>
    private static IReadOnlyList<(RenderedObject Old, RenderedObject Head)> PairRenames(IReadOnlyList<RenderedObject> removed, IReadOnlyList<RenderedObject> added)
    {
        var pairs = new List<(RenderedObject Old, RenderedObject Head)>();
        var taken = new HashSet<RenderedObject>(ReferenceEqualityComparer.Instance);
        foreach (var old in removed)
        {
            var oldLines = WithoutIdentity(old);
            RenderedObject? best = null;
            var bestScore = RenameSimilarity;
            foreach (var head in added.Where(h => !taken.Contains(h) && h.Id.Group == old.Id.Group && h.Kind == old.Kind))
            {
                var score = Similarity(oldLines, WithoutIdentity(head));
                if (score >= bestScore)
                {
                    best = head;
                    bestScore = score;
                }
            }
            if (best is null) continue;
            taken.Add(best);
            pairs.Add((old, best));
        }
        return pairs;
    }

    /// <summary>The object's lines without its name and namespace, so a rename compares what stayed.</summary>
    private static IReadOnlyList<string> WithoutIdentity(RenderedObject o)
    {
        var metadata = o.Metadata;
        var body = metadata is null ? o.Body : o.Body.With("metadata", Yaml.YamlMapping.Build(metadata.Start, metadata.Entries.Where(e => e.Key.Value is not ("name" or "namespace"))));
        return ObjectNormaliser.Normalise(body).Lines;
    }

    private static double Similarity(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        if (a.Count == 0 && b.Count == 0) return 1;
        var hunks = UnifiedDiff.Compute(a, b);
        var changed = hunks.Sum(h => h.Lines.Count(l => l[0] != ' '));
        return 1.0 - (double)changed / (a.Count + b.Count);
    }
}
