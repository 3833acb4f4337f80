using System.Numerics;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Tests.Yaml;

/// <summary>
/// Every scalar spelling the YAML 1.1 types and go-yaml v2's resolver can tell apart, generated from their grammar
/// rather than picked: each keyword in every letter case, integers as sign × base prefix × digits (each base's digits,
/// the next base's, separators in every place) and at each boundary of int64/uint64 in every base, floats as sign ×
/// mantissa × exponent, the special floats, sexagesimal numbers, timestamps of each layout and their near misses.
/// Each is tried in the contexts below; <c>Fixtures/go-yaml-v2-scalars.jsonl.gz</c> holds what Kubernetes' own code
/// made of each (see <c>Fixtures/go-yaml-v2-scalars.md</c>).
/// </summary>
internal static class ScalarGrammar
{
    /// <summary>A context: how a form is placed in a one-line document (the form replaces <c>F</c>).</summary>
    public static readonly IReadOnlyList<(string Name, string Template)> Contexts =
    [
        ("value", "v: F"),
        ("key", "F: x"),
        ("single-quoted", "v: 'F'"),
        ("tag-str", "v: !!str F"),
        ("tag-int", "v: !!int F"),
        ("tag-float", "v: !!float F"),
        ("tag-bool", "v: !!bool F"),
        ("tag-null", "v: !!null F"),
        ("tag-timestamp", "v: !!timestamp F"),
        ("tag-binary", "v: !!binary F"),
        ("tag-non-specific", "v: ! F"),
        ("tag-local", "v: !local F"),
        ("quoted-tag-int", "v: !!int 'F'"),
        ("quoted-tag-float", "v: !!float \"F\""),
        ("key-tag-float", "!!float F: x"),
    ];

    /// <summary>
    /// Documents for merge keys (context <c>doc</c>): each spelling of the key × each kind of value go-yaml accepts or
    /// refuses × where keys written in the mapping stand relative to it.
    /// </summary>
    public static IReadOnlyList<(string Name, string Yaml)> MergeDocuments()
    {
        const string anchors = "a: &m {x: 1, y: 2}\nb: &n {y: 3, z: 4}\ns: &s [1, 2]\nc: &c 5\nd: &d {<<: *m, w: 0}\ne: &e {y: 6, <<: *n}\n";
        string[] keys = ["<<", "\"<<\"", "'<<'", "!!merge <<", "! <<", "! '<<'", "!!str <<", "!!merge \"<<\""];
        string[] values = ["*m", "*n", "{x: 9}", "[*m, *n]", "[*n, *m]", "[*m, {x: 9}]", "*s", "[*s]", "[*m, 5]", "5", "~", "*c", "*d", "*e", "[*d, *e]", "[]", "{}", "[[*m]]"];
        string[] layouts = ["t:\n  K: V\n", "t:\n  x: 7\n  K: V\n", "t:\n  K: V\n  x: 7\n", "t:\n  y: 7\n  K: V\n  z: 8\n", "t: [{K: V}]\n", "t:\n  K: V\n  <<: {y: 0, q: 1}\n"];
        var documents = new List<(string, string)>();
        foreach (var key in keys)
        {
            foreach (var value in values)
            {
                for (var layout = 0; layout < layouts.Length; layout++)
                {
                    if (layout == layouts.Length - 1 && key != "<<") continue; // a second key spelled "<<" would be a plain duplicate
                    documents.Add(($"{key} {value} layout{layout}", anchors + layouts[layout].Replace("K", key, StringComparison.Ordinal).Replace("V", value, StringComparison.Ordinal)));
                }
            }
        }
        return documents;
    }

    public static string Document(string template, string form) => template.Replace("F", form, StringComparison.Ordinal) + "\n";

