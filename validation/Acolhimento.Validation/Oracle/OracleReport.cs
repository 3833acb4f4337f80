using System.Text;
using System.Text.Json;
using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Oracle;

/// <summary>The comparison as text (figures, then one block per disagreement) or as one JSON object; pure functions of the comparison.</summary>
public static class OracleReport
{
    public static string Text(OracleComparison comparison)
    {
        var sb = new StringBuilder();
        sb.Append("API server rejects, gate errs at its field: ").Append(comparison.Rejected).Append('\n');
        sb.Append("API server accepts, gate has no error:      ").Append(comparison.Accepted).Append('\n');
        sb.Append("Applications (apart): rejected ").Append(comparison.ApplicationsRejected).Append(", accepted ").Append(comparison.ApplicationsAccepted).Append('\n');
        foreach (var group in comparison.Disagreements.GroupBy(j => j.Outcome).OrderBy(g => g.Key))
        {
            sb.Append(group.Key).Append(": ").Append(group.Count()).Append('\n');
        }
        sb.Append("disagreements: ").Append(comparison.Disagreements.Count).Append(" (").Append(comparison.Unexplained.Count).Append(" not listed as deliberate)\n");
        foreach (var id in comparison.StaleDifferences) sb.Append("listed as deliberate but agrees or is absent: ").Append(id).Append('\n');
        foreach (var judgement in comparison.Disagreements)
        {
            var item = judgement.Case;
            sb.Append('\n').Append(item.Id).Append(' ').Append(judgement.Outcome).Append(": ").Append(item.Object).Append(", ").Append(item.Mutation).Append('\n');
            sb.Append("  API server: ").Append(item.Verdict);
            if (item.Rejected) sb.Append(' ').Append(item.Code).Append(' ').Append(item.Reason).Append(": ").Append(OneLine(item.Message));
            sb.Append('\n');
            if (judgement.Expected.Count > 0) sb.Append("  expected at: ").Append(string.Join(", ", judgement.Expected)).Append('\n');
            foreach (var finding in judgement.Errors) sb.Append("  gate: ").Append(finding.Rule).Append(" at ").Append(finding.Path ?? ".").Append(": ").Append(OneLine(finding.Message)).Append('\n');
            if (comparison.Known.ReasonOf(item.Id) is { } reason) sb.Append("  deliberate: ").Append(reason).Append('\n');
        }
        return sb.ToString();
    }

    public static string Json(OracleComparison comparison)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            Figures(json, "rejected", comparison.Rejected);
            Figures(json, "accepted", comparison.Accepted);
            Figures(json, "applicationsRejected", comparison.ApplicationsRejected);
            Figures(json, "applicationsAccepted", comparison.ApplicationsAccepted);
            json.WriteNumber("unexplained", comparison.Unexplained.Count);
            json.WriteStartArray("staleDifferences");
            foreach (var id in comparison.StaleDifferences) json.WriteStringValue(id);
            json.WriteEndArray();
            json.WriteStartArray("disagreements");
            foreach (var judgement in comparison.Disagreements) Disagreement(json, judgement, comparison.Known.ReasonOf(judgement.Case.Id));
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void Figures(Utf8JsonWriter json, string name, Agreement agreement)
    {
        json.WriteStartObject(name);
        json.WriteNumber("agreeing", agreement.Agreeing);
        json.WriteNumber("total", agreement.Total);
        json.WriteNumber("percent", Math.Round(agreement.Percent, 2));
        json.WriteEndObject();
    }

    private static void Disagreement(Utf8JsonWriter json, OracleJudgement judgement, string? reason)
    {
        var item = judgement.Case;
        json.WriteStartObject();
        json.WriteString("id", item.Id);
        json.WriteString("outcome", judgement.Outcome.ToString());
        json.WriteString("object", item.Object);
        json.WriteString("mutation", item.Mutation.ToString());
        json.WriteString("verdict", item.Verdict);
        json.WriteString("message", item.Message);
        json.WriteStartArray("causes");
        foreach (var cause in item.Causes)
        {
            json.WriteStartObject();
            json.WriteString("field", cause.Field);
            json.WriteString("reason", cause.Reason);
            json.WriteString("message", cause.Message);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("expectedAt");
        foreach (var expected in judgement.Expected) json.WriteStringValue(expected.ToString());
        json.WriteEndArray();
        json.WriteStartArray("findings");
        foreach (var finding in judgement.Errors) WriteFinding(json, finding);
        json.WriteEndArray();
        json.WriteString("deliberate", reason);
        json.WriteEndObject();
    }

    private static void WriteFinding(Utf8JsonWriter json, Finding finding)
    {
        json.WriteStartObject();
        json.WriteString("stage", finding.Stage);
        json.WriteString("rule", finding.Rule);
        json.WriteString("path", finding.Path);
        json.WriteString("message", finding.Message);
        json.WriteEndObject();
    }

    private static string OneLine(string? text) => (text ?? "").ReplaceLineEndings(" ");
}
