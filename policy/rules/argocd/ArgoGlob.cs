using System.Text.RegularExpressions;

namespace Acolhimento.Validation.Policy.Rules.ArgoCd;

/// <summary>Argo CD's AppProject patterns: <c>*</c> globs, and a leading <c>!</c> that denies what it matches.</summary>
internal static class ArgoGlob
{
    public static bool Allowed(IReadOnlyList<string> patterns, string value)
    {
        if (patterns.Any(p => p.StartsWith('!') && Matches(p[1..], value))) return false;
        return patterns.Any(p => !p.StartsWith('!') && Matches(p, value));
    }

    public static bool Matches(string pattern, string value) =>
        Regex.IsMatch(value, "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$", RegexOptions.None, TimeSpan.FromSeconds(1));
}

/// <summary>Go's <c>filepath.Match</c>, which Argo CD uses for an AppProject's resource lists: <c>*</c>, <c>?</c> and <c>[...]</c> (negated by <c>^</c>), never across <c>/</c>.</summary>
internal static class ShellPattern
{
    public static bool Matches(string pattern, string value)
    {
        var regex = new System.Text.StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*': regex.Append("[^/]*"); break;
                case '?': regex.Append("[^/]"); break;
                case '\\' when i + 1 < pattern.Length: regex.Append(Regex.Escape(pattern[++i].ToString())); break;
                case '[' when pattern.IndexOf(']', i + 1) is var end and > 0:
                    var body = pattern[(i + 1)..end];
                    var negated = body.StartsWith('^');
                    if (negated) body = body[1..];
                    regex.Append(negated ? "[^" : "[").Append(body.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("[", "\\[", StringComparison.Ordinal)).Append(']');
                    i = end;
                    break;
                default: regex.Append(Regex.Escape(c.ToString())); break;
            }
        }
        try
        {
            return Regex.IsMatch(value, regex.Append('$').ToString(), RegexOptions.None, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException)
        {
            return false; // a malformed pattern matches nothing, as filepath.Match's ErrBadPattern does in Argo CD
        }
    }
}
