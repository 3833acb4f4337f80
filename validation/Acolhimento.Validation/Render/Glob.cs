namespace Acolhimento.Validation.Render;

/// <summary>
/// The harness's own path patterns (waiver and rule-selection paths), not Argo CD's: <see cref="ArgoCdGlob"/> is how Argo CD
/// matches a directory source's include and exclude.
/// </summary>
internal static class Glob
{
    /// <summary>
    /// A glob (<c>*</c> within a path segment, <c>**</c> across them) or <c>{a,b}</c> alternatives, matched against the
    /// path or against the file name alone.
    /// </summary>
    public static bool Matches(string pattern, string path)
    {
        var alternatives = pattern.StartsWith('{') && pattern.EndsWith('}') ? pattern[1..^1].Split(',') : [pattern];
        var fileName = path[(path.LastIndexOf('/') + 1)..];
        foreach (var alternative in alternatives)
        {
            var regex = "^" + System.Text.RegularExpressions.Regex.Escape(alternative.Trim())
                .Replace(@"\*\*", ".*", StringComparison.Ordinal).Replace(@"\*", "[^/]*", StringComparison.Ordinal).Replace(@"\?", "[^/]", StringComparison.Ordinal) + "$";
            if (System.Text.RegularExpressions.Regex.IsMatch(path, regex, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1))
                || System.Text.RegularExpressions.Regex.IsMatch(fileName, regex, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)))
                return true;
        }
        return false;
    }
}
