using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace Acolhimento.Validation.Schema.Cel;

/// <summary>
/// The regular expressions of one rule, translated from RE2 (the syntax CEL's <c>matches</c> uses) once and shared by
/// every evaluation of the rule, on any thread.
/// </summary>
public sealed class CelRegexCache
{
    private readonly ConcurrentDictionary<string, Lazy<CelRegex>> _compiled = new(StringComparer.Ordinal);

    public CelRegex Get(string pattern) => _compiled.GetOrAdd(pattern, p => new Lazy<CelRegex>(() => CelRegex.Compile(p))).Value;
}

/// <summary>
/// An RE2 pattern as a .NET regular expression with RE2's meaning: <c>\d \w \s</c> are ASCII, <c>$</c> is the end of
/// the text (outside multi-line mode), <c>(?P&lt;name&gt;…)</c> names a group. What RE2 refuses (look-arounds,
/// back-references, atomic groups, <c>\Z</c>, repetition counts over 1000) is an error, as the API server reports it;
/// what RE2 accepts but cannot be carried over faithfully (<c>\Q…\E</c>, <c>\C</c>, Unicode scripts, octal escapes)
/// makes the rule not evaluated. Matching uses .NET's non-backtracking engine: linear time, whatever the input.
/// </summary>
public sealed class CelRegex
{
    private static readonly TimeSpan MatchLimit = TimeSpan.FromMilliseconds(500);

    private static readonly (string Posix, string Range)[] PosixClasses =
    [
        ("[:alnum:]", "0-9A-Za-z"), ("[:alpha:]", "A-Za-z"), ("[:ascii:]", "\\x00-\\x7F"), ("[:blank:]", "\\t "), ("[:cntrl:]", "\\x00-\\x1F\\x7F"),
        ("[:digit:]", "0-9"), ("[:graph:]", "!-~"), ("[:lower:]", "a-z"), ("[:print:]", " -~"), ("[:punct:]", "!-/:-@\\[-`{-~"),
        ("[:space:]", "\\t\\n\\v\\f\\r "), ("[:upper:]", "A-Z"), ("[:word:]", "0-9A-Za-z_"), ("[:xdigit:]", "0-9A-Fa-f"),
    ];

    private readonly Regex? _regex;
    private readonly string? _error;

    private CelRegex(Regex? regex, string? error)
    {
        _regex = regex;
        _error = error;
    }

    public static CelRegex Compile(string pattern)
    {
        string translated;
        try
        {
            translated = Translate(pattern);
        }
        catch (Re2SyntaxException ex)
        {
            return new CelRegex(null, $"error parsing regexp: {ex.Message}: `{pattern}`");
        }
        var multiline = pattern.Contains("(?m", StringComparison.Ordinal) ? RegexOptions.Multiline : RegexOptions.None;
        try
        {
            return new CelRegex(new Regex(translated, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking | multiline, MatchLimit), null);
        }
        catch (NotSupportedException)
        {
            throw new CelUnsupportedException($"the regular expression `{pattern}` cannot be evaluated in linear time here");
        }
        catch (ArgumentException ex)
        {
            return new CelRegex(null, $"error parsing regexp: {ex.Message}: `{pattern}`");
        }
    }

    /// <summary>Whether the pattern matches anywhere in <paramref name="text"/> (CEL's <c>matches</c> is not anchored); an error value for an invalid pattern.</summary>
    public object IsMatch(string text) => Run(r => r.IsMatch(text));

    /// <summary>Kubernetes' <c>find</c>: the first match, or "".</summary>
    public object Find(string text) => Run(r => r.Match(text) is { Success: true } m ? m.Value : "");

    public object FindAll(string text, long limit) => Run(r =>
    {
        var found = new List<object>();
        if (limit == 0) return new CelArrayList(found);
        foreach (Match m in r.Matches(text))
        {
            found.Add(m.Value);
            if (limit > 0 && found.Count >= limit) break;
        }
        return new CelArrayList(found);
    });

    private object Run(Func<Regex, object> match)
    {
        if (_regex is null) return new CelError(_error!);
        try
        {
            return match(_regex);
        }
        catch (RegexMatchTimeoutException)
        {
            throw new CelUnsupportedException("a regular expression took too long to match");
        }
    }

    private sealed class Re2SyntaxException(string message) : Exception(message);