    public static IReadOnlyList<string> Forms()
    {
        var forms = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var word in Keywords()) forms.Add(word);
        foreach (var integer in Integers()) forms.Add(integer);
        foreach (var number in Floats()) forms.Add(number);
        foreach (var other in Others()) forms.Add(other);
        return [.. forms];
    }

    /// <summary>Each keyword of go-yaml's table and of YAML 1.1 in every letter case, with and without a sign.</summary>
    private static IEnumerable<string> Keywords()
    {
        string[] words = ["y", "n", "yes", "no", "true", "false", "on", "off", "null", "~", ".inf", ".nan"];
        foreach (var word in words.Concat(GoYamlResolve.WordSpellings))
        {
            foreach (var cased in Casings(word))
            {
                yield return cased;
                yield return "+" + cased;
                yield return "-" + cased;
            }
        }
    }

    private static IEnumerable<string> Casings(string word)
    {
        var letters = word.Select((c, i) => (c, i)).Where(x => char.IsAsciiLetter(x.c)).Select(x => x.i).ToArray();
        for (var mask = 0; mask < 1 << letters.Length; mask++)
        {
            var chars = word.ToLowerInvariant().ToCharArray();
            for (var b = 0; b < letters.Length; b++)
            {
                if ((mask & (1 << b)) != 0) chars[letters[b]] = char.ToUpperInvariant(chars[letters[b]]);
            }
            yield return new string(chars);
        }
    }

    private static IEnumerable<string> Integers()
    {
        string[] signs = ["", "+", "-"];
        string[] prefixes = ["", "0", "00", "0x", "0X", "0o", "0O", "0b", "0B", "0d", "0_", "_0"];
        string[] bodies = ["", "0", "1", "7", "8", "9", "10", "17", "18", "101", "1f", "1F", "ff", "g", "z", "_1", "1_", "1_0", "1__0", "-1", "+1"];
        foreach (var sign in signs)
        {
            foreach (var prefix in prefixes)
            {
                foreach (var body in bodies) yield return sign + prefix + body;
            }
        }
        // int64 and uint64 boundaries, in each base Go reads.
        var two = new BigInteger(2);
        BigInteger[] edges = [BigInteger.Pow(two, 63) - 1, BigInteger.Pow(two, 63), BigInteger.Pow(two, 64) - 1, BigInteger.Pow(two, 64), BigInteger.Pow(10, 21)];
        foreach (var edge in edges)
        {
            foreach (var sign in signs)
            {
                yield return sign + edge.ToString(System.Globalization.CultureInfo.InvariantCulture);
                yield return sign + "0x" + Digits(edge, 16);
                yield return sign + "0" + Digits(edge, 8);
                yield return sign + "0o" + Digits(edge, 8);
                yield return sign + "0b" + Digits(edge, 2);
                yield return "0b" + sign + Digits(edge, 2); // a sign after the binary prefix: go-yaml's fallback reads it
            }
        }
    }

    private static string Digits(BigInteger value, int radix)
    {
        if (value.IsZero) return "0";
        var digits = new List<char>();
        while (value > 0)
        {
            digits.Add("0123456789abcdef"[(int)(value % radix)]);
            value /= radix;
        }
        digits.Reverse();
        return new string([.. digits]);
    }

    private static IEnumerable<string> Floats()
    {
        string[] signs = ["", "+", "-"];
        string[] mantissas = ["0", "1", "01", "1.", "0.", ".5", "1.5", "0.5", "00.5", "1_0.5", ".5_0", "._5", "1._5", "1_.5", ".", "1.5.", "10",
            "123456789012345678901", "9007199254740993", "0.1", "4.2"];
        string[] exponents = ["", "e0", "e3", "E3", "e+3", "e-3", "e", "e+", "e21", "e20", "e18", "e19", "e-6", "e-7", "e308", "e309", "e-324", "e-400",
            "e400", "e_3", "e3_", "e1_0", "e03"];
        foreach (var sign in signs)
        {
            foreach (var mantissa in mantissas)
            {
                foreach (var exponent in exponents) yield return sign + mantissa + exponent;
            }
        }
    }

    private static IEnumerable<string> Others() =>
    [
        // Not YAML 1.1 numbers in go-yaml, though other parsers read some of them.
        "inf", "Inf", "+inf", "-inf", "infinity", "Infinity", "NaN", "nan", "0x1p3", "0x1.8p1", "1e3f", "1d", "1L", "1,000", "1 000", "$1", "٣", "١٢",
        // YAML 1.1 sexagesimal: go-yaml leaves them strings.
        "1:20", "190:20:30", "-1:30", "+1:30", "1:20.5", "1:60", "1:2:3:4", "0:0", "1:", ":1",
        // Timestamps of each layout go-yaml tries, and near misses.
        "2001-12-14", "2001-12-14t21:59:43.10-05:00", "2001-12-14T21:59:43.10Z", "2001-12-14T21:59:43Z", "2001-12-14 21:59:43.10",
        "2001-12-14  21:59:43.10", "2001-12-14 21:59:43.10 -5", "2001-12-14T21:59:43+24:00", "2001-12-14T21:59:43+25:00", "2001-1-2",
        "2001-01-02T3:4:5Z", "20011-12-14", "2001-13-14", "2001-02-29", "2000-02-29", "1900-02-29", "0000-02-29", "2001-12-14T",
        "2001-12-14T24:00:00Z", "2001-12-14T23:60:00Z", "2001-12-14T23:59:60Z", "2001-12-14T23:59:59,5Z", "2001-12-14T23:59:59.1234567891234Z",
        "2001-12-14z", "2001-12-14T21:59:43z", "1-2-3", "2001-12", "2001-", "2001-12-14 21:59", "2001-12-14T21:59:43+0500",
        // Odd shapes.
        "~", "<<", "=", "_", "__", "-_", "+_", "0", "-0", "+0", "-0.0", "0.0", "1.0", "-1.0", "1e0", "08", "09", "019", "0o8", "0b2", "0x1g",
        "9223372036854775807.0", "1e+21", "1e-06", "0.000001", "0.0000001", "123456789.0", "1000000.0", "100000.0", "0.0001", "0.00001",
        "3.4028235e38", "3.4028236e38", "1e39", "1.1", "16777217.0", "AAAA", "aGk=", "aGk", "YWJj", "/w==", "gA==",
    ];
}
