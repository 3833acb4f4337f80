using System.Globalization;

namespace Acolhimento.Validation.Yaml;

/// <summary>
/// The parts of Go's <c>strconv</c> that go-yaml v2 reads numbers with (<c>ParseInt</c>/<c>ParseUint</c> with base 0 or an
/// explicit base, decimal <c>ParseFloat</c>) and that encoding/json writes them with, restated with their exact
/// acceptance: base prefixes 0b/0o/0x in either case, a bare leading 0 for octal, a sign only where Go takes one,
/// underscores only between digits, out-of-range floats refused rather than made infinite.
/// </summary>
internal static class GoNumbers
{
    /// <summary><c>strconv.ParseUint(s, numberBase, 64)</c>.</summary>
    public static bool TryParseUint(ReadOnlySpan<char> s, int numberBase, out ulong result)
    {
        result = 0;
        if (s.IsEmpty) return false;
        var whole = s;
        var base0 = numberBase == 0;
        if (base0)
        {
            numberBase = 10;
            if (s[0] == '0')
            {
                var prefix = s.Length >= 3 ? Lower(s[1]) : '\0';
                numberBase = prefix switch
                {
                    'b' => 2,
                    'x' => 16,
                    _ => 8,
                };
                s = prefix is 'b' or 'o' or 'x' ? s[2..] : s[1..];
            }
        }
        var underscores = false;
        ulong n = 0;
        var cutoff = ulong.MaxValue / (ulong)numberBase + 1;
        foreach (var c in s)
        {
            int digit;
            if (c == '_' && base0)
            {
                underscores = true;
                continue;
            }
            if (c is >= '0' and <= '9') digit = c - '0';
            else if (Lower(c) is >= 'a' and <= 'z' and var lower) digit = lower - 'a' + 10;
            else return false;
            if (digit >= numberBase || n >= cutoff) return false;
            n *= (ulong)numberBase;
            var next = n + (ulong)digit;
            if (next < n) return false;
            n = next;
        }
        if (underscores && !UnderscoresOk(whole)) return false;
        result = n;
        return true;
    }

    /// <summary><c>strconv.ParseInt(s, numberBase, 64)</c>: an optional sign, then <see cref="TryParseUint"/> within int64.</summary>
    public static bool TryParseInt(ReadOnlySpan<char> s, int numberBase, out long result)
    {
        result = 0;
        if (s.IsEmpty) return false;
        var negative = s[0] == '-';
        if (s[0] is '+' or '-') s = s[1..];
        if (!TryParseUint(s, numberBase, out var magnitude)) return false;
        const ulong cutoff = 1UL << 63;
        if (!negative && magnitude >= cutoff) return false;
        if (negative && magnitude > cutoff) return false;
        result = negative ? (long)(0 - magnitude) : (long)magnitude;
        return true;
    }

    /// <summary>go-yaml's <c>yamlStyleFloat</c>: <c>^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$</c>.</summary>
    public static bool IsYamlStyleFloat(ReadOnlySpan<char> s)
    {
        var i = 0;
        if (i < s.Length && s[i] is '+' or '-') i++;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            if (Digits(s, ref i) == 0) return false;
        }
        else
        {
            if (Digits(s, ref i) == 0) return false;
            if (i < s.Length && s[i] == '.')
            {
                i++;
                Digits(s, ref i);
            }
        }
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            if (i < s.Length && s[i] is '+' or '-') i++;
            if (Digits(s, ref i) == 0) return false;
        }
        return i == s.Length;
    }

    /// <summary>
    /// <c>strconv.ParseFloat(s, 64)</c> for decimal text, the only kind go-yaml hands it (a leading dot, or text that
    /// passed <see cref="IsYamlStyleFloat"/>): underscores between digits are allowed, a value beyond float64's range is
    /// an error (Go's ErrRange), one below it is zero.
    /// </summary>
    public static bool TryParseFloat(ReadOnlySpan<char> s, out double result)
    {
        result = 0;
        var i = 0;
        if (i < s.Length && s[i] is '+' or '-') i++;
        var sawDigits = false;
        var sawDot = false;
        var underscores = false;
        for (; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '_') underscores = true;
            else if (c == '.' && !sawDot) sawDot = true;
            else if (c is >= '0' and <= '9') sawDigits = true;
            else break;
        }
        if (!sawDigits) return false;
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            if (i < s.Length && s[i] is '+' or '-') i++;
            if (i >= s.Length || s[i] is < '0' or > '9') return false;
            for (; i < s.Length && (s[i] is >= '0' and <= '9' or '_'); i++)
            {
                if (s[i] == '_') underscores = true;
            }
        }
        if (i != s.Length) return false;
        if (underscores && !UnderscoresOk(s)) return false;
        Span<char> buffer = s.Length <= 256 ? stackalloc char[s.Length] : new char[s.Length];
        var length = 0;
        foreach (var c in s)
        {
            if (c != '_') buffer[length++] = c;
        }
        if (!double.TryParse(buffer[..length], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                CultureInfo.InvariantCulture, out result)) return false;
        return double.IsFinite(result);
    }

    /// <summary>strconv's <c>underscoreOK</c>: an underscore only between digits, or between a base prefix and a digit.</summary>
    private static bool UnderscoresOk(ReadOnlySpan<char> s)
    {
        var saw = '^';
        var i = 0;
        if (s.Length >= 1 && s[0] is '-' or '+') s = s[1..];
        var hex = false;
        if (s.Length >= 2 && s[0] == '0' && Lower(s[1]) is 'b' or 'o' or 'x')
        {
            i = 2;
            saw = '0';
            hex = Lower(s[1]) == 'x';
        }
        for (; i < s.Length; i++)
        {
            var c = s[i];
            if (c is >= '0' and <= '9' || (hex && Lower(c) is >= 'a' and <= 'f'))
            {
                saw = '0';
                continue;
            }
            if (c == '_')
            {
                if (saw != '0') return false;
                saw = '_';
                continue;
            }
            if (saw == '_') return false;
            saw = '!';
        }
        return saw != '_';
    }

    /// <summary>Go's <c>lower</c>: ASCII letters only, as strconv reads bytes.</summary>
    private static char Lower(char c) => c < 128 ? (char)(c | 0x20) : c;

    private static int Digits(ReadOnlySpan<char> s, ref int i)
    {
        var start = i;
        while (i < s.Length && s[i] is >= '0' and <= '9') i++;
        return i - start;
    }
}
