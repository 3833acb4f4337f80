using System.Globalization;
using System.Text;

namespace Acolhimento.Validation.Schema.Cel;

/// <summary>
/// String functions: CEL's standard <c>contains</c>, <c>startsWith</c>, <c>endsWith</c>, <c>matches</c>, and the
/// cel-go strings extension the Kubernetes environment includes (<c>charAt</c>, <c>indexOf</c>, <c>lastIndexOf</c>,
/// <c>lowerAscii</c>, <c>upperAscii</c>, <c>replace</c>, <c>split</c>, <c>substring</c>, <c>trim</c>, <c>join</c>,
/// <c>format</c>, <c>strings.quote</c>, <c>reverse</c>) and Kubernetes' <c>find</c>/<c>findAll</c>. Positions count
/// code points, as CEL strings do.
/// </summary>
internal static class CelStringFunctions
{
    public static object? Call(CelInterpreter interpreter, string function, bool memberStyle, object[] args)
    {
        var cost = interpreter.Cost;
        if (function == "join" && args is [CelList parts, ..] && memberStyle) return Join(cost, parts, args.Length > 1 ? args[1] : "");
        if (function == "strings.quote" && args is [string quoted]) return Quote(quoted);
        if (args.Length == 0 || args[0] is not string s) return null;
        cost.ChargeTraversal(s.Length);
        switch (function, args.Length)
        {
            case ("contains", 2) when args[1] is string t: return s.Contains(t, StringComparison.Ordinal);
            case ("startsWith", 2) when args[1] is string t: return s.StartsWith(t, StringComparison.Ordinal);
            case ("endsWith", 2) when args[1] is string t: return s.EndsWith(t, StringComparison.Ordinal);
            case ("matches", 2) when args[1] is string pattern:
                cost.ChargeTraversal(s.Length, CelCost.RegexStringLengthCostFactor);
                return interpreter.Regexes.Get(pattern).IsMatch(s);
            case ("find", 2) when args[1] is string pattern:
                cost.ChargeTraversal(s.Length, CelCost.RegexStringLengthCostFactor);
                return interpreter.Regexes.Get(pattern).Find(s);
            case ("findAll", 2 or 3) when args[1] is string pattern:
                cost.ChargeTraversal(s.Length, CelCost.RegexStringLengthCostFactor);
                var limit = args.Length == 3 ? args[2] as long? : -1;
                if (limit is null) return null;
                return interpreter.Regexes.Get(pattern).FindAll(s, limit.Value);
            case ("lowerAscii", 1): return AsciiCase(s, upper: false);
            case ("upperAscii", 1): return AsciiCase(s, upper: true);
            case ("trim", 1): return s.Trim(UnicodeWhitespace);
            case ("reverse", 1): return string.Concat(Runes(s).AsEnumerable().Reverse().Select(r => r.ToString()));
            case ("charAt", 2) when args[1] is long index:
                var runes = Runes(s);
                return index < 0 || index > runes.Length ? new CelError($"index out of range: {index}") : index == runes.Length ? "" : runes[index].ToString();
            case ("indexOf" or "lastIndexOf", 2 or 3) when args[1] is string t:
                return IndexOf(s, t, args.Length == 3 ? args[2] : null, last: function == "lastIndexOf");
            case ("substring", 2 or 3) when args[1] is long start:
                return Substring(s, start, args.Length == 3 ? args[2] : null);
            case ("replace", 3 or 4) when args[1] is string old && args[2] is string replacement:
                return Replace(cost, s, old, replacement, args.Length == 4 ? args[3] : -1L);
            case ("split", 2 or 3) when args[1] is string separator:
                return Split(s, separator, args.Length == 3 ? args[2] : -1L);
            case ("format", 2) when args[1] is CelList values:
                return CelFormat.Format(s, values);
        }
        return null;
    }

    private static readonly char[] UnicodeWhitespace =
        [' ', '\t', '\n', '\v', '\f', '\r', '\u0085', '\u00a0', '\u1680', '\u2000', '\u2001', '\u2002', '\u2003', '\u2004', '\u2005', '\u2006', '\u2007', '\u2008', '\u2009', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000'];

    private static Rune[] Runes(string s) => s.EnumerateRunes().ToArray();

    private static string AsciiCase(string s, bool upper)
    {
        var chars = s.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (upper && chars[i] is >= 'a' and <= 'z') chars[i] = (char)(chars[i] - 32);
            else if (!upper && chars[i] is >= 'A' and <= 'Z') chars[i] = (char)(chars[i] + 32);
        }
        return new string(chars);
    }

