using System.Globalization;

namespace Acolhimento.Validation.Yaml;

/// <summary>What go-yaml v2 decodes a scalar into when the target is <c>interface{}</c>, as sigs.k8s.io/yaml asks it to.</summary>
internal enum GoKind
{
    Null,
    Bool,
    /// <summary>A Go <c>int</c>/<c>int64</c>.</summary>
    Int,
    /// <summary>A Go <c>uint64</c>: an integer above int64's range.</summary>
    Uint,
    Float,
    String,
    /// <summary>Resolved as a timestamp, which go-yaml hands to <c>interface{}</c> as the original text.</summary>
    Timestamp,
    /// <summary>go-yaml refuses the scalar (a tag its text does not fit, bad base64); <see cref="GoScalar.Text"/> says why.</summary>
    Error,
}

/// <summary>A scalar as go-yaml v2 decodes it: the Go type and value; <see cref="Text"/> is the string, or the error message.</summary>
internal readonly record struct GoScalar(GoKind Kind, long Int = 0, ulong Uint = 0, double Float = 0, string? Text = null)
{
    public static GoScalar Str(string text) => new(GoKind.String, Text: text);
}

/// <summary>
/// go-yaml v2's scalar resolution (gopkg.in/yaml.v2 <c>resolve.go</c> <c>resolve()</c> and <c>decode.go</c>
/// <c>scalar()</c>; go.yaml.in/yaml/v2 v2.4.2, which sigs.k8s.io/yaml uses) restated: the first character's class picks
/// the path (<see cref="Hint"/>), whole words come from one table (<see cref="WordSpellings"/>), numbers are read with Go's
/// <c>strconv</c> rules (<see cref="GoNumbers"/>). YAML 1.1 sexagesimal numbers (<c>1:20</c>) are deliberately not
/// supported by go-yaml and so are strings here too.
/// </summary>
internal static class GoYamlResolve
{
    public const string TagPrefix = "tag:yaml.org,2002:";
    public const string StrTag = TagPrefix + "str";
    public const string IntTag = TagPrefix + "int";
    public const string FloatTag = TagPrefix + "float";
    public const string BoolTag = TagPrefix + "bool";
    public const string NullTag = TagPrefix + "null";
    public const string TimestampTag = TagPrefix + "timestamp";
    public const string BinaryTag = TagPrefix + "binary";
    public const string MergeTag = TagPrefix + "merge";

    /// <summary>The longest word of <see cref="WordSpellings"/>: longer text is never looked up.</summary>
    public const int LongestWord = 5;

    /// <summary>resolve.go's <c>resolveMapList</c>: every spelling go-yaml v2 reads as a boolean, null or special float.</summary>
    private static readonly (GoScalar Value, string[] Spellings)[] WordTable =
    [
        (new(GoKind.Bool, Int: 1), ["y", "Y", "yes", "Yes", "YES"]),
        (new(GoKind.Bool, Int: 1), ["true", "True", "TRUE"]),
        (new(GoKind.Bool, Int: 1), ["on", "On", "ON"]),
        (new(GoKind.Bool, Int: 0), ["n", "N", "no", "No", "NO"]),
        (new(GoKind.Bool, Int: 0), ["false", "False", "FALSE"]),
        (new(GoKind.Bool, Int: 0), ["off", "Off", "OFF"]),
        (new(GoKind.Null), ["", "~", "null", "Null", "NULL"]),
        (new(GoKind.Float, Float: double.NaN), [".nan", ".NaN", ".NAN"]),
        (new(GoKind.Float, Float: double.PositiveInfinity), [".inf", ".Inf", ".INF"]),
        (new(GoKind.Float, Float: double.PositiveInfinity), ["+.inf", "+.Inf", "+.INF"]),
        (new(GoKind.Float, Float: double.NegativeInfinity), ["-.inf", "-.Inf", "-.INF"]),
        // "<<" is in go-yaml's table too, but '<' has no hint, so the table is never asked for it: a merge key is
        // recognised by the decoder from the plain text "<<" (see YamlReader), and as a value "<<" is a string.
    ];

    /// <summary>Each spelling's row of <see cref="WordTable"/>. A plain dictionary of row numbers: a frozen one keyed to the
    /// <see cref="GoScalar"/> struct cost about 20 ms of JIT compilation on every run for forty words.</summary>
    private static readonly Dictionary<string, int> WordRows = RowsBySpelling();

