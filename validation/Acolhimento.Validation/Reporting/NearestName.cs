namespace Acolhimento.Validation.Reporting;

/// <summary>The name a mistyped one probably meant (a command, a branch), for "did you mean …?" in messages.</summary>
public static class NearestName
{
    /// <summary>The candidate within <paramref name="maxDistance"/> edits of <paramref name="typed"/> (fewest edits, then ordinal order); null when none is that close.</summary>
    public static string? Among(IEnumerable<string> candidates, string typed, int maxDistance = 2) =>
        candidates.Select(c => (Name: c, Distance: EditDistance(c, typed)))
            .Where(c => c.Distance <= maxDistance)
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => c.Name).FirstOrDefault();

    /// <summary>Levenshtein distance: insertions, deletions and substitutions.</summary>
    public static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }
}