    private static object IndexOf(string s, string t, object? offsetArg, bool last)
    {
        var runes = Runes(s);
        var needle = Runes(t);
        long offset = offsetArg switch
        {
            null => last ? runes.Length : 0,
            long l => l,
            _ => -2,
        };
        if (offsetArg is not (null or long)) return CelError.NoSuchOverload(last ? "lastIndexOf" : "indexOf", s, t, offsetArg);
        if (offset < 0 || offset > runes.Length) return new CelError($"index out of range: {offset}");
        if (!last)
        {
            for (var i = (int)offset; i + needle.Length <= runes.Length; i++)
            {
                if (runes.AsSpan(i, needle.Length).SequenceEqual(needle)) return (long)i;
            }
            return -1L;
        }
        for (var i = Math.Min((int)offset, runes.Length - needle.Length); i >= 0; i--)
        {
            if (runes.AsSpan(i, needle.Length).SequenceEqual(needle)) return (long)i;
        }
        return -1L;
    }

    private static object Substring(string s, long start, object? endArg)
    {
        var runes = Runes(s);
        if (endArg is not (null or long)) return CelError.NoSuchOverload("substring", s, start, endArg);
        var end = endArg as long? ?? runes.Length;
        if (start < 0 || start > runes.Length) return new CelError($"index out of range: {start}");
        if (end < 0 || end > runes.Length) return new CelError($"index out of range: {end}");
        if (start > end) return new CelError($"invalid substring range. start: {start}, end: {end}");
        return string.Concat(runes[(int)start..(int)end].Select(r => r.ToString()));
    }

    private static object Replace(CelCost cost, string s, string old, string replacement, object limitArg)
    {
        if (limitArg is not long limit) return CelError.NoSuchOverload("replace", s, old, replacement, limitArg);
        if (limit == 0) return s;
        var result = new StringBuilder();
        var position = 0;
        var done = 0L;
        while (limit < 0 || done < limit)
        {
            // Go's strings.Replace with an empty old string inserts between every rune (and at both ends).
            int at;
            if (old.Length == 0)
            {
                if (position > s.Length) break;
                at = position;
            }
            else
            {
                at = s.IndexOf(old, position, StringComparison.Ordinal);
                if (at < 0) break;
            }
            result.Append(s, position, at - position).Append(replacement);
            cost.ChargeTraversal(replacement.Length);
            done++;
            if (old.Length == 0)
            {
                if (at >= s.Length)
                {
                    position = s.Length + 1;
                    break;
                }
                var step = char.IsHighSurrogate(s[at]) && at + 1 < s.Length ? 2 : 1;
                result.Append(s, at, step);
                position = at + step;
            }
            else
            {
                position = at + old.Length;
            }
        }
        if (position <= s.Length) result.Append(s, position, s.Length - position);
        return result.ToString();
    }

    private static object Split(string s, string separator, object limitArg)
    {
        if (limitArg is not long limit) return CelError.NoSuchOverload("split", s, separator, limitArg);
        if (limit == 0) return CelArrayList.Empty;
        if (separator.Length == 0)
        {
            var runes = Runes(s).Select(r => r.ToString()).ToList();
            if (limit > 0 && runes.Count > limit) runes = [.. runes.Take((int)limit - 1), string.Concat(runes.Skip((int)limit - 1))];
            return new CelArrayList(runes.Cast<object>().ToList());
        }
        var parts = limit < 0 ? s.Split(separator) : s.Split(separator, (int)Math.Min(limit, int.MaxValue));
        return new CelArrayList(parts.Cast<object>().ToList());
    }

    private static object Join(CelCost cost, CelList parts, object separator)
    {
        if (separator is not string sep) return CelError.NoSuchOverload("join", parts, separator);
        var texts = new List<string>(parts.Count);
        foreach (var part in parts.Items())
        {
            if (part is not string text) return CelError.NoSuchOverload("join", parts, separator);
            texts.Add(text);
        }
        var joined = string.Join(sep, texts);
        cost.ChargeTraversal(joined.Length);
        return joined;
    }

    /// <summary>strings.quote: the string in double quotes with escapes, as cel-go writes it.</summary>
    public static string Quote(string s)
    {
        var builder = new StringBuilder("\"");
        foreach (var rune in s.EnumerateRunes())
        {
            builder.Append(rune.Value switch
            {
                7 => "\\a",
                8 => "\\b",
                12 => "\\f",
                10 => "\\n",
                13 => "\\r",
                9 => "\\t",
                11 => "\\v",
                '\\' => "\\\\",
                '"' => "\\\"",
                _ => rune.ToString(),
            });
        }
        return builder.Append('"').ToString();
    }
}

