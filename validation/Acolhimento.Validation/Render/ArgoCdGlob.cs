using System.Text;
using System.Text.RegularExpressions;

namespace Acolhimento.Validation.Render;

/// <summary>
/// Argo CD's glob (<c>util/glob.Match</c> over gobwas/glob, compiled without separators, as the repo server matches a
/// directory source's include and exclude against the path inside the source): <c>*</c> and <c>**</c> match any run of
/// characters, <c>/</c> included; <c>?</c> one character; <c>[abc]</c>, <c>[a-z]</c>, <c>[!…]</c> classes; <c>{a,b}</c>
/// alternatives (nested too); <c>\</c> escapes. A pattern that does not compile matches nothing, as Argo CD's does.
/// </summary>
internal static class ArgoCdGlob
{
    public static bool Matches(string pattern, string text) =>
        Compile(pattern) is { } regex && regex.IsMatch(text);

    /// <summary>The pattern as an anchored regular expression, or null when gobwas/glob would refuse it.</summary>
    public static Regex? Compile(string pattern)
    {
        var regex = new StringBuilder("^");
        var position = 0;
        if (!Sequence(pattern, ref position, regex, depth: 0) || position != pattern.Length) return null;
        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1));
    }

    /// <summary>Reads until the end, or (inside braces) until the <c>,</c> or <c>}</c> that ends the alternative.</summary>
    private static bool Sequence(string p, ref int i, StringBuilder regex, int depth)
    {
        while (i < p.Length)
        {
            var c = p[i];
            if (depth > 0 && c is ',' or '}') return true;
            switch (c)
            {
                case '*':
                    while (i < p.Length && p[i] == '*') i++;
                    regex.Append(".*");
                    continue;
                case '?':
                    regex.Append('.');
                    break;
                case '\\':
                    if (++i == p.Length) return false;
                    regex.Append(Regex.Escape(p[i].ToString()));
                    break;
                case '[':
                    if (!Class(p, ref i, regex)) return false;
                    break;
                case '{':
                    if (depth > 32) return false;
                    i++;
                    regex.Append("(?:");
                    while (true)
                    {
                        if (!Sequence(p, ref i, regex, depth + 1) || i == p.Length) return false; // an unclosed brace
                        if (p[i] == '}') break;
                        regex.Append('|');
                        i++;
                    }
                    regex.Append(')');
                    break;
                case ']':
                    return false; // gobwas refuses a closing bracket with no opening one
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
            i++;
        }
        return depth == 0;
    }

    /// <summary><c>[abc]</c>, <c>[a-z]</c>, <c>[!…]</c>: at <paramref name="i"/> the <c>[</c>; leaves <paramref name="i"/> at the <c>]</c>.</summary>
    private static bool Class(string p, ref int i, StringBuilder regex)
    {
        var end = p.IndexOf(']', i + 1);
        if (end < 0) return false;
        var body = p[(i + 1)..end];
        var negated = body.StartsWith('!');
        if (negated) body = body[1..];
        if (body.Length == 0) return false;
        regex.Append(negated ? "[^" : "[");
        for (var k = 0; k < body.Length; k++)
        {
            if (k + 2 < body.Length && body[k + 1] == '-')
            {
                if (body[k] > body[k + 2]) return false;
                regex.Append(Regex.Escape(body[k].ToString())).Append('-').Append(Regex.Escape(body[k + 2].ToString()));
                k += 2;
            }
            else regex.Append(body[k] is '\\' or '^' or '-' or '[' ? "\\" + body[k] : body[k].ToString());
        }
        regex.Append(']');
        i = end;
        return true;
    }
}
