using System.Text.Json;
using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Reporting;

/// <summary>
/// Reads back what <see cref="JsonReport"/> wrote (a shard's report, for <see cref="ShardMerge"/>). Anything that is not
/// such a report cannot be merged: the reason names the file and what is wrong, never a partial report.
/// </summary>
public static class JsonReportReader
{
    public static ValidationReport Read(string json, string file)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
            var root = document.RootElement;
            var findings = root.GetProperty("findings").EnumerateArray().Select(ReadFinding).ToList();
            var summary = root.GetProperty("summary");
            var report = new ValidationReport(findings, new ValidationSummary(
                summary.GetProperty("files").GetInt32(), summary.GetProperty("documents").GetInt32(), summary.GetProperty("objects").GetInt32(),
                summary.GetProperty("errors").GetInt32(), summary.GetProperty("warnings").GetInt32(), summary.GetProperty("durationMs").GetInt64()),
                OptionalString(root, "reason"));
            if (root.TryGetProperty("shard", out var shard) && shard.ValueKind == JsonValueKind.Object)
            {
                report = report with
                {
                    Shard = new ShardInfo(shard.GetProperty("index").GetInt32(), shard.GetProperty("count").GetInt32(),
                        Strings(shard.GetProperty("clusters")), Strings(shard.GetProperty("stages"))),
                };
            }
            return report;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new CannotValidateException($"{file} is not a JSON report of this tool ({ex.Message})");
        }
    }

    private static Finding ReadFinding(JsonElement f)
    {
        var file = OptionalString(f, "file");
        var location = file is null ? null : new SourceLocation(file, f.GetProperty("line").GetInt32(), f.GetProperty("column").GetInt32());
        var o = f.GetProperty("object");
        var reference = o.ValueKind == JsonValueKind.Null
            ? null
            : new ObjectReference(o.GetProperty("apiVersion").GetString()!, o.GetProperty("kind").GetString()!, OptionalString(o, "namespace"), o.GetProperty("name").GetString()!);
        return new Finding(f.GetProperty("stage").GetString()!, Enum.Parse<Severity>(f.GetProperty("severity").GetString()!, ignoreCase: true),
            f.GetProperty("rule").GetString()!, f.GetProperty("message").GetString()!, location,
            OptionalString(f, "cluster"), OptionalString(f, "application"), reference, OptionalString(f, "path"), OptionalString(f, "waiver"));
    }

    private static string? OptionalString(JsonElement element, string name) =>
        element.GetProperty(name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();
}
