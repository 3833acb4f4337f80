using System.Globalization;
using System.Text.RegularExpressions;

namespace Acolhimento.Validation.Schema.Cel;

/// <summary>
/// CEL's <c>google.protobuf.Duration</c> and <c>Timestamp</c>: <c>duration("1h30m")</c> in Go's duration syntax,
/// <c>timestamp("2025-01-31T12:00:00Z")</c> in RFC 3339, arithmetic (in <see cref="CelArithmetic"/>) and the UTC
/// getters. Time zone arguments other than UTC and fixed offsets make the rule not evaluated.
/// </summary>
internal static partial class CelTime
{
    public static object? Call(string function, object[] args)
    {
        switch (function, args)
        {
            case ("duration", [string text]): return ParseDuration(text) is { } span ? new CelDuration(span) : new CelError($"invalid duration: \"{text}\"");
            case ("duration", [CelDuration d]): return d;
            case ("timestamp", [string text]):
                return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed) && Rfc3339().IsMatch(text)
                    ? Timestamp(parsed.ToUniversalTime())
                    : new CelError($"invalid timestamp: \"{text}\"");
            case ("timestamp", [CelTimestamp t]): return t;
            case ("timestamp", [long seconds]): return seconds is >= -62135596800 and <= 253402300799 ? Timestamp(DateTimeOffset.FromUnixTimeSeconds(seconds)) : new CelError("timestamp out of range");
            case (_, [CelTimestamp t]): return TimestampPart(function, t.Value);
            case (_, [CelTimestamp t, string zone]): return TimestampPart(function, InZone(t.Value, zone));
            case ("getHours", [CelDuration d]): return (long)d.Value.TotalHours;
            case ("getMinutes", [CelDuration d]): return (long)d.Value.TotalMinutes;
            case ("getSeconds", [CelDuration d]): return (long)d.Value.TotalSeconds;
            case ("getMilliseconds", [CelDuration d]): return (long)d.Value.TotalMilliseconds;
        }
        return null;
    }

    /// <summary>A timestamp; CEL's range (years 1 to 9999) is .NET's, whose arithmetic throws beyond it (the callers turn that into an error value).</summary>
    public static object Timestamp(DateTimeOffset value) => new CelTimestamp(value);

    private static DateTimeOffset InZone(DateTimeOffset value, string zone)
    {
        if (zone is "UTC" or "Z") return value;
        if (OffsetZone().Match(zone) is { Success: true } m)
        {
            var offset = new TimeSpan(int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture), 0);
            return value.ToOffset(m.Groups[1].Value == "-" ? -offset : offset);
        }
        throw new CelUnsupportedException($"time zone \"{zone}\" is not supported here (UTC and fixed offsets are)");
    }

    private static object? TimestampPart(string function, DateTimeOffset t) => function switch
    {
        "getFullYear" => (long)t.Year,
        "getMonth" => (long)(t.Month - 1),
        "getDate" => (long)t.Day,
        "getDayOfMonth" => (long)(t.Day - 1),
        "getDayOfWeek" => (long)t.DayOfWeek,
        "getDayOfYear" => (long)(t.DayOfYear - 1),
        "getHours" => (long)t.Hour,
        "getMinutes" => (long)t.Minute,
        "getSeconds" => (long)t.Second,
        "getMilliseconds" => (long)t.Millisecond,
        _ => null,
    };

    /// <summary>Go's time.ParseDuration: a signed sequence of decimal numbers with units ns, us (µs), ms, s, m, h.</summary>
    public static TimeSpan? ParseDuration(string text)
    {
        var s = text;
        var negative = false;
        if (s.StartsWith('-') || s.StartsWith('+'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s == "0") return TimeSpan.Zero;
        if (s.Length == 0) return null;
        decimal totalNanoseconds = 0;
        foreach (Match part in DurationPart().Matches(s))
        {
            totalNanoseconds += decimal.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture) * part.Groups[2].Value switch
            {
                "ns" => 1m,
                "us" or "µs" or "μs" => 1_000m,
                "ms" => 1_000_000m,
                "s" => 1_000_000_000m,
                "m" => 60_000_000_000m,
                _ => 3_600_000_000_000m,
            };
        }
        if (!DurationWhole().IsMatch(s) || totalNanoseconds > 9_223_372_036_854_775_807m) return null;
        var ticks = (long)(totalNanoseconds / 100m);
        return TimeSpan.FromTicks(negative ? -ticks : ticks);
    }

    public static string FormatDuration(TimeSpan value)
    {
        var seconds = value.Ticks / (decimal)TimeSpan.TicksPerSecond;
        return seconds.ToString("0.#########", CultureInfo.InvariantCulture) + "s";
    }

    public static string FormatTimestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString(value.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"([0-9]*\.?[0-9]+|[0-9]+\.)(ns|us|µs|μs|ms|s|m|h)", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPart();

    [GeneratedRegex(@"^(([0-9]*\.?[0-9]+|[0-9]+\.)(ns|us|µs|μs|ms|s|m|h))+$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationWhole();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();

    [GeneratedRegex(@"^([+-])(\d{2}):(\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex OffsetZone();
}
