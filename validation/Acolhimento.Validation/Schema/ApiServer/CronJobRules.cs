using System.Text.RegularExpressions;
using Acolhimento.Validation.Yaml;
using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Schema.ApiServer;

/// <summary>
/// A CronJob's <c>spec.schedule</c> and <c>spec.timeZone</c> as the API server validates them on create
/// (batch validation: validateScheduleFormat, validateTimeZone): the schedule must parse (<see cref="CronSchedule"/>)
/// and may not name a zone itself (<c>TZ=</c>, <c>CRON_TZ=</c>: the <c>timeZone</c> field is the only way now); the
/// zone must be an IANA name the API server's tz database knows, not <c>Local</c> and not empty.
/// </summary>
internal static partial class CronJobRules
{
    public static void Check(YamlMapping spec, ObjectPath specPath, List<SchemaViolation> violations)
    {
        if (spec["schedule"] is YamlScalar { Kind: ScalarKind.String } schedule) CheckSchedule(schedule.Value, specPath.Key("schedule"), violations);
        if (spec["timeZone"] is YamlScalar { Kind: ScalarKind.String } timeZone) CheckTimeZone(timeZone.Value, specPath.Key("timeZone"), violations);
    }

    private static void CheckSchedule(string schedule, ObjectPath path, List<SchemaViolation> violations)
    {
        if (schedule.Length == 0)
        {
            violations.Add(new SchemaViolation(SchemaRules.CronSchedule, $"{path}: Required value", path));
            return;
        }
        if (CronSchedule.Error(schedule) is { } error) violations.Add(Invalid(SchemaRules.CronSchedule, path, schedule, error));
        if (schedule.Contains("TZ", StringComparison.Ordinal))
        {
            violations.Add(Invalid(SchemaRules.CronSchedule, path, schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
        }
    }

    private static void CheckTimeZone(string timeZone, ObjectPath path, List<SchemaViolation> violations)
    {
        string? problem = null;
        if (timeZone.Length == 0) problem = "timeZone must be nil or non-empty string";
        else if (timeZone.Split('/').Any(part => part is "." or ".." || part.StartsWith('-') || !ZonePart().IsMatch(part))) problem = $"unknown time zone {timeZone}";
        else if (string.Equals(timeZone, "Local", StringComparison.OrdinalIgnoreCase)) problem = "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones";
        else if (CronSchedule.LocationError(timeZone) is { } error) problem = error;
        if (problem is null) return;
        var suggestion = problem.StartsWith("unknown", StringComparison.Ordinal) ? Suggestion(timeZone) : null;
        violations.Add(Invalid(SchemaRules.TimeZone, path, timeZone, problem + (suggestion is null ? "" : $"; did you mean {EnumValues.Quote(suggestion)}?")));
    }

    /// <summary>The closest IANA name (a misspelt city, or the wrong case): case-insensitive match first, then edit distance within the same area.</summary>
    private static string? Suggestion(string timeZone)
    {
        var names = Kubernetes.TimeZones.Names;
        var sameName = names.FirstOrDefault(n => string.Equals(n, timeZone, StringComparison.OrdinalIgnoreCase));
        if (sameName is not null) return sameName;
        var area = timeZone.Contains('/') ? timeZone[..(timeZone.IndexOf('/') + 1)] : "";
        return FieldSuggestions.Closest(timeZone, names.Where(n => n.StartsWith(area, StringComparison.OrdinalIgnoreCase)));
    }

    private static SchemaViolation Invalid(string rule, ObjectPath path, string value, string detail) =>
        new(rule, $"{path}: Invalid value: {MessageText.Quote(value)}: {Printable(detail)}", path);

    /// <summary>The parser's message quotes the offending text: kept to one short, visible line (no control or bidi characters).</summary>
    private static string Printable(string detail)
    {
        const int shown = 240;
        var sb = new System.Text.StringBuilder();
        foreach (var c in detail.Length > shown ? detail[..shown] : detail)
        {
            var category = char.GetUnicodeCategory(c);
            sb.Append(char.IsControl(c) || category is System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.Surrogate ? $"\\u{(int)c:x4}" : c.ToString());
        }
        return detail.Length > shown ? sb.Append("...").ToString() : sb.ToString();
    }

    // Each part of a zone name, as the API server's validTimeZoneCharacters admits it.
    [GeneratedRegex(@"^[A-Za-z\.\-_0-9+]{1,14}$", RegexOptions.CultureInvariant)]
    private static partial Regex ZonePart();
}
