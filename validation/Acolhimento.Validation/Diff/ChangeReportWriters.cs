using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Reporting;

namespace Acolhimento.Validation.Diff;

/// <summary>One way of writing a <see cref="ChangeReport"/>; markdown may need several pull-request comments, so a writer returns parts.</summary>
public interface IChangeFormat
{
    string Name { get; }

    string DefaultFileName { get; }

    IReadOnlyList<string> Write(ChangeReport report);
}

public static class ChangeFormats
{
    public static IReadOnlyList<IChangeFormat> All { get; } = [new ChangeTextFormat(), new ChangeJsonFormat(), new ChangeMarkdownFormat()];

    public static IChangeFormat? Find(string name) => All.FirstOrDefault(f => f.Name == name);

    internal static string Title(ObjectChange c) => c.Kind switch
    {
        ChangeKind.Added => $"+ {Describe(c.Object)} added",
        ChangeKind.Removed => $"- {Describe(c.Object)} removed",
        ChangeKind.Changed => $"~ {Describe(c.Object)} changed",
        ChangeKind.MovedBetweenApplications => $"> {Describe(c.Object)} moved from Application {c.BaseApplication} to {c.HeadApplication}{(c.Hunks.Count == 0 ? ", no change" : "")}",
        _ => $"> {Describe(c.Previous!)} renamed/moved to {Describe(c.Object)} (a delete and a create)",
    };

    internal static string Describe(ObjectReference o) => $"{o.Kind} {(o.Namespace is null ? "" : o.Namespace + "/")}{o.Name}";

    internal static string Counts(ClusterChanges c) =>
        !c.InputsChanged ? "render inputs unchanged"
        : c.IsEmpty ? "no change"
        : string.Join(", ", new[] { (ChangeKind.Added, "added"), (ChangeKind.Removed, "removed"), (ChangeKind.Changed, "changed"), (ChangeKind.MovedBetweenApplications, "moved"), (ChangeKind.Renamed, "renamed") }
            .Select(k => (Count: c.Count(k.Item1), k.Item2)).Where(k => k.Count > 0).Select(k => $"{k.Count} {k.Item2}"));

    internal static string FindingLine(Finding f) =>
        $"{(f.Waiver is null ? f.Severity.ToString().ToLowerInvariant() : "waived")} {f.Rule}: {f.Message} ({f.Location?.ToString() ?? "(repository)"})";
}

/// <summary>Per cluster and Application: each object's change with its unified diff, findings under the hunk they concern.</summary>
internal sealed class ChangeTextFormat : IChangeFormat
{
    public string Name => "text";
    public string DefaultFileName => "diff.txt";

    public IReadOnlyList<string> Write(ChangeReport report)
    {
        var sb = new StringBuilder();
        sb.Append($"diff against {report.Base.Reference} ({report.Base.Commit[..12]})\n");
        foreach (var cluster in report.Clusters)
        {
            sb.Append($"\ncluster {cluster.Cluster}: {ChangeFormats.Counts(cluster)}\n");
            foreach (var app in cluster.Applications)
            {
                sb.Append($"  Application {app.Application}\n");
                foreach (var change in app.Objects)
                {
                    sb.Append($"    {ChangeFormats.Title(change)}\n");
                    foreach (var hunk in change.Hunks)
                    {
                        sb.Append("      ").Append(hunk.Hunk.Header).Append('\n');
                        foreach (var line in hunk.Hunk.Lines) sb.Append("      ").Append(line).Append('\n');
                        foreach (var f in hunk.Findings) sb.Append("      ^ ").Append(ChangeFormats.FindingLine(f)).Append('\n');
                    }
                    foreach (var f in change.Findings) sb.Append("      * ").Append(ChangeFormats.FindingLine(f)).Append('\n');
                }
            }
        }
        var s = report.Validation.Summary;
        sb.Append($"\n{s.Errors} error(s), {s.Warnings} warning(s) in the changed revision\n");
        return [sb.ToString()];
    }
}

/// <summary>The same as JSON: <c>{"base":{…},"clusters":[{"name","inputsChanged","applications":[{"name","objects":[…]}]}],"summary":{…}}</c>.</summary>
internal sealed class ChangeJsonFormat : IChangeFormat
{
    public string Name => "json";
    public string DefaultFileName => "diff.json";

