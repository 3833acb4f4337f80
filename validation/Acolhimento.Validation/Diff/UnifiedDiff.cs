using DiffPlex;
using DiffPlex.Chunkers;

namespace Acolhimento.Validation.Diff;

/// <summary>One hunk of a unified diff: 1-based start lines and counts on each side, and its lines prefixed with ' ', '-' or '+'.</summary>
public sealed record DiffHunk(int OldStart, int OldCount, int NewStart, int NewCount, IReadOnlyList<string> Lines)
{
    public string Header => $"@@ -{OldStart},{OldCount} +{NewStart},{NewCount} @@";

    /// <summary>Whether a line of the new side falls in this hunk.</summary>
    public bool CoversNewLine(int line) => line >= NewStart && line < NewStart + Math.Max(1, NewCount);

    /// <summary>Whether the hunk shows any new-side line from <paramref name="start"/> to <paramref name="end"/>.</summary>
    public bool OverlapsNewLines(int start, int end) => start < NewStart + Math.Max(1, NewCount) && end >= NewStart;
}

/// <summary>Unified line diffs (the <c>diff -u</c> shape, three lines of context) computed with DiffPlex.</summary>
internal static class UnifiedDiff
{
    public const int Context = 3;

    public static IReadOnlyList<DiffHunk> Compute(IReadOnlyList<string> oldLines, IReadOnlyList<string> newLines)
    {
        var result = Differ.Instance.CreateDiffs(string.Join('\n', oldLines), string.Join('\n', newLines), ignoreWhiteSpace: false, ignoreCase: false, LineChunker.Instance);
        var a = oldLines.Count == 0 ? [] : result.PiecesOld;
        var b = newLines.Count == 0 ? [] : result.PiecesNew;
        var blocks = result.DiffBlocks.OrderBy(x => x.DeleteStartA).ToList();
        var hunks = new List<DiffHunk>();
        var i = 0;
        while (i < blocks.Count)
        {
            // Blocks closer than twice the context share one hunk.
            var j = i;
            while (j + 1 < blocks.Count && blocks[j + 1].DeleteStartA - (blocks[j].DeleteStartA + blocks[j].DeleteCountA) <= 2 * Context) j++;
            var first = blocks[i];
            var last = blocks[j];
            var oldStart = Math.Max(0, first.DeleteStartA - Context);
            var newStart = first.InsertStartB - (first.DeleteStartA - oldStart);
            var oldEnd = Math.Min(a.Count, last.DeleteStartA + last.DeleteCountA + Context);
            var lines = new List<string>();
            var cursor = oldStart;
            for (var k = i; k <= j; k++)
            {
                var block = blocks[k];
                for (; cursor < block.DeleteStartA; cursor++) lines.Add(" " + a[cursor]);
                for (var d = 0; d < block.DeleteCountA; d++) lines.Add("-" + a[block.DeleteStartA + d]);
                for (var n = 0; n < block.InsertCountB; n++) lines.Add("+" + b[block.InsertStartB + n]);
                cursor = block.DeleteStartA + block.DeleteCountA;
            }
            for (; cursor < oldEnd; cursor++) lines.Add(" " + a[cursor]);
            var oldCount = lines.Count(l => l[0] != '+');
            var newCount = lines.Count(l => l[0] != '-');
            // diff -u numbers an empty side by the line before it.
            hunks.Add(new DiffHunk(oldCount == 0 ? oldStart : oldStart + 1, oldCount, newCount == 0 ? newStart : newStart + 1, newCount, lines));
            i = j + 1;
        }
        return hunks;
    }
}