/// <summary>The strings extension's <c>format</c>: %s %d %f %e %x %X %o %b and %%, with an optional precision for %f and %e.</summary>
internal static class CelFormat
{
    public static object Format(string template, CelList values)
    {
        var result = new StringBuilder();
        var next = 0;
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c != '%')
            {
                result.Append(c);
                continue;
            }
            if (++i >= template.Length) return new CelError("unexpected end of format string");
            if (template[i] == '%')
            {
                result.Append('%');
                continue;
            }
            int? precision = null;
            if (template[i] == '.')
            {
                var start = ++i;
                while (i < template.Length && char.IsAsciiDigit(template[i])) i++;
                if (i == start || i >= template.Length) return new CelError("invalid precision in format string");
                precision = int.Parse(template.AsSpan(start, i - start), CultureInfo.InvariantCulture);
                if (precision > 100) return new CelError("precision too large in format string");
            }
            if (next >= values.Count) return new CelError($"index {next} out of range");
            var formatted = Verb(template[i], precision, values[next++]);
            if (formatted is CelError) return formatted;
            result.Append((string)formatted);
        }
        return result.ToString();
    }

    private static object Verb(char verb, int? precision, object value) => verb switch
    {
        's' => AsString(value),
        'd' => value switch
        {
            long or ulong => CelTypes.Format(value)!,
            double d when double.IsNaN(d) || double.IsInfinity(d) => CelTypes.Format(d)!,
            _ => new CelError($"error during formatting: decimal clause can only be used on integers, was given {CelTypes.NameOf(value)}"),
        },
        'f' or 'e' when value is double or long or ulong => Fixed(verb, precision ?? 6, Convert.ToDouble(value, CultureInfo.InvariantCulture)),
        'x' or 'X' => Hex(value, verb == 'X'),
        'o' when value is long or ulong => value is long l ? (l < 0 ? "-" + Convert.ToString(-l, 8) : Convert.ToString(l, 8)) : Convert.ToString((long)(ulong)value, 8),
        'b' when value is long or ulong or bool => value switch
        {
            bool b => b ? "1" : "0",
            long l => l < 0 ? "-" + Convert.ToString(-l, 2) : Convert.ToString(l, 2),
            _ => Convert.ToString((long)(ulong)value, 2),
        },
        _ => new CelError($"could not parse formatting clause: unrecognized formatting clause \"{verb}\" for {CelTypes.NameOf(value)}"),
    };

    private static string Fixed(char verb, int precision, double d)
    {
        if (double.IsNaN(d)) return "NaN";
        if (double.IsInfinity(d)) return d > 0 ? "Infinity" : "-Infinity";
        if (verb == 'f') return d.ToString("F" + precision, CultureInfo.InvariantCulture);
        var text = d.ToString((precision == 0 ? "0" : "0." + new string('0', precision)) + "e+00", CultureInfo.InvariantCulture);
        return text;
    }

    private static object Hex(object value, bool upper)
    {
        var text = value switch
        {
            long l => l < 0 ? "-" + ((ulong)(-(l + 1)) + 1).ToString("x", CultureInfo.InvariantCulture) : l.ToString("x", CultureInfo.InvariantCulture),
            ulong u => u.ToString("x", CultureInfo.InvariantCulture),
            string s => Convert.ToHexString(Encoding.UTF8.GetBytes(s)).ToLowerInvariant(),
            CelBytes b => Convert.ToHexString(b.Value).ToLowerInvariant(),
            _ => null,
        };
        if (text is null) return new CelError($"error during formatting: only integers, byte buffers, and strings can be formatted as hex, was given {CelTypes.NameOf(value)}");
        return upper ? text.ToUpperInvariant() : text;
    }

    private static object AsString(object value)
    {
        switch (value)
        {
            case CelList list:
                var parts = new List<string>();
                foreach (var item in list.Items())
                {
                    var part = AsString(item);
                    if (part is CelError) return part;
                    parts.Add(item is string s ? s : (string)part);
                }
                return "[" + string.Join(", ", parts) + "]";
            case CelMap map:
                var entries = new List<string>();
                foreach (var key in map.Keys)
                {
                    map.TryGet(key, out var v);
                    var k = AsString(key);
                    var formatted = AsString(v);
                    if (k is CelError) return k;
                    if (formatted is CelError) return formatted;
                    entries.Add($"{k}: {formatted}");
                }
                entries.Sort(StringComparer.Ordinal);
                return "{" + string.Join(", ", entries) + "}";
            case CelNull:
                return "null";
        }
        var text = CelConversions.ToText(value);
        return text is string ? text : new CelError($"error during formatting: string clause can only be used on strings, bools, bytes, ints, doubles, maps, lists, types, durations, and timestamps, was given {CelTypes.NameOf(value)}");
    }
}
