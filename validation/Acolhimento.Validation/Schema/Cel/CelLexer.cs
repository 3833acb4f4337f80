using System.Globalization;
using System.Text;

namespace Acolhimento.Validation.Schema.Cel;

internal enum CelTokenKind
{
    End,
    Identifier,
    Int,
    Uint,
    Double,
    String,
    Bytes,
    Punctuation,
}

/// <summary>One token; <see cref="Value"/> is the literal's value (long, ulong, double, string, byte[]) or the identifier/punctuation text.</summary>
internal readonly record struct CelToken(CelTokenKind Kind, string Text, object? Value, int Position);

/// <summary>
/// The lexical grammar of CEL (langdef "Syntax"): identifiers, decimal and hexadecimal ints, <c>u</c>-suffixed uints,
/// doubles, single/double/triple-quoted strings with escapes, raw (<c>r</c>) and bytes (<c>b</c>) prefixes, and
/// <c>//</c> comments. An integer literal without sign that does not fit is kept as text so the parser can accept
/// <c>-9223372036854775808</c>.
/// </summary>
internal static class CelLexer
{
    private static readonly string[] Punctuations = ["==", "!=", "<=", ">=", "&&", "||", ".?", "<", ">", "!", "+", "-", "*", "/", "%", "?", ":", ".", ",", "(", ")", "[", "]", "{", "}"];

    public static IReadOnlyList<CelToken> Tokenize(string text)
    {
        var tokens = new List<CelToken>();
        var i = 0;
        while (true)
        {
            i = SkipSpaceAndComments(text, i);
            if (i >= text.Length)
            {
                tokens.Add(new CelToken(CelTokenKind.End, "", null, i));
                return tokens;
            }
            var c = text[i];
            var start = i;
            if (IsStringStart(text, i, out var prefixLength))
            {
                tokens.Add(ReadString(text, ref i, prefixLength));
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_')) i++;
                tokens.Add(new CelToken(CelTokenKind.Identifier, text[start..i], null, start));
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                tokens.Add(ReadNumber(text, ref i));
            }
            else
            {
                var punctuation = Punctuations.FirstOrDefault(p => string.CompareOrdinal(text, i, p, 0, p.Length) == 0)
                    ?? throw new CelSyntaxException(i, $"unexpected character '{c}'");
                // ".?" is the optional field selection only before an identifier; "x ? .5 : 1" is a ternary.
                if (punctuation == ".?" && !(i + 2 < text.Length && (char.IsAsciiLetter(text[i + 2]) || text[i + 2] == '_'))) punctuation = ".";
                i += punctuation.Length;
                tokens.Add(new CelToken(CelTokenKind.Punctuation, punctuation, null, start));
            }
        }
    }

    private static int SkipSpaceAndComments(string text, int i)
    {
        while (i < text.Length)
        {
            if (text[i] is ' ' or '\t' or '\n' or '\r' or '\f') i++;
            else if (text[i] == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                while (i < text.Length && text[i] != '\n') i++;
            }
            else break;
        }
        return i;
    }

    private static bool IsStringStart(string text, int i, out int prefixLength)
    {
        static bool IsQuote(string t, int at) => at < t.Length && t[at] is '"' or '\'';
        static char Lower(string t, int at) => at < t.Length ? char.ToLowerInvariant(t[at]) : '\0';
        prefixLength = 0;
        if (IsQuote(text, i)) return true;
        var first = Lower(text, i);
        if (first is not ('r' or 'b')) return false;
        prefixLength = 1;
        if (IsQuote(text, i + 1)) return true;
        var second = Lower(text, i + 1);
        prefixLength = 2;
        return second is 'r' or 'b' && second != first && IsQuote(text, i + 2);
    }

