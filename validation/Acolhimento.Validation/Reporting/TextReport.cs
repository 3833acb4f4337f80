using System.Text;
using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Reporting;

/// <summary><c>file:line:column: severity rule: message</c> per finding, then one summary line.</summary>
public static class TextReport
{
    public static string Format(ValidationReport report)
    {
        var sb = new StringBuilder();
        if (report.CannotValidateReason is { } reason) sb.Append("could not validate: ").Append(reason).Append('\n');
        foreach (var finding in report.Findings) sb.Append(FormatFinding(finding)).Append('\n');
        var s = report.Summary;
        sb.Append($"{s.Errors} error(s), {s.Warnings} warning(s) in {s.Files} file(s), {s.Documents} document(s), {s.Objects} object(s) ({s.DurationMs} ms)\n");
        return sb.ToString();
    }

    public static string FormatFinding(Finding f)
    {
        var where = f.Location is { } l ? $"{l.File}:{l.Line}:{l.Column}" : "(repository)";
        var severity = f.Waiver is null ? f.Severity.ToString().ToLowerInvariant() : $"waived {f.Severity.ToString().ToLowerInvariant()}";
        var context = new List<string>();
        if (f.Cluster is not null) context.Add($"cluster={f.Cluster}");
        if (f.Destination is not null) context.Add($"destination={f.Destination}");
        if (f.Application is not null) context.Add($"application={f.Application}");
        if (f.Object is not null) context.Add($"object={f.Object.Kind}/{(f.Object.Namespace is null ? "" : f.Object.Namespace + "/")}{f.Object.Name}");
        if (f.Path is not null) context.Add($"path={f.Path}");
        if (f.Waiver is not null) context.Add($"waiver={f.Waiver}");
        var suffix = context.Count == 0 ? "" : $" [{string.Join(' ', context)}]";
        return $"{where}: {severity} {f.Rule}: {f.Message}{suffix}";
    }
}
