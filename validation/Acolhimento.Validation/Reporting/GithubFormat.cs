using System.Text;
using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Reporting;

/// <summary>
/// GitHub Actions workflow commands: <c>::error file=…,line=…,col=…,title=rule::message</c> per finding, escaped as
/// the runner requires. GitHub shows at most <see cref="AnnotationsPerLevel"/> annotations of each level per step; the
/// rest are printed as plain log lines and one notice says how many were left out and where to see them.
/// Waived findings are not annotated (they do not fail the run); they are listed in the log. Findings with the same rule,
/// message and source location (a base file several clusters share) are one annotation naming every cluster.
/// </summary>
internal sealed class GithubFormat : IOutputFormat
{
    public const int AnnotationsPerLevel = 10;

    public string Name => "github";
    public string Description => "GitHub Actions workflow commands (annotations on the pull request's lines)";
    public string DefaultFileName => "report.github.txt";
    public bool ReadFromStandardOutput => true;

    public string Write(ValidationReport report, ReportContext context)
    {
        var sb = new StringBuilder();
        if (report.CannotValidateReason is { } reason)
        {
            sb.Append("::error title=").Append(EscapeProperty(ReportContext.ToolName)).Append("::").Append(EscapeData($"could not validate: {reason}")).Append('\n');
        }
        var annotated = new Dictionary<string, int>(StringComparer.Ordinal);
        var leftOut = new Dictionary<string, int>(StringComparer.Ordinal);
        // One annotation per source line and problem: a base file shared by several clusters is annotated once, naming them all.
        var annotations = report.Findings.Where(f => f.Waiver is null).OrderBy(f => f.Severity).ThenBy(f => f, FindingOrder.Instance)
            .GroupBy(f => (Command(f), f.Rule, f.Location, f.Message)).Select(g => g.ToList()).ToList();
        var needsNote = annotations.GroupBy(g => Command(g[0])).Any(g => g.Count() > AnnotationsPerLevel);
        foreach (var same in annotations)
        {
            var command = Command(same[0]);
            var limit = AnnotationsPerLevel - (command == "notice" && needsNote ? 1 : 0);
            var count = annotated.GetValueOrDefault(command);
            if (count >= limit)
            {
                leftOut[command] = leftOut.GetValueOrDefault(command) + 1;
                foreach (var f in same) sb.Append(TextReport.FormatFinding(f)).Append('\n');
                continue;
            }
            annotated[command] = count + 1;
            sb.Append("::").Append(command).Append(' ').Append(Properties(same[0])).Append("::").Append(EscapeData(Message(same))).Append('\n');
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

    /// <summary>The message and where it applies: every cluster, Application and object of the findings it stands for.</summary>
    private static string Message(IReadOnlyList<Finding> same)
    {
        static string? Named(string singular, string plural, IEnumerable<string?> values)
        {
            var distinct = values.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            return distinct.Count switch
            {
                0 => null,
                1 => $"{singular} {distinct[0]}",
                _ => $"{plural} {string.Join(", ", distinct)}",
            };
        }
        var objects = same.Select(f => f.Object is { } o ? SarifFormat.ObjectText(o) : null).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var context = new[]
        {
            Named("cluster", "clusters", same.Select(f => f.Cluster)),
            Named("application", "applications", same.Select(f => f.Application)),
            objects.Count == 0 ? null : string.Join(", ", objects),
        }.OfType<string>().ToList();
        var message = same[0].Message;
        return context.Count == 0 ? message : $"{message} ({string.Join(", ", context)})";
    }

    /// <summary>Message text: the runner decodes <c>%25</c>, <c>%0D</c>, <c>%0A</c>.</summary>
    public static string EscapeData(string text) =>
        text.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    /// <summary>Property values also escape <c>:</c> and <c>,</c>, which separate properties.</summary>
    public static string EscapeProperty(string text) =>
        EscapeData(text).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);
}
