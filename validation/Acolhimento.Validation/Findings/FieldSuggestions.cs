namespace Acolhimento.Validation.Findings;

/// <summary>"Did you mean" for unknown fields and kinds: the closest known name within a small edit distance.</summary>
internal static class FieldSuggestions
{
    public static string? Closest(string unknown, IEnumerable<string> known)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        var limit = Math.Clamp(unknown.Length / 4, 1, 3);
        foreach (var candidate in known.Order(StringComparer.Ordinal))
        {
            var distance = string.Equals(candidate, unknown, StringComparison.OrdinalIgnoreCase) ? 0 : EditDistance(unknown, candidate, limit);
            if (distance <= limit && distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    /// <summary>Optimal string alignment distance (insert, delete, substitute, swap neighbours); stops early past <paramref name="limit"/>.</summary>
    public static int EditDistance(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit) return limit + 1;
        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) value = Math.Min(value, previous2[j - 2] + 1);
                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }
            if (rowMin > limit) return limit + 1;
            (previous2, previous, current) = (previous, current, previous2);
        }
        return previous[b.Length];
    }
}
