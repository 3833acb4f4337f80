using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using static Acolhimento.Validation.Render.Generators.TemplateValues;

namespace Acolhimento.Validation.Render.Generators;

/// <summary>
/// The functions Argo CD gives ApplicationSet Go templates (source: argo-cd applicationset/utils, <c>sprig.TxtFuncMap()</c>
/// without <c>env</c>, <c>expandenv</c> and <c>getHostByName</c>, plus <c>normalize</c>, <c>slugify</c>, <c>toYaml</c>,
/// <c>fromYaml</c>, <c>fromYamlArray</c>; and Go's builtins). The common subset is implemented; a Sprig function outside
/// it is an error naming it, never an empty string, and so is one Argo CD removes or one that does not exist.
/// </summary>
internal static class TemplateFunctions
{
    /// <summary>Sprig functions Argo CD removes from the map: they read the controller's environment or the network.</summary>
    public static readonly IReadOnlySet<string> RemovedByArgoCd = new HashSet<string>(StringComparer.Ordinal) { "env", "expandenv", "getHostByName" };

    /// <summary>Every other Sprig v3 function name: known to Argo CD; those without an implementation below are reported by name.</summary>
    private static readonly IReadOnlySet<string> SprigNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "ago", "date", "date_in_zone", "date_modify", "dateInZone", "dateModify", "duration", "durationRound", "htmlDate", "htmlDateInZone", "must_date_modify",
        "mustDateModify", "mustToDate", "now", "toDate", "unixEpoch", "abbrev", "abbrevboth", "untitle", "initials", "randAlphaNum", "randAlpha", "randAscii",
        "randNumeric", "swapcase", "shuffle", "wrap", "wrapWith", "plural", "adler32sum", "toDecimal", "splitn", "toStrings", "untilStep", "randInt",
        "add1f", "addf", "subf", "divf", "mulf", "biggest", "maxf", "minf", "ceil", "floor", "round", "sortAlpha", "all", "any", "compact", "mustCompact",
        "mustFromJson", "mustToJson", "mustToPrettyJson", "mustToRawJson", "deepCopy", "mustDeepCopy", "typeOf", "typeIs", "typeIsLike", "kindOf", "kindIs",
        "deepEqual", "isAbs", "osBase", "osClean", "osDir", "osExt", "osIsAbs", "b32enc", "b32dec", "tuple", "set", "unset", "pluck", "pick", "omit", "merge",
        "mergeOverwrite", "mustMerge", "mustMergeOverwrite", "values", "append", "push", "mustAppend", "mustPush", "prepend", "mustPrepend", "mustFirst", "rest",
        "mustRest", "mustLast", "initial", "mustInitial", "reverse", "mustReverse", "mustUniq", "without", "mustWithout", "mustHas", "mustSlice", "concat", "dig",
        "chunk", "mustChunk", "bcrypt", "htpasswd", "genPrivateKey", "derivePassword", "buildCustomCert", "genCA", "genCAWithKey", "genSelfSignedCert",
        "genSelfSignedCertWithKey", "genSignedCert", "genSignedCertWithKey", "encryptAES", "decryptAES", "randBytes", "uuidv4", "semver", "semverCompare",
        "mustRegexMatch", "regexFindAll", "mustRegexFindAll", "mustRegexFind", "mustRegexReplaceAll", "mustRegexReplaceAllLiteral", "regexSplit", "mustRegexSplit",
        "regexQuoteMeta", "urlParse", "urlJoin", "hello", "seq", "html", "js", "call", "println",
    };

    private static readonly Dictionary<string, Func<IReadOnlyList<object?>, object?>> Implemented = new(StringComparer.Ordinal)
    {
        // Go builtins
        ["and"] = a => a.FirstOrDefault(v => !Truthy(v), a.Count > 0 ? a[^1] : null),
        ["or"] = a => a.FirstOrDefault(Truthy, a.Count > 0 ? a[^1] : null),
        ["not"] = a => !Truthy(Arg(a, 0, "not")),
        ["eq"] = a => a.Skip(1).Any(v => Equal(Arg(a, 0, "eq"), v)),
        ["ne"] = a => !Equal(Arg(a, 0, "ne"), Arg(a, 1, "ne")),
        ["lt"] = a => Compare(a, "lt") < 0,
        ["le"] = a => Compare(a, "le") <= 0,
        ["gt"] = a => Compare(a, "gt") > 0,
        ["ge"] = a => Compare(a, "ge") >= 0,
        ["len"] = a => (long)(Arg(a, 0, "len") switch { string s => s.Length, IReadOnlyList<object?> l => l.Count, IReadOnlyDictionary<string, object?> m => m.Count, var v => throw new TemplateException($"len of {TypeName(v)}") }),
        ["index"] = a => a.Skip(1).Aggregate(Arg(a, 0, "index"), Index),
        ["print"] = a => string.Concat(a.Select(Print)),
        ["printf"] = a => Printf(Text(Arg(a, 0, "printf")), a.Skip(1).ToList()),
        ["urlquery"] = a => Uri.EscapeDataString(string.Concat(a.Select(Print))),
        ["slice"] = a => Text(Arg(a, 0, "slice")) is var s ? s[(int)Integer(a.ElementAtOrDefault(1))..(a.Count > 2 ? (int)Integer(a[2]) : s.Length)] : null,
        // Sprig strings
        ["lower"] = a => Text(Arg(a, 0, "lower")).ToLowerInvariant(),
        ["upper"] = a => Text(Arg(a, 0, "upper")).ToUpperInvariant(),
        ["title"] = a => Regex.Replace(Text(Arg(a, 0, "title")), @"\b\p{Ll}", m => m.Value.ToUpperInvariant()),
        ["trim"] = a => Text(Arg(a, 0, "trim")).Trim(),
        ["trimAll"] = a => Text(Arg(a, 1, "trimAll")).Trim(Text(a[0]).ToCharArray()),
        ["trimall"] = a => Text(Arg(a, 1, "trimall")).Trim(Text(a[0]).ToCharArray()),
        ["trimPrefix"] = a => Text(Arg(a, 1, "trimPrefix")) is var s && s.StartsWith(Text(a[0]), StringComparison.Ordinal) ? s[Text(a[0]).Length..] : Text(a[1]),
        ["trimSuffix"] = a => Text(Arg(a, 1, "trimSuffix")) is var s && s.EndsWith(Text(a[0]), StringComparison.Ordinal) ? s[..^Text(a[0]).Length] : Text(a[1]),
        ["trunc"] = a => Truncate(Text(Arg(a, 1, "trunc")), (int)Integer(a[0])),
        ["substr"] = a => Substring(Text(Arg(a, 2, "substr")), (int)Integer(a[0]), (int)Integer(a[1])),
        ["repeat"] = a => string.Concat(Enumerable.Repeat(Text(Arg(a, 1, "repeat")), (int)Math.Clamp(Integer(a[0]), 0, 10_000))),
        ["nospace"] = a => Regex.Replace(Text(Arg(a, 0, "nospace")), @"\s", ""),
        ["contains"] = a => Text(Arg(a, 1, "contains")).Contains(Text(a[0]), StringComparison.Ordinal),
        ["hasPrefix"] = a => Text(Arg(a, 1, "hasPrefix")).StartsWith(Text(a[0]), StringComparison.Ordinal),
        ["hasSuffix"] = a => Text(Arg(a, 1, "hasSuffix")).EndsWith(Text(a[0]), StringComparison.Ordinal),
        ["quote"] = a => string.Join(" ", a.Where(v => v is not null).Select(v => "\"" + Text(v).Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"")),
        ["squote"] = a => string.Join(" ", a.Where(v => v is not null).Select(v => "'" + Text(v) + "'")),
        ["cat"] = a => string.Join(" ", a.Where(v => v is not null).Select(Text)),
        ["indent"] = a => Indent(Text(Arg(a, 1, "indent")), (int)Integer(a[0])),
        ["nindent"] = a => "\n" + Indent(Text(Arg(a, 1, "nindent")), (int)Integer(a[0])),
        ["replace"] = a => Text(Arg(a, 2, "replace")).Replace(Text(a[0]), Text(a[1]), StringComparison.Ordinal),
        ["snakecase"] = a => Words(Text(Arg(a, 0, "snakecase")), "_"),
        ["kebabcase"] = a => Words(Text(Arg(a, 0, "kebabcase")), "-"),
        ["camelcase"] = a => string.Concat(Regex.Split(Text(Arg(a, 0, "camelcase")), "[_\\-\\s]+").Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..])),
        ["sha1sum"] = a => Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(Text(Arg(a, 0, "sha1sum"))))),
        ["sha256sum"] = a => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Text(Arg(a, 0, "sha256sum"))))),
        ["b64enc"] = a => Convert.ToBase64String(Encoding.UTF8.GetBytes(Text(Arg(a, 0, "b64enc")))),
        ["b64dec"] = a => Base64Decode(Text(Arg(a, 0, "b64dec"))),
        ["toString"] = a => Text(Arg(a, 0, "toString")),
        ["split"] = a => Text(Arg(a, 1, "split")).Split(Text(a[0])).Select((p, i) => (Key: "_" + i, Value: (object?)p)).ToDictionary(p => p.Key, p => p.Value) as IReadOnlyDictionary<string, object?>,
        ["splitList"] = a => Text(Arg(a, 1, "splitList")).Split(Text(a[0])).Select(p => (object?)p).ToList() as IReadOnlyList<object?>,
        ["join"] = a => Arg(a, 1, "join") is var list ? string.Join(Text(a[0]), List(list, "join").Select(Text)) : "",
        ["regexMatch"] = a => Regex.IsMatch(Text(Arg(a, 1, "regexMatch")), Text(a[0]), RegexOptions.None, TimeSpan.FromSeconds(1)),
        ["regexFind"] = a => Regex.Match(Text(Arg(a, 1, "regexFind")), Text(a[0]), RegexOptions.None, TimeSpan.FromSeconds(1)).Value,
        ["regexReplaceAll"] = a => Regex.Replace(Text(Arg(a, 2, "regexReplaceAll")), Text(a[0]), Text(a[1]), RegexOptions.None, TimeSpan.FromSeconds(1)),
        ["regexReplaceAllLiteral"] = a => Regex.Replace(Text(Arg(a, 2, "regexReplaceAllLiteral")), Text(a[0]), Text(a[1]).Replace("$", "$$", StringComparison.Ordinal), RegexOptions.None, TimeSpan.FromSeconds(1)),
        ["base"] = a => Text(Arg(a, 0, "base")).TrimEnd('/') is var p && p.Length > 0 ? p[(p.LastIndexOf('/') + 1)..] : "/",
        ["dir"] = a => Text(Arg(a, 0, "dir")) is var p && p.LastIndexOf('/') is var i and > 0 ? p[..i] : (p.StartsWith('/') ? "/" : "."),
        ["ext"] = a => Path.GetExtension(Text(Arg(a, 0, "ext"))),
        ["clean"] = a => Repository(Text(Arg(a, 0, "clean"))),
        // Sprig numbers and conversions
        ["atoi"] = a => Integer(Text(Arg(a, 0, "atoi"))),
        ["int"] = a => Integer(Arg(a, 0, "int")),
        ["int64"] = a => Integer(Arg(a, 0, "int64")),
        ["float64"] = a => Number(Arg(a, 0, "float64"), "float64"),
        ["add"] = a => a.Sum(Integer),
        ["add1"] = a => Integer(Arg(a, 0, "add1")) + 1,
        ["sub"] = a => Integer(Arg(a, 0, "sub")) - Integer(Arg(a, 1, "sub")),
        ["mul"] = a => a.Aggregate(1L, (p, v) => p * Integer(v)),
        ["div"] = a => Integer(Arg(a, 1, "div")) is var d && d != 0 ? Integer(a[0]) / d : throw new TemplateException("div: division by zero"),
        ["mod"] = a => Integer(Arg(a, 1, "mod")) is var d && d != 0 ? Integer(a[0]) % d : throw new TemplateException("mod: division by zero"),
        ["max"] = a => a.Max(Integer),
        ["min"] = a => a.Min(Integer),
        ["until"] = a => Enumerable.Range(0, (int)Math.Clamp(Integer(Arg(a, 0, "until")), 0, 10_000)).Select(i => (object?)(long)i).ToList() as IReadOnlyList<object?>,
        // Sprig defaults, lists, dictionaries, encodings
        ["default"] = a => a.Count >= 2 && Truthy(a[1]) ? a[1] : Arg(a, 0, "default"),
        ["empty"] = a => !Truthy(a.ElementAtOrDefault(0)),
        ["coalesce"] = a => a.FirstOrDefault(Truthy),
        ["ternary"] = a => Truthy(Arg(a, 2, "ternary")) ? a[0] : a[1],
        ["fail"] = a => throw new TemplateException($"fail: {Text(a.ElementAtOrDefault(0))}"),
        ["toJson"] = a => TemplateValues.Json(Arg(a, 0, "toJson")),
        ["toRawJson"] = a => TemplateValues.Json(Arg(a, 0, "toRawJson")),
        ["toPrettyJson"] = a => TemplateValues.Json(Arg(a, 0, "toPrettyJson"), indented: true),
        ["fromJson"] = a => ParameterValues.FromJson(Text(Arg(a, 0, "fromJson"))),
        ["toYaml"] = a => ParameterValues.ToYaml(Arg(a, 0, "toYaml")),
        ["fromYaml"] = a => ParameterValues.FromYaml(Text(Arg(a, 0, "fromYaml"))),
        ["fromYamlArray"] = a => ParameterValues.FromYaml(Text(Arg(a, 0, "fromYamlArray"))) as IReadOnlyList<object?> ?? throw new TemplateException("fromYamlArray: not a YAML list"),
        ["list"] = a => a.ToList() as IReadOnlyList<object?>,
        ["first"] = a => List(Arg(a, 0, "first"), "first").FirstOrDefault(),
        ["last"] = a => List(Arg(a, 0, "last"), "last").LastOrDefault(),
        ["uniq"] = a => List(Arg(a, 0, "uniq"), "uniq").Distinct().ToList() as IReadOnlyList<object?>,
        ["has"] = a => List(Arg(a, 1, "has"), "has").Any(v => Equals(v, a[0])),
        ["dict"] = a => Enumerable.Range(0, a.Count / 2).ToDictionary(i => Text(a[2 * i]), i => a[2 * i + 1]) as IReadOnlyDictionary<string, object?>,
        ["get"] = a => Map(Arg(a, 1, "get"), "get").GetValueOrDefault(Text(a[1])) ?? "",
        ["hasKey"] = a => Map(Arg(a, 1, "hasKey"), "hasKey").ContainsKey(Text(a[1])),
        ["keys"] = a => a.SelectMany(m => Map(m, "keys").Keys).Select(k => (object?)k).ToList() as IReadOnlyList<object?>,
        // Argo CD's own
        ["normalize"] = a => Normalize(Text(Arg(a, 0, "normalize"))),
        ["slugify"] = a => Slugify(Text(Arg(a, a.Count - 1, "slugify")), a.Count > 1 ? (int)Integer(a[0]) : 50, a.Count > 2 ? Truthy(a[1]) : true),
    };

    public static object? Call(string name, IReadOnlyList<object?> args)
    {
        if (Implemented.TryGetValue(name, out var function)) return function(args);
        if (RemovedByArgoCd.Contains(name)) throw new TemplateException($"function \"{name}\" is not allowed by Argo CD in ApplicationSet templates");
        if (SprigNames.Contains(name)) throw new TemplateException($"function \"{name}\" (Sprig, allowed by Argo CD) is not implemented by this gate, so the template cannot be rendered offline");
        throw new TemplateException($"function \"{name}\" not defined");
    }

    /// <summary>Argo CD's <c>normalize</c>: lower case, every run of characters invalid in a DNS subdomain name becomes <c>-</c>, at most 253 characters, no dashes or dots at the ends.</summary>
    public static string Normalize(string value)
    {
        var lower = Regex.Replace(value.ToLowerInvariant(), "[^a-z0-9.-]+", "-");
        return Truncate(lower, 253).Trim('-', '.');
    }

    /// <summary>Argo CD's <c>slugify</c>: lower case, invalid characters replaced by <c>-</c>, cut to maxSize (at a word boundary with smart truncation).</summary>
    public static string Slugify(string value, int maxSize, bool smartTruncate)
    {
        var slug = Regex.Replace(value.ToLowerInvariant(), "[^a-z0-9-]+", "-").Trim('-');
        slug = Regex.Replace(slug, "-{2,}", "-");
        if (slug.Length <= maxSize) return slug;
        var cut = slug[..maxSize];
        if (smartTruncate && cut.LastIndexOf('-') is var dash and > 0) cut = cut[..dash];
        return cut.Trim('-');
    }

    private static object? Arg(IReadOnlyList<object?> args, int index, string function) =>
        index < args.Count ? args[index] : throw new TemplateException($"wrong number of args for {function}: want at least {index + 1}, got {args.Count}");

    private static string Text(object? value) => value is null ? "" : value is string s ? s : Print(value);

    private static IReadOnlyList<object?> List(object? value, string function) =>
        value as IReadOnlyList<object?> ?? throw new TemplateException($"{function}: {TypeName(value)} is not a list");

    private static IReadOnlyDictionary<string, object?> Map(object? value, string function) =>
        value as IReadOnlyDictionary<string, object?> ?? throw new TemplateException($"{function}: {TypeName(value)} is not a map");

    private static object? Index(object? value, object? key) => value switch
    {
        IReadOnlyDictionary<string, object?> map => map.GetValueOrDefault(Text(key)),
        IReadOnlyList<object?> list => Integer(key) is var i && i >= 0 && i < list.Count ? list[(int)i] : throw new TemplateException($"index out of range: {i}"),
        null => throw new TemplateException("index of nil"),
        _ => throw new TemplateException($"can't index item of type {TypeName(value)}"),
    };

    private static int Compare(IReadOnlyList<object?> a, string function)
    {
        var (x, y) = (Arg(a, 0, function), Arg(a, 1, function));
        return x is string sx && y is string sy ? string.CompareOrdinal(sx, sy) : Number(x, function).CompareTo(Number(y, function));
    }

    private static string Truncate(string value, int length) =>
        length >= 0 ? (value.Length > length ? value[..length] : value) : (value.Length > -length ? value[(value.Length + length)..] : value);

    private static string Substring(string value, int start, int end)
    {
        if (start < 0) return value[..Math.Clamp(end, 0, value.Length)];
        if (end < 0 || end > value.Length) return start <= value.Length ? value[start..] : "";
        return start <= end ? value[start..end] : "";
    }

    private static string Indent(string text, int spaces)
    {
        var pad = new string(' ', Math.Clamp(spaces, 0, 1000));
        return pad + text.Replace("\n", "\n" + pad, StringComparison.Ordinal);
    }

    private static string Words(string text, string separator) =>
        string.Join(separator, Regex.Matches(text, "[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])").Select(m => m.Value.ToLowerInvariant()));

    private static string Base64Decode(string text)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(text));
        }
        catch (FormatException ex)
        {
            return ex.Message; // Sprig returns the decoding error as the value
        }
    }

    private static string Repository(string path) => Discovery.RepositoryPaths.Combine("", path) is { Length: > 0 } clean ? clean : ".";

    /// <summary>Go's fmt for the verbs templates use: %s %v %d %q %t %x %f (with precision) and %%.</summary>
    private static string Printf(string format, IReadOnlyList<object?> args)
    {
        var sb = new StringBuilder();
        var next = 0;
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 >= format.Length)
            {
                sb.Append(format[i]);
                continue;
            }
            var spec = Regex.Match(format[(i + 1)..], @"^[-+# 0]*(\d+)?(\.(\d+))?([a-zA-Z%])");
            if (!spec.Success)
            {
                sb.Append(format[i]);
                continue;
            }
            i += spec.Length;
            var verb = spec.Groups[4].Value[0];
            if (verb == '%')
            {
                sb.Append('%');
                continue;
            }
            if (next >= args.Count)
            {
                sb.Append($"%!{verb}(MISSING)");
                continue;
            }
            var arg = args[next++];
            var text = verb switch
            {
                's' or 'v' => arg is null ? "<nil>" : Text(arg),
                'd' => Integer(arg).ToString(CultureInfo.InvariantCulture),
                'q' => "\"" + Text(arg).Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"",
                't' => Truthy(arg) ? "true" : "false",
                'x' => arg is string s ? Convert.ToHexStringLower(Encoding.UTF8.GetBytes(s)) : Integer(arg).ToString("x", CultureInfo.InvariantCulture),
                'f' => Number(arg, "printf").ToString("F" + (spec.Groups[3].Success ? spec.Groups[3].Value : "6"), CultureInfo.InvariantCulture),
                _ => throw new TemplateException($"printf verb %{verb} is not supported by this gate"),
            };
            if (spec.Groups[1].Success && int.TryParse(spec.Groups[1].Value, out var width)) text = spec.Value.StartsWith('-') ? text.PadRight(width) : text.PadLeft(width);
            sb.Append(text);
        }
        if (next < args.Count) sb.Append("%!(EXTRA ").Append(string.Join(", ", args.Skip(next).Select(a => $"{TypeName(a)}={Text(a)}"))).Append(')');
        return sb.ToString();
    }
}
