using System.Text;
using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Reporting;

/// <summary>
/// A GitHub step summary (<c>$GITHUB_STEP_SUMMARY</c>): the verdict, counts per cluster, stage and severity, and the
/// findings table with links to their lines. GitHub refuses a summary over 1 MiB, so rows stop before that and a line
/// says how many were left out.
/// </summary>
internal sealed class MarkdownFormat : IOutputFormat
{
    public const int MaxBytes = 1024 * 1024;

    /// <summary>Room kept for the closing lines after the table.</summary>
    private const int Reserve = 4 * 1024;

    public string Name => "markdown";
    public string Description => "Markdown step summary: verdict, counts per cluster/stage/severity, findings with links (≤ 1 MiB)";
    public string DefaultFileName => "summary.md";

    public string Write(ValidationReport report, ReportContext context) => Write(report, context, MaxBytes);

    internal string Write(ValidationReport report, ReportContext context, int maxBytes)
    {
        var sb = new StringBuilder();
        sb.Append("## ").Append(ReportContext.ToolName).Append(": ").Append(Verdict(report, context)).Append("\n\n");
        if (report.CannotValidateReason is { } reason)
        {
            sb.Append("The gate could not validate: ").Append(Cell(reason)).Append(". Nothing was judged; this is not a pass.\n");
            return sb.ToString();
        }
        var s = report.Summary;
        sb.Append($"{s.Files} file(s), {s.Documents} document(s), {s.Objects} object(s); stages {string.Join(", ", context.Stages)}; {s.DurationMs} ms.\n\n");
        AppendCounts(sb, report);
        if (report.Findings.Count == 0) return sb.ToString();

        sb.Append("\n### Findings\n\n| | rule | where | object | message |\n|---|---|---|---|---|\n");
        var used = Encoding.UTF8.GetByteCount(sb.ToString());
        var shown = 0;
        foreach (var f in report.Findings.OrderBy(f => f.Waiver is null ? 0 : 1).ThenBy(f => f.Severity).ThenBy(f => f, FindingOrder.Instance))
        {
            var row = Row(f, context);
            var size = Encoding.UTF8.GetByteCount(row);
            if (used + size > maxBytes - Reserve) break;
            sb.Append(row);
            used += size;
            shown++;
        }
        if (shown < report.Findings.Count)
        {
            sb.Append($"\n{report.Findings.Count - shown} more finding(s) not shown: a step summary is limited to 1 MiB. The JSON report and the SARIF results hold them all.\n");
        }
        return sb.ToString();
    }

    private static string Verdict(ValidationReport report, ReportContext context) => context.ExitCode(report) switch
    {
        2 => "⚠️ could not validate",
        1 => $"❌ {report.Summary.Errors} error(s), {report.Summary.Warnings} warning(s)",
        _ => report.Summary.Warnings > 0 ? $"✅ no errors, {report.Summary.Warnings} warning(s)" : "✅ no findings that fail the gate",
    };

    private static void AppendCounts(StringBuilder sb, ValidationReport report)
    {
        sb.Append("| cluster | stage | errors | warnings | notes | waived |\n|---|---|---:|---:|---:|---:|\n");
        var groups = report.Findings
            .GroupBy(f => (Cluster: f.Cluster ?? JunitFormat.RepositorySuite, f.Stage))
            .OrderBy(g => g.Key.Cluster == JunitFormat.RepositorySuite ? 0 : 1).ThenBy(g => g.Key.Cluster, StringComparer.Ordinal)
            .ThenBy(g => Stages.All.ToList().IndexOf(g.Key.Stage));
        var any = false;
        foreach (var g in groups)
        {
            any = true;
            sb.Append($"| {g.Key.Cluster} | {g.Key.Stage} | {g.Count(f => f.CountsAsError)} | {g.Count(f => f.CountsAsWarning)} | {g.Count(f => f.Severity == Severity.Info && f.Waiver is null)} | {g.Count(f => f.Waiver is not null)} |\n");
        }
        if (!any) sb.Append("| (all) | (all) | 0 | 0 | 0 | 0 |\n");
    }

    private static string Row(Finding f, ReportContext context)
    {
        var icon = f.Waiver is not null ? "⏸️" : f.Severity switch { Severity.Error => "❌", Severity.Warning => "⚠️", _ => "ℹ️" };
        var where = f.Location is { } l ? $"[{Cell(l.File)}:{l.Line}]({context.SourceLink(l)})" : "(repository)";
        var subject = f.Object is { } o ? Cell(SarifFormat.ObjectText(o)) + (f.Cluster is null ? "" : $" ({Cell(f.Cluster)})") : f.Cluster is null ? "" : Cell(f.Cluster);
        var message = Cell(f.Message) + (f.Waiver is null ? "" : $" — waived: {Cell(context.WaiverReason(f) ?? f.Waiver)}");
        return $"| {icon} | `{f.Rule}` | {where} | {subject} | {message} |\n";
    }

    /// <summary>Table cell text: no line breaks, pipes escaped, HTML-looking text neutralised.</summary>
    internal static string Cell(string text) =>
        text.Replace("\r", "", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal)
            .Replace("|", "\\|", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
