namespace Acolhimento.Validation.Reporting;

/// <summary>One way of writing a report (text, JSON, SARIF, …). Formats are pure: same report and context, same bytes.</summary>
public interface IOutputFormat
{
    /// <summary>The name <c>--format</c> takes.</summary>
    string Name { get; }

    string Description { get; }

    /// <summary>The file the format is written to under <c>--output-dir</c>.</summary>
    string DefaultFileName { get; }

    string Write(ValidationReport report, ReportContext context);

    /// <summary>
    /// Whether the format only works on standard output (GitHub's runner reads workflow commands there and nowhere else):
    /// <c>--output-dir</c> does not move it to a file.
    /// </summary>
    bool ReadFromStandardOutput => false;
}

/// <summary>The registry of output formats: the CLI chooses among these by name.</summary>
public static class OutputFormats
{
    public static IReadOnlyList<IOutputFormat> All { get; } =
    [
        new TextFormat(),
        new JsonFormat(),
        new SarifFormat(),
        new JunitFormat(),
        new GithubFormat(),
        new MarkdownFormat(),
    ];

    public static IReadOnlyList<string> Names { get; } = All.Select(f => f.Name).ToList();

    public static IOutputFormat? Find(string name) => All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));
}

internal sealed class TextFormat : IOutputFormat
{
    public string Name => "text";
    public string Description => "one line per finding (file:line:column: severity rule: message [context]), then a summary line";
    public string DefaultFileName => "report.txt";
    public string Write(ValidationReport report, ReportContext context) => TextReport.Format(report);
}

internal sealed class JsonFormat : IOutputFormat
{
    public string Name => "json";
    public string Description => "one JSON object: findings, summary, exit code and (exit 2) the reason";
    public string DefaultFileName => "report.json";
    public string Write(ValidationReport report, ReportContext context) => JsonReport.Format(report, context);
}
