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
