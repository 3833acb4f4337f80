using System.Text.RegularExpressions;

namespace Acolhimento.Validation.Render;

/// <summary>
/// Argo CD's test of whether a namespace is one it watches for Applications (<c>security.IsNamespaceEnabled</c> through
/// <c>glob.MatchStringInList</c> in regexp mode): an entry wrapped in <c>/</c> is a regular expression (regexp2, .NET's
/// own syntax, matched anywhere in the name), any other entry an <see cref="ArgoCdGlob"/>. A pattern that does not compile matches nothing.
/// </summary>
internal static class ApplicationNamespaces
{
    public static bool Matches(string pattern, string ns)
    {
        if (pattern.Length >= 2 && pattern.StartsWith('/') && pattern.EndsWith('/'))
        {
            try
            {
                return Regex.IsMatch(ns, pattern[1..^1], RegexOptions.None, TimeSpan.FromSeconds(1));
            }
            catch (Exception e) when (e is ArgumentException or RegexMatchTimeoutException)
            {
                return false;
            }
        }
        return ArgoCdGlob.Matches(pattern, ns);
    }
}