    private static Dictionary<string, int> RowsBySpelling()
    {
        var rows = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var row = 0; row < WordTable.Length; row++)
        {
            foreach (var spelling in WordTable[row].Spellings) rows.Add(spelling, row);
        }
        return rows;
    }

    /// <summary>The value of a word of go-yaml's table (<see cref="WordSpellings"/>), if <paramref name="text"/> is one.</summary>
    public static bool TryWord(string text, out GoScalar value)
    {
        var found = WordRows.TryGetValue(text, out var row);
        value = found ? WordTable[row].Value : default;
        return found;
    }

    public static IEnumerable<string> WordSpellings => WordTable.SelectMany(row => row.Spellings);

    /// <summary>resolve.go's <c>resolveTable</c>: the class of a scalar's first character.</summary>
    public enum HintClass : byte
    {
        /// <summary>No hint: the scalar is a string without further reading.</summary>
        None,
        /// <summary><c>yYnNtTfFoO~</c>: only a word of the table.</summary>
        Word,
        /// <summary><c>.</c>: a word, or a float read by <c>strconv.ParseFloat</c>.</summary>
        Dot,
        /// <summary>A digit or a sign: timestamp, integer or float.</summary>
        Number,
    }

    public static HintClass Hint(char first) => first switch
    {
        >= '0' and <= '9' or '+' or '-' => HintClass.Number,
        'y' or 'Y' or 'n' or 'N' or 't' or 'T' or 'f' or 'F' or 'o' or 'O' or '~' => HintClass.Word,
        '.' => HintClass.Dot,
        _ => HintClass.None,
    };

    /// <summary>
    /// go-yaml v2's <c>resolve(tag, in)</c> followed by its decoder's handling for an <c>interface{}</c> target.
    /// <paramref name="tag"/> is the explicit tag in long form, or null for a plain untagged scalar; a quoted untagged
    /// scalar is a string and never comes here.
    /// </summary>
    public static GoScalar Resolve(string text, string? tag)
    {
        if (tag is null) return ResolveImplicit(text, checkTimestamp: true);
        switch (tag)
        {
            case StrTag:
                return GoScalar.Str(text);
            case BinaryTag:
                return GoBase64.TryDecodeToGoString(text, out var decoded) ? GoScalar.Str(decoded) : new(GoKind.Error, Text: "!!binary value contains invalid base64 data");
            case BoolTag or IntTag or FloatTag or NullTag or TimestampTag:
                break;
            default:
                return GoScalar.Str(text); // a tag go-yaml cannot resolve ("!", local and unknown tags): the text as is
        }
        var resolved = ResolveImplicit(text, checkTimestamp: tag == TimestampTag);
        var resolvedTag = TagOf(resolved.Kind);
        if (resolvedTag == tag) return resolved;
        // A !!float whose text reads as a (signed) integer becomes that float; an unsigned one is not converted.
        if (tag == FloatTag && resolved.Kind == GoKind.Int) return new(GoKind.Float, Float: resolved.Int);
        return new(GoKind.Error, Text: $"cannot decode {ShortTag(resolvedTag)} `{text}` as a {ShortTag(tag)}");
    }

    private static string TagOf(GoKind kind) => kind switch
    {
        GoKind.Null => NullTag,
        GoKind.Bool => BoolTag,
        GoKind.Int or GoKind.Uint => IntTag,
        GoKind.Float => FloatTag,
        GoKind.Timestamp => TimestampTag,
        _ => StrTag,
    };

    public static string ShortTag(string tag) => tag.StartsWith(TagPrefix, StringComparison.Ordinal) ? "!!" + tag[TagPrefix.Length..] : tag;

    private static GoScalar ResolveImplicit(string text, bool checkTimestamp)
    {
        var hint = text.Length == 0 ? HintClass.Word : Hint(text[0]);
        if (hint == HintClass.None) return GoScalar.Str(text);
        if (text.Length <= LongestWord && TryWord(text, out var word)) return word;
        switch (hint)
        {
            case HintClass.Dot:
                return GoNumbers.TryParseFloat(text, out var dotted) ? new(GoKind.Float, Float: dotted) : GoScalar.Str(text);
            case HintClass.Number:
                return ResolveNumber(text, checkTimestamp);
            default:
                return GoScalar.Str(text);
        }
    }

    /// <summary>The digit-or-sign path: a timestamp, then the text without underscores as int, uint, YAML-style float, 0b binary.</summary>
    private static GoScalar ResolveNumber(string text, bool checkTimestamp)
    {
        if (checkTimestamp && GoTimestamp.IsTimestamp(text)) return new(GoKind.Timestamp, Text: text);
        Span<char> buffer = text.Length <= 256 ? stackalloc char[text.Length] : new char[text.Length];
        var plain = WithoutUnderscores(text, buffer);
        if (GoNumbers.TryParseInt(plain, 0, out var integer)) return new(GoKind.Int, Int: integer);
        if (GoNumbers.TryParseUint(plain, 0, out var unsigned)) return new(GoKind.Uint, Uint: unsigned);
        if (GoNumbers.IsYamlStyleFloat(plain) && GoNumbers.TryParseFloat(plain, out var number)) return new(GoKind.Float, Float: number);
        if (plain.StartsWith("0b"))
        {
            // Reached only when Go's base-0 parse failed, e.g. a sign after the prefix ("0b-101" is -5).
            if (GoNumbers.TryParseInt(plain[2..], 2, out integer)) return new(GoKind.Int, Int: integer);
            if (GoNumbers.TryParseUint(plain[2..], 2, out unsigned)) return new(GoKind.Uint, Uint: unsigned);
        }
        else if (plain.StartsWith("-0b") && GoNumbers.TryParseInt(string.Concat("-", plain[3..]), 2, out integer))
        {
            return new(GoKind.Int, Int: integer);
        }
        return GoScalar.Str(text);
    }

    private static ReadOnlySpan<char> WithoutUnderscores(string value, Span<char> buffer)
    {
        if (!value.Contains('_')) return value;
        var length = 0;
        foreach (var c in value)
        {
            if (c != '_') buffer[length++] = c;
        }
        return buffer[..length];
    }

    internal static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
