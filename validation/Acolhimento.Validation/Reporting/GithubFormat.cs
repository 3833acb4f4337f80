using System.Text;
using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Reporting;

/// <summary>
/// GitHub Actions workflow commands: <c>::error file=…,line=…,col=…,title=rule::message</c> per finding, escaped as
/// the runner requires. GitHub shows at most <see cref="AnnotationsPerLevel"/> annotations of each level per step; the
/// rest are printed as plain log lines and one notice says how many were left out and where to see them.
/// Waived findings are not annotated (they do not fail the run); they are listed in the log.
/// </summary>
public sealed class GithubFormat : IOutputFormat
{
    public const int AnnotationsPerLevel = 10;

    public string Name => "github";
    public string Description => "GitHub Actions workflow commands (annotations on the pull request's lines)";
    public string DefaultFileName => "report.github.txt";

    public string Write(ValidationReport report, ReportContext context)
    {
        var sb = new StringBuilder();
        if (report.CannotValidateReason is { } reason)
        {
            sb.Append("::error title=").Append(EscapeProperty(ReportContext.ToolName)).Append("::").Append(EscapeData($"could not validate: {reason}")).Append('\n');
        }
        var annotated = new Dictionary<string, int>(StringComparer.Ordinal);
        var leftOut = new Dictionary<string, int>(StringComparer.Ordinal);
        var ordered = report.Findings.Where(f => f.Waiver is null).OrderBy(f => f.Severity).ThenBy(f => f, FindingOrder.Instance).ToList();
        var needsNote = ordered.GroupBy(Command).Any(g => g.Count() > AnnotationsPerLevel);
        foreach (var f in ordered)
        {
            var command = Command(f);
            var limit = AnnotationsPerLevel - (command == "notice" && needsNote ? 1 : 0);
            var count = annotated.GetValueOrDefault(command);
            if (count >= limit)
            {
                leftOut[command] = leftOut.GetValueOrDefault(command) + 1;
                sb.Append(TextReport.FormatFinding(f)).Append('\n');
                continue;
            }
            annotated[command] = count + 1;
            sb.Append("::").Append(command).Append(' ').Append(Properties(f)).Append("::").Append(EscapeData(Message(f))).Append('\n');
        }
        foreach (var f in report.Findings.Where(f => f.Waiver is not null)) sb.Append(TextReport.FormatFinding(f)).Append('\n');
        if (leftOut.Count > 0)
        {
            var parts = string.Join(", ", leftOut.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Value} {kv.Key}(s)"));
            sb.Append("::notice title=").Append(EscapeProperty($"{ReportContext.ToolName}: annotations left out")).Append("::")
                .Append(EscapeData($"{parts} not annotated: GitHub shows {AnnotationsPerLevel} annotations of each level per step. All findings are in the log above, the step summary and the SARIF results."))
                .Append('\n');
        }
        return sb.ToString();
    }

    private static string Command(Finding f) => f.Severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "notice",
    };

    private static string Properties(Finding f)
    {
        var parts = new List<string>();
        if (f.Location is { } l)
        {
            parts.Add($"file={EscapeProperty(l.File)}");
            parts.Add($"line={l.Line}");
            parts.Add($"col={l.Column}");
        }
        parts.Add($"title={EscapeProperty(f.Rule)}");
        return string.Join(',', parts);
    }

    private static string Message(Finding f)
    {
        var context = new List<string>();
        if (f.Cluster is not null) context.Add($"cluster {f.Cluster}");
        if (f.Application is not null) context.Add($"application {f.Application}");
        if (f.Object is { } o) context.Add(SarifFormat.ObjectText(o));
        return context.Count == 0 ? f.Message : $"{f.Message} ({string.Join(", ", context)})";
    }

    /// <summary>Message text: the runner decodes <c>%25</c>, <c>%0D</c>, <c>%0A</c>.</summary>
    public static string EscapeData(string text) =>
        text.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    /// <summary>Property values also escape <c>:</c> and <c>,</c>, which separate properties.</summary>
    public static string EscapeProperty(string text) =>
        EscapeData(text).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);
}