    private static string Translate(string pattern)
    {
        var output = new StringBuilder(pattern.Length + 16);
        var i = 0;
        var inClass = false;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                output.Append(Escape(pattern, ref i, inClass));
                continue;
            }
            if (inClass)
            {
                if (c == '[' && pattern.AsSpan(i).StartsWith("[:"))
                {
                    var end = pattern.IndexOf(":]", i + 2, StringComparison.Ordinal);
                    var name = end < 0 ? "" : pattern[i..(end + 2)];
                    var range = PosixClasses.FirstOrDefault(p => p.Posix == name).Range;
                    if (range is null)
                    {
                        if (name.StartsWith("[:^", StringComparison.Ordinal)) throw new CelUnsupportedException($"the negated POSIX class {name} is not supported here");
                        throw new Re2SyntaxException($"invalid character class range: {name}");
                    }
                    output.Append(range);
                    i = end + 2;
                    continue;
                }
                if (c == '[') output.Append("\\[");
                else output.Append(c);
                if (c == ']') inClass = false;
                i++;
                continue;
            }
            switch (c)
            {
                case '[':
                    inClass = true;
                    output.Append(c);
                    i++;
                    if (i < pattern.Length && pattern[i] == '^') output.Append(pattern[i++]);
                    if (i < pattern.Length && pattern[i] == ']') { output.Append("\\]"); i++; } // a leading ] is literal
                    continue;
                case '(' when pattern.AsSpan(i).StartsWith("(?"):
                    output.Append(Group(pattern, ref i));
                    continue;
                case '$':
                    output.Append(pattern.Contains("(?m", StringComparison.Ordinal) ? "(?=\\n|\\z)" : "\\z");
                    i++;
                    continue;
                case '{':
                    CheckRepetition(pattern, i);
                    break;
            }
            output.Append(c);
            i++;
        }
        if (inClass) throw new Re2SyntaxException("missing closing ]");
        return output.ToString();
    }

    private static string Group(string pattern, ref int i)
    {
        var rest = pattern.AsSpan(i);
        foreach (var refused in new[] { "(?=", "(?!", "(?<=", "(?<!", "(?>", "(?#", "(?(" })
        {
            if (rest.StartsWith(refused)) throw new Re2SyntaxException($"invalid or unsupported Perl syntax: `{refused}`");
        }
        if (rest.StartsWith("(?P<"))
        {
            i += 4;
            return "(?<";
        }
        if (rest.StartsWith("(?<") || rest.StartsWith("(?:"))
        {
            i += 3;
            return rest[..3].ToString();
        }
        // Flags: (?flags) or (?flags:…) with flags among i, m, s, U and a '-'.
        var j = 2;
        while (j < rest.Length && rest[j] is 'i' or 'm' or 's' or 'U' or '-') j++;
        if (j == 2 || j >= rest.Length || rest[j] is not (')' or ':')) throw new Re2SyntaxException($"invalid or unsupported Perl syntax: `{rest[..Math.Min(rest.Length, j + 1)]}`");
        var flags = rest[2..j];
        if (flags.Contains('U')) throw new CelUnsupportedException("the ungreedy flag (?U) is not supported here");
        i += j;
        return "(?" + flags.ToString();
    }

    private static void CheckRepetition(string pattern, int i)
    {
        var close = pattern.IndexOf('}', i);
        if (close < 0) return;
        var body = pattern[(i + 1)..close];
        foreach (var part in body.Split(','))
        {
            if (part.Length > 0 && part.All(char.IsAsciiDigit) && (part.Length > 4 || int.Parse(part, System.Globalization.CultureInfo.InvariantCulture) > 1000))
            {
                throw new Re2SyntaxException($"invalid repeat count: `{{{body}}}`");
            }
        }
    }

    private static string Escape(string pattern, ref int i, bool inClass)
    {
        if (i + 1 >= pattern.Length) throw new Re2SyntaxException("trailing backslash at end of expression");
        var e = pattern[i + 1];
        i += 2;
        switch (e)
        {
            case 'd': return inClass ? "0-9" : "[0-9]";
            case 'w': return inClass ? "0-9A-Za-z_" : "[0-9A-Za-z_]";
            case 's': return inClass ? "\\t\\n\\f\\r " : "[\\t\\n\\f\\r ]";
            case 'D': return inClass ? throw new CelUnsupportedException("\\D inside a character class is not supported here") : "[^0-9]";
            case 'W': return inClass ? throw new CelUnsupportedException("\\W inside a character class is not supported here") : "[^0-9A-Za-z_]";
            case 'S': return inClass ? throw new CelUnsupportedException("\\S inside a character class is not supported here") : "[^\\t\\n\\f\\r ]";
            case 'A' or 'z' or 'b' or 'B' when !inClass: return "\\" + e;
            case 'a' or 'f' or 't' or 'n' or 'r' or 'v': return "\\" + e;
            case 'p' or 'P': return UnicodeClass(pattern, ref i, e);
            case 'x':
                if (i < pattern.Length && pattern[i] == '{')
                {
                    var close = pattern.IndexOf('}', i);
                    if (close < 0) throw new Re2SyntaxException("invalid escape sequence: `\\x{`");
                    var code = Convert.ToInt32(pattern[(i + 1)..close], 16);
                    i = close + 1;
                    if (code > 0xFFFF) throw new CelUnsupportedException("a \\x{…} escape beyond the Basic Multilingual Plane is not supported here");
                    return $"\\u{code:X4}";
                }
                return "\\x";
            case 'Q' or 'C': throw new CelUnsupportedException($"the RE2 escape \\{e} is not supported here");
            case >= '0' and <= '9': throw new Re2SyntaxException($"invalid escape sequence: `\\{e}`");
        }
        if (char.IsAsciiLetterOrDigit(e)) throw new Re2SyntaxException($"invalid escape sequence: `\\{e}`");
        return "\\" + e;
    }

    private static string UnicodeClass(string pattern, ref int i, char e)
    {
        string name;
        if (i < pattern.Length && pattern[i] == '{')
        {
            var close = pattern.IndexOf('}', i);
            if (close < 0) throw new Re2SyntaxException("invalid character class range");
            name = pattern[(i + 1)..close];
            i = close + 1;
        }
        else if (i < pattern.Length)
        {
            name = pattern[i].ToString();
            i++;
        }
        else
        {
            throw new Re2SyntaxException("invalid character class range");
        }
        var negated = name.StartsWith('^');
        if (negated) name = name[1..];
        // General categories (L, Lu, Nd…) mean the same in both engines; scripts (Greek, Latin…) have no .NET equivalent.
        if (name.Length is < 1 or > 2 || !char.IsAsciiLetterUpper(name[0])) throw new CelUnsupportedException($"the Unicode class \\{e}{{{name}}} is not supported here");
        return $"\\{(negated ^ (e == 'P') ? 'P' : 'p')}{{{name}}}";
    }
}