    public IReadOnlyList<string> Write(ChangeReport report)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartObject("base");
            w.WriteString("reference", report.Base.Reference);
            w.WriteString("commit", report.Base.Commit);
            w.WriteEndObject();
            w.WriteStartArray("clusters");
            foreach (var cluster in report.Clusters)
            {
                w.WriteStartObject();
                w.WriteString("name", cluster.Cluster);
                w.WriteBoolean("inputsChanged", cluster.InputsChanged);
                w.WriteStartArray("applications");
                foreach (var app in cluster.Applications)
                {
                    w.WriteStartObject();
                    w.WriteString("name", app.Application);
                    w.WriteStartArray("objects");
                    foreach (var change in app.Objects) WriteChange(w, change);
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("summary");
            w.WriteNumber("errors", report.Validation.Summary.Errors);
            w.WriteNumber("warnings", report.Validation.Summary.Warnings);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return [Encoding.UTF8.GetString(stream.ToArray()) + "\n"];
    }

    private static void WriteChange(Utf8JsonWriter w, ObjectChange change)
    {
        w.WriteStartObject();
        w.WriteString("change", change.Kind switch
        {
            ChangeKind.Added => "added",
            ChangeKind.Removed => "removed",
            ChangeKind.Changed => "changed",
            ChangeKind.MovedBetweenApplications => "moved",
            _ => "renamed",
        });
        WriteObject(w, "object", change.Object);
        if (change.Previous is { } previous) WriteObject(w, "previous", previous);
        if (change.BaseApplication is { } a) w.WriteString("baseApplication", a);
        if (change.HeadApplication is { } h) w.WriteString("application", h);
        if (change.Location is { } l) w.WriteString("source", l.ToString());
        w.WriteStartArray("hunks");
        foreach (var hunk in change.Hunks)
        {
            w.WriteStartObject();
            w.WriteString("header", hunk.Hunk.Header);
            w.WriteStartArray("lines");
            foreach (var line in hunk.Hunk.Lines) w.WriteStringValue(line);
            w.WriteEndArray();
            WriteFindings(w, hunk.Findings);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        WriteFindings(w, change.Findings);
        w.WriteEndObject();
    }

    private static void WriteObject(Utf8JsonWriter w, string name, ObjectReference o)
    {
        w.WriteStartObject(name);
        w.WriteString("apiVersion", o.ApiVersion);
        w.WriteString("kind", o.Kind);
        if (o.Namespace is null) w.WriteNull("namespace");
        else w.WriteString("namespace", o.Namespace);
        w.WriteString("name", o.Name);
        w.WriteEndObject();
    }

    private static void WriteFindings(Utf8JsonWriter w, IReadOnlyList<Finding> findings)
    {
        w.WriteStartArray("findings");
        foreach (var f in findings)
        {
            w.WriteStartObject();
            w.WriteString("rule", f.Rule);
            w.WriteString("severity", f.Severity.ToString().ToLowerInvariant());
            w.WriteString("message", f.Message);
            if (f.Location is { } l) w.WriteString("location", l.ToString());
            if (f.Waiver is { } waiver) w.WriteString("waiver", waiver);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}

/// <summary>
/// Pull-request comments: per cluster a collapsible section with each Application's changes as <c>diff</c> blocks and the
/// findings under the hunk they concern. GitHub refuses a comment over 65,536 characters, so the sections are packed
/// into as many comments as needed, each saying what it is and which part of how many.
/// </summary>
internal sealed class ChangeMarkdownFormat : IChangeFormat
{
    public const int MaxCommentChars = 65_536;
    public const string Marker = "<!-- " + Identity.Harness.ToolName + ":diff -->";

    /// <summary>Room kept for each comment's heading and closing line.</summary>
    private const int HeaderReserve = 1_024;

    public string Name => "markdown";
    public string DefaultFileName => "diff.md";

    public IReadOnlyList<string> Write(ChangeReport report) => Write(report, MaxCommentChars);

    internal IReadOnlyList<string> Write(ChangeReport report, int maxChars)
    {
        var budget = maxChars - HeaderReserve;
        var blocks = new List<string> { Overview(report) };
        foreach (var cluster in report.Clusters) blocks.AddRange(ClusterBlocks(cluster, budget));
        var parts = new List<StringBuilder>();
        foreach (var block in blocks)
        {
            if (parts.Count == 0 || parts[^1].Length + block.Length > budget) parts.Add(new StringBuilder());
            parts[^1].Append(block);
        }
        return parts.Select((p, i) =>
            $"{Marker}\n<!-- part {i + 1} of {parts.Count} -->\n### {Identity.Harness.ToolName}: what this change does to each cluster"
            + (parts.Count > 1 ? $" (part {i + 1} of {parts.Count})" : "")
            + $"\n\nRendered diff against `{report.Base.Reference}` ({report.Base.Commit[..12]}); Secret values are redacted.\n\n"
            + p.ToString()).ToList();
    }

    private static string Overview(ChangeReport report)
    {
        var sb = new StringBuilder();
        var s = report.Validation.Summary;
        sb.Append(s.Errors > 0 ? $"❌ **{s.Errors} error(s)**, {s.Warnings} warning(s) in the changed revision.\n\n" : $"✅ no errors, {s.Warnings} warning(s) in the changed revision.\n\n");
        sb.Append("| cluster | change |\n|---|---|\n");
        foreach (var c in report.Clusters) sb.Append($"| {c.Cluster} | {ChangeFormats.Counts(c)} |\n");
        var upgrade = report.Validation.Findings.Where(f => f.Stage == Upgrade.UpgradeRules.Stage && f.Severity != Severity.Info).ToList();
        if (upgrade.Count > 0)
        {
            sb.Append("\n**Can it be rolled out?**\n\n");
            foreach (var f in upgrade) sb.Append($"- {(f.CountsAsError ? "❌" : "⚠️")} `{f.Rule}` {MarkdownFormat.Cell(f.Message)} ({f.Location?.ToString() ?? "(repository)"})\n");
        }
        sb.Append('\n');
        return sb.ToString();
    }

    /// <summary>A cluster's section; one that would not fit a comment is cut between objects into continued sections.</summary>
    private static IEnumerable<string> ClusterBlocks(ClusterChanges cluster, int budget)
    {
        var open = $"<details><summary><b>cluster {cluster.Cluster}</b>: {ChangeFormats.Counts(cluster)}</summary>\n\n";
        const string close = "</details>\n\n";
        if (cluster.IsEmpty)
        {
            yield return open + (cluster.InputsChanged ? "Nothing this cluster receives changes.\n\n" : "Nothing a render of this cluster reads changed; it was not rendered again.\n\n") + close;
            yield break;
        }
        var current = new StringBuilder(open);
        foreach (var app in cluster.Applications)
        {
            var heading = $"**Application {app.Application}**\n\n";
            current.Append(heading);
            foreach (var change in app.Objects)
            {
                var text = Change(change, budget - open.Length - close.Length - heading.Length - 64);
                if (current.Length + text.Length + close.Length > budget)
                {
                    yield return current.Append(close).ToString();
                    current = new StringBuilder($"<details><summary><b>cluster {cluster.Cluster}</b> (continued)</summary>\n\n").Append(heading);
                }
                current.Append(text);
            }
        }
        yield return current.Append(close).ToString();
    }

    private static string Change(ObjectChange change, int budget)
    {
        var sb = new StringBuilder();
        sb.Append($"`{ChangeFormats.Title(change)}`\n\n");
        if (change.Hunks.Count > 0)
        {
            sb.Append("```diff\n");
            var shown = 0;
            foreach (var hunk in change.Hunks)
            {
                var text = hunk.Hunk.Header + "\n" + string.Concat(hunk.Hunk.Lines.Select(l => l.Replace("```", "` ` `", StringComparison.Ordinal) + "\n"))
                    + string.Concat(hunk.Findings.Select(f => $"# ^ {ChangeFormats.FindingLine(f)}\n"));
                if (sb.Length + text.Length > budget)
                {
                    sb.Append($"# … {change.Hunks.Count - shown} more hunk(s) not shown: too large for a comment; run `diff --base` locally\n");
                    break;
                }
                sb.Append(text);
                shown++;
            }
            sb.Append("```\n\n");
        }
        foreach (var f in change.Findings) sb.Append($"- {(f.CountsAsError ? "❌" : f.Severity == Severity.Warning ? "⚠️" : "ℹ️")} `{f.Rule}` {MarkdownFormat.Cell(f.Message)} ({f.Location?.ToString() ?? "(repository)"})\n");
        if (change.Findings.Count > 0) sb.Append('\n');
        return sb.ToString();
    }
}
