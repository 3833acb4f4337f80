using System.Text.RegularExpressions;
using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Render.Helm;

/// <summary>Why a template function makes a render unrepeatable or unsafe.</summary>
internal enum CallKind
{
    /// <summary>Random with a large range: two renders differ, so rendering twice shows it.</summary>
    Random,

    /// <summary>Reads the clock, or random over so few outcomes that two renders may agree by chance: only a reading of the template shows it.</summary>
    Unrepeatable,

    /// <summary>Reaches the network (a DNS look-up): refused before Helm runs.</summary>
    Network,
}

/// <summary>A call of a function of <see cref="CallKind"/> in text Helm evaluates, with its line.</summary>
internal sealed record TemplateCall(SourceLocation At, string Function, CallKind Kind, bool WritesIdentity);

/// <summary>
/// Reads a chart's template text (templates, helpers, subcharts, and value text that <c>tpl</c> may evaluate) for what makes
/// a render depend on more than its inputs: Sprig/Helm functions that draw random data, read the clock or look up
/// DNS, and reads of <c>.Capabilities.KubeVersion</c>. Only actions (<c>{{ … }}</c>) count, string literals and comments
/// are skipped, and a field or variable of the same name (<c>.Values.now</c>, <c>$now</c>) is not a call.
/// </summary>
internal static class TemplateScan
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(500);

    /// <summary>Sprig and Helm functions whose result is not a function of their arguments (Sprig's <c>date</c> family reads the clock for any argument that is not a time).</summary>
    public static readonly IReadOnlyDictionary<string, CallKind> Functions = new Dictionary<string, CallKind>(StringComparer.Ordinal)
    {
        ["randAlphaNum"] = CallKind.Random, ["randAlpha"] = CallKind.Random, ["randAscii"] = CallKind.Random, ["randNumeric"] = CallKind.Random,
        ["randBytes"] = CallKind.Random, ["uuidv4"] = CallKind.Random, ["genCA"] = CallKind.Random, ["genCAWithKey"] = CallKind.Random,
        ["genPrivateKey"] = CallKind.Random, ["genSelfSignedCert"] = CallKind.Random, ["genSelfSignedCertWithKey"] = CallKind.Random,
        ["genSignedCert"] = CallKind.Random, ["genSignedCertWithKey"] = CallKind.Random, ["encryptAES"] = CallKind.Random,
        ["htpasswd"] = CallKind.Random, ["bcrypt"] = CallKind.Random,
        ["randInt"] = CallKind.Unrepeatable, ["shuffle"] = CallKind.Unrepeatable,
        ["now"] = CallKind.Unrepeatable, ["ago"] = CallKind.Unrepeatable, ["date"] = CallKind.Unrepeatable, ["dateInZone"] = CallKind.Unrepeatable,
        ["date_in_zone"] = CallKind.Unrepeatable, ["htmlDate"] = CallKind.Unrepeatable, ["htmlDateInZone"] = CallKind.Unrepeatable,
        ["dateModify"] = CallKind.Unrepeatable, ["date_modify"] = CallKind.Unrepeatable, ["mustDateModify"] = CallKind.Unrepeatable,
        ["durationRound"] = CallKind.Unrepeatable,
        ["getHostByName"] = CallKind.Network,
    };

    /// <summary>Random string functions whose literal length below this gives too few outcomes for two renders to tell apart.</summary>
    private const int ShortRandom = 6;

    private static readonly Regex Action = new(@"\{\{(?<body>.*?)\}\}", RegexOptions.Singleline | RegexOptions.CultureInvariant, Timeout);
    private static readonly Regex Call = new(@"(?<![\w.$])(?<name>" + string.Join('|', Functions.Keys.OrderByDescending(k => k.Length)) + @")(?!\w)(?<args>[ \t]+[0-9]+)?",
        RegexOptions.CultureInvariant, Timeout);
    private static readonly Regex KubeVersionRead = new(@"\bKubeVersion\b", RegexOptions.CultureInvariant, Timeout);
    private static readonly Regex Literal = new(@"""(?:[^""\\\n]|\\.)*""|`[^`]*`|/\*.*?\*/", RegexOptions.Singleline | RegexOptions.CultureInvariant, Timeout);
    private static readonly Regex IdentityField = new(@"^\s*(?:-\s+)?(?:name|generateName|namespace|kind|apiVersion)\s*:", RegexOptions.CultureInvariant, Timeout);

    /// <summary>Calls of <see cref="Functions"/> in <paramref name="text"/> (the file <paramref name="file"/>); a scan that times out counts as one unrepeatable call at line 1.</summary>
    public static IReadOnlyList<TemplateCall> Calls(string file, string text, int firstLine = 1)
    {
        var calls = new List<TemplateCall>();
        var lines = text.Split('\n');
        try
        {
            foreach (var (offset, body) in Actions(text))
            {
                foreach (Match call in Call.Matches(body))
                {
                    var name = call.Groups["name"].Value;
                    var kind = Functions[name];
                    if (kind == CallKind.Random && name.StartsWith("rand", StringComparison.Ordinal) && call.Groups["args"].Success
                        && int.TryParse(call.Groups["args"].Value.Trim(), out var length) && length < ShortRandom)
                        kind = CallKind.Unrepeatable;
                    var line = LineOf(text, offset + call.Index);
                    calls.Add(new TemplateCall(new SourceLocation(file, firstLine + line - 1, 1), name, kind, IdentityField.IsMatch(lines[line - 1])));
                }
            }
        }
        catch (RegexMatchTimeoutException)
        {
            calls.Add(new TemplateCall(new SourceLocation(file, firstLine, 1), "(template too complex to read)", CallKind.Unrepeatable, false));
        }
        return calls;
    }

    /// <summary>Lines of <paramref name="text"/> whose actions read <c>.Capabilities.KubeVersion</c> (directly or through a variable holding the capabilities).</summary>
    public static IReadOnlyList<SourceLocation> KubeVersionReads(string file, string text)
    {
        try
        {
            return Actions(text).Where(a => KubeVersionRead.IsMatch(a.Body))
                .Select(a => new SourceLocation(file, LineOf(text, a.Offset + KubeVersionRead.Match(a.Body).Index), 1)).ToList();
        }
        catch (RegexMatchTimeoutException)
        {
            return [new SourceLocation(file, 1, 1)];
        }
    }

    /// <summary>Each action's body without string literals and comments (blanked, so offsets hold), with its offset in the text.</summary>
    private static IEnumerable<(int Offset, string Body)> Actions(string text)
    {
        foreach (Match action in Action.Matches(text))
        {
            var body = action.Groups["body"];
            yield return (body.Index, Literal.Replace(body.Value, m => new string(' ', m.Length)));
        }
    }

    private static int LineOf(string text, int index)
    {
        var line = 1;
        for (var i = 0; i < index && i < text.Length; i++)
        {
            if (text[i] == '\n') line++;
        }
        return line;
    }
}