    private static CelToken ReadString(string text, ref int i, int prefixLength)
    {
        var start = i;
        var prefix = text.Substring(i, prefixLength).ToLowerInvariant();
        var raw = prefix.Contains('r');
        var bytes = prefix.Contains('b');
        i += prefixLength;
        var quote = text[i];
        var triple = i + 2 < text.Length && text[i + 1] == quote && text[i + 2] == quote;
        var delimiter = new string(quote, triple ? 3 : 1);
        i += delimiter.Length;
        var chars = new StringBuilder();
        var byteValues = new List<byte>();
        void AppendRune(int codePoint)
        {
            var s = char.ConvertFromUtf32(codePoint);
            chars.Append(s);
            byteValues.AddRange(Encoding.UTF8.GetBytes(s));
        }
        while (true)
        {
            if (i >= text.Length) throw new CelSyntaxException(start, "unterminated string literal");
            if (string.CompareOrdinal(text, i, delimiter, 0, delimiter.Length) == 0)
            {
                i += delimiter.Length;
                break;
            }
            var c = text[i];
            if (!triple && c is '\n' or '\r') throw new CelSyntaxException(i, "line break in a string literal");
            if (c == '\\' && !raw)
            {
                ReadEscape(text, ref i, bytes, AppendRune, byteValues.Add);
                continue;
            }
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                AppendRune(char.ConvertToUtf32(c, text[i + 1]));
                i += 2;
                continue;
            }
            AppendRune(c);
            i++;
        }
        return bytes
            ? new CelToken(CelTokenKind.Bytes, text[start..i], byteValues.ToArray(), start)
            : new CelToken(CelTokenKind.String, text[start..i], chars.ToString(), start);
    }

    private static void ReadEscape(string text, ref int i, bool bytes, Action<int> appendRune, Action<byte> appendByte)
    {
        var at = i;
        if (i + 1 >= text.Length) throw new CelSyntaxException(at, "unterminated escape sequence");
        var e = text[i + 1];
        i += 2;
        switch (e)
        {
            case 'a': appendRune(7); return;
            case 'b': appendRune(8); return;
            case 'f': appendRune(12); return;
            case 'n': appendRune(10); return;
            case 'r': appendRune(13); return;
            case 't': appendRune(9); return;
            case 'v': appendRune(11); return;
            case '\\' or '\'' or '"' or '`' or '?': appendRune(e); return;
            case 'x' or 'X':
                var hex = Digits(text, ref i, 2, 16, at);
                if (bytes) appendByte((byte)hex);
                else appendRune(hex);
                return;
            case 'u' or 'U':
                if (bytes) throw new CelSyntaxException(at, "\\u escape in a bytes literal");
                var code = Digits(text, ref i, e == 'u' ? 4 : 8, 16, at);
                if (code > 0x10FFFF || code is >= 0xD800 and <= 0xDFFF) throw new CelSyntaxException(at, "invalid Unicode code point in escape");
                appendRune(code);
                return;
            case >= '0' and <= '3':
                i--;
                var octal = Digits(text, ref i, 3, 8, at);
                if (bytes) appendByte((byte)octal);
                else appendRune(octal);
                return;
            default:
                throw new CelSyntaxException(at, $"invalid escape sequence \\{e}");
        }
    }

    private static int Digits(string text, ref int i, int count, int radix, int at)
    {
        if (i + count > text.Length) throw new CelSyntaxException(at, "truncated escape sequence");
        var digits = text.Substring(i, count);
        var style = radix == 16 ? NumberStyles.AllowHexSpecifier : NumberStyles.None;
        if (radix == 8)
        {
            if (!digits.All(d => d is >= '0' and <= '7')) throw new CelSyntaxException(at, "invalid octal escape");
            i += count;
            return Convert.ToInt32(digits, 8);
        }
        if (!int.TryParse(digits, style, CultureInfo.InvariantCulture, out var value) && !uint.TryParse(digits, style, CultureInfo.InvariantCulture, out _))
        {
            throw new CelSyntaxException(at, "invalid hexadecimal escape");
        }
        i += count;
        return value;
    }

    private static CelToken ReadNumber(string text, ref int i)
    {
        var start = i;
        if (text[i] == '0' && i + 1 < text.Length && text[i + 1] is 'x' or 'X')
        {
            i += 2;
            while (i < text.Length && char.IsAsciiHexDigit(text[i])) i++;
            var digits = text[(start + 2)..i];
            if (digits.Length == 0) throw new CelSyntaxException(start, "hexadecimal literal without digits");
            var unsigned = ConsumeUnsignedSuffix(text, ref i);
            if (!ulong.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex)) throw new CelSyntaxException(start, "integer literal out of range");
            return unsigned ? new CelToken(CelTokenKind.Uint, text[start..i], hex, start) : IntToken(text[start..i], hex, start);
        }
        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        var isDouble = false;
        if (i + 1 < text.Length && text[i] == '.' && char.IsAsciiDigit(text[i + 1]))
        {
            isDouble = true;
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        }
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            var j = i + 1;
            if (j < text.Length && text[j] is '+' or '-') j++;
            if (j < text.Length && char.IsAsciiDigit(text[j]))
            {
                isDouble = true;
                i = j;
                while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
            }
        }
        var literal = text[start..i];
        if (isDouble) return new CelToken(CelTokenKind.Double, literal, double.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture), start);
        var isUnsigned = ConsumeUnsignedSuffix(text, ref i);
        if (!ulong.TryParse(literal, NumberStyles.None, CultureInfo.InvariantCulture, out var value)) throw new CelSyntaxException(start, "integer literal out of range");
        return isUnsigned ? new CelToken(CelTokenKind.Uint, text[start..i], value, start) : IntToken(literal, value, start);
    }

    private static bool ConsumeUnsignedSuffix(string text, ref int i)
    {
        if (i < text.Length && text[i] is 'u' or 'U')
        {
            i++;
            return true;
        }
        return false;
    }

    // 9223372036854775808 is kept as ulong: valid only directly after a unary minus, which the parser checks.
    private static CelToken IntToken(string literal, ulong value, int start) =>
        value <= long.MaxValue
            ? new CelToken(CelTokenKind.Int, literal, (long)value, start)
            : value == 9223372036854775808UL
                ? new CelToken(CelTokenKind.Int, literal, value, start)
                : throw new CelSyntaxException(start, "integer literal out of range");
}
