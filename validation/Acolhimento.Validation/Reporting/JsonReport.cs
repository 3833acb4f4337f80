using System.Text;
using System.Text.Json;
using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Reporting;

/// <summary>
/// The CLI's JSON contract: one object with <c>findings</c>, <c>summary</c>, <c>exitCode</c> and <c>reason</c> (why the run
/// could not validate, exit 2); absent values are null, never omitted.
/// </summary>
internal static class JsonReport
{
    public static string Format(ValidationReport report, ReportContext? context = null)
    {
        context ??= ReportContext.Minimal();
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartArray("findings");
            foreach (var f in report.Findings) WriteFinding(w, f);
            w.WriteEndArray();
            w.WriteStartObject("summary");
            w.WriteNumber("files", report.Summary.Files);
            w.WriteNumber("documents", report.Summary.Documents);
            w.WriteNumber("objects", report.Summary.Objects);
            w.WriteNumber("errors", report.Summary.Errors);
            w.WriteNumber("warnings", report.Summary.Warnings);
            w.WriteNumber("durationMs", report.Summary.DurationMs);
            w.WriteEndObject();
            w.WriteNumber("exitCode", context.ExitCode(report));
            WriteOptional(w, "reason", report.CannotValidateReason);
            if (report.Shard is { } shard) WriteShard(w, shard); // only a shard's report has it: the unsharded contract is unchanged
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteShard(Utf8JsonWriter w, ShardInfo shard)
    {
        w.WriteStartObject("shard");
        w.WriteNumber("index", shard.Index);
        w.WriteNumber("count", shard.Count);
        w.WriteStartArray("clusters");
        foreach (var cluster in shard.Clusters) w.WriteStringValue(cluster);
        w.WriteEndArray();
        w.WriteStartArray("stages");
        foreach (var stage in shard.Stages) w.WriteStringValue(stage);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteFinding(Utf8JsonWriter w, Finding f)
    {
        w.WriteStartObject();
        w.WriteString("stage", f.Stage);
        w.WriteString("severity", f.Severity.ToString().ToLowerInvariant());
        w.WriteString("rule", f.Rule);
        w.WriteString("message", f.Message);
        WriteOptional(w, "file", f.Location?.File);
        WriteOptional(w, "line", f.Location?.Line);
        WriteOptional(w, "column", f.Location?.Column);
        WriteOptional(w, "cluster", f.Cluster);
        // Only where it says something: a report of a repository whose Applications all deploy in-cluster keeps its shape.
        if (f.Destination is not null) w.WriteString("destination", f.Destination);
        WriteOptional(w, "application", f.Application);
        if (f.Object is { } o)
        {
            w.WriteStartObject("object");
            w.WriteString("apiVersion", o.ApiVersion);
            w.WriteString("kind", o.Kind);
            WriteOptional(w, "namespace", o.Namespace);
            w.WriteString("name", o.Name);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("object");
        }
        WriteOptional(w, "path", f.Path);
        WriteOptional(w, "waiver", f.Waiver);
        w.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteString(name, value);
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, int? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteNumber(name, value.Value);
    }
}
