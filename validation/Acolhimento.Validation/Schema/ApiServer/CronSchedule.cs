using System.Globalization;
using System.Numerics;
using System.Text;
using Acolhimento.Validation.Kubernetes;

namespace Acolhimento.Validation.Schema.ApiServer;

/// <summary>
/// A CronJob schedule read exactly as the API server reads it: the standard parser of robfig/cron v3
/// (<c>cron.ParseStandard</c>) — five fields (minute 0-59, hour 0-23, day of month 1-31, month 1-12 or jan-dec, day of
/// week 0-6 or sun-sat), each a comma list of <c>*</c>, <c>?</c>, <c>N</c>, <c>N-M</c> with an optional <c>/step</c>, or one
/// of the <c>@yearly</c>… macros or <c>@every DURATION</c> — with its error messages word for word, so a finding reads as
/// <c>kubectl apply</c> would print it.
/// </summary>
internal static class CronSchedule
{
    private sealed record Bounds(uint Min, uint Max, IReadOnlyDictionary<string, uint>? Names = null);

    private static readonly Bounds Seconds = new(0, 59);

    // Minute, hour, day of month, month, day of week: the five fields of a standard spec, after the implicit second.
    private static readonly Bounds[] Fields =
    [
        new(0, 59),
        new(0, 23),
        new(1, 31),
        new(1, 12, Names(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)),
        new(0, 6, Names(["sun", "mon", "tue", "wed", "thu", "fri", "sat"], 0)),
    ];

    private static readonly HashSet<string> Descriptors = new(StringComparer.Ordinal) { "@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly" };

    /// <summary>The parser's error for <paramref name="spec"/>, or null when the schedule is accepted.</summary>
    public static string? Error(string spec)
    {
        if (spec.Length == 0) return "empty spec string";
        if (spec.StartsWith("TZ=", StringComparison.Ordinal) || spec.StartsWith("CRON_TZ=", StringComparison.Ordinal))
        {
            var space = spec.IndexOf(' ', StringComparison.Ordinal);
            var equals = spec.IndexOf('=', StringComparison.Ordinal);
            // Without a space the parser slices out of range; the request then fails anyway, with the TZ refusal.
            if (space < 0) return $"provided bad location {spec[(equals + 1)..]}: unknown time zone {spec[(equals + 1)..]}";
            var location = spec[(equals + 1)..space];
            if (LocationError(location) is { } locationError) return $"provided bad location {location}: {locationError}";
            spec = spec[space..].Trim();
        }
        if (spec.StartsWith('@')) return DescriptorError(spec);
        var fields = spec.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != Fields.Length) return $"expected exactly {Fields.Length} fields, found {fields.Length}: [{string.Join(' ', fields)}]";
        if (FieldError("0", Seconds) is { } secondError) return secondError;
        for (var i = 0; i < fields.Length; i++)
        {
            if (FieldError(fields[i], Fields[i]) is { } error) return error;
        }
        return null;
    }

    /// <summary>Go's <c>time.LoadLocation</c> on a name: the empty name and UTC and Local resolve; otherwise the tz database decides.</summary>
    internal static string? LocationError(string name)
    {
        if (name is "" or "UTC" or "Local") return null;
        if (name.Contains("..", StringComparison.Ordinal) || name[0] is '/' or '\\') return "time: invalid location name";
        return TimeZones.IsKnown(name) ? null : $"unknown time zone {name}";
    }

    private static string? DescriptorError(string descriptor)
    {
        if (Descriptors.Contains(descriptor)) return null;
        const string every = "@every ";
        if (descriptor.StartsWith(every, StringComparison.Ordinal))
        {
            return GoDuration.Error(descriptor[every.Length..]) is { } error ? $"failed to parse duration {descriptor}: {error}" : null;
        }
        return $"unrecognized descriptor: {descriptor}";
    }

    /// <summary>A comma-separated list of ranges; empty items between commas are skipped, as the parser does.</summary>
    private static string? FieldError(string field, Bounds bounds)
    {
        foreach (var range in field.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (RangeError(range, bounds) is { } error) return error;
        }
        return null;
    }

    private static string? RangeError(string expression, Bounds bounds)
    {
        var rangeAndStep = expression.Split('/');
        var lowAndHigh = rangeAndStep[0].Split('-');
        var single = lowAndHigh.Length == 1;
        uint start, end;
        if (lowAndHigh[0] is "*" or "?")
        {
            // What follows a star's hyphen is not read at all ("*-5" is every value).
            start = bounds.Min;
            end = bounds.Max;
        }
        else
        {
            if (IntOrName(lowAndHigh[0], bounds, out start) is { } startError) return startError;
            switch (lowAndHigh.Length)
            {
                case 1:
                    end = start;
                    break;
                case 2:
                    if (IntOrName(lowAndHigh[1], bounds, out end) is { } endError) return endError;
                    break;
                default:
                    return $"too many hyphens: {expression}";
            }
        }
        uint step;
        switch (rangeAndStep.Length)
        {
            case 1:
                step = 1;
                break;
            case 2:
                if (NonNegativeInt(rangeAndStep[1], out step) is { } stepError) return stepError;
                if (single) end = bounds.Max; // "N/step" means "N-max/step"
                break;
            default:
                return $"too many slashes: {expression}";
        }
        if (start < bounds.Min) return $"beginning of range ({start}) below minimum ({bounds.Min}): {expression}";
        if (end > bounds.Max) return $"end of range ({end}) above maximum ({bounds.Max}): {expression}";
        if (start > end) return $"beginning of range ({start}) beyond end of range ({end}): {expression}";
        return step == 0 ? $"step of range should be a positive number: {expression}" : null;
    }

    private static string? IntOrName(string expression, Bounds bounds, out uint value)
    {
        if (bounds.Names is { } names && names.TryGetValue(expression.ToLowerInvariant(), out value)) return null;
        return NonNegativeInt(expression, out value);
    }

    /// <summary>Go's <c>strconv.Atoi</c> (optional sign, decimal digits, 64-bit) and the parser's refusal of negatives.</summary>
    private static string? NonNegativeInt(string expression, out uint value)
    {
        value = 0;
        var digits = expression.Length > 0 && expression[0] is '+' or '-' ? expression[1..] : expression;
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
        {
            return $"failed to parse int from {expression}: strconv.Atoi: parsing {GoDuration.Quote(expression)}: invalid syntax";
        }
        // Past 19 significant digits nothing fits in 64 bits: decided without parsing a possibly huge number.
        var number = digits.TrimStart('0').Length > 19 ? BigInteger.Pow(10, 19) : BigInteger.Parse(expression, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        if (number > long.MaxValue || number < long.MinValue)
        {
            return $"failed to parse int from {expression}: strconv.Atoi: parsing {GoDuration.Quote(expression)}: value out of range";
        }
        if (number < 0) return $"negative number ({number}) not allowed: {expression}";
        // Go converts the int to a 64-bit uint; anything past uint's range here is past every maximum anyway.
        value = number > uint.MaxValue ? uint.MaxValue : (uint)number;
        return null;
    }

    private static IReadOnlyDictionary<string, uint> Names(string[] names, uint first) =>
        names.Select((name, i) => (name, value: first + (uint)i)).ToDictionary(n => n.name, n => n.value, StringComparer.Ordinal);
}

/// <summary>Go's <c>time.ParseDuration</c> (as <c>@every</c> uses it): errors only, with Go's wording.</summary>
internal static class GoDuration
{
    private static readonly Dictionary<string, decimal> Units = new(StringComparer.Ordinal)
    {
        ["ns"] = 1m, ["us"] = 1_000m, ["\u00b5s"] = 1_000m, ["\u03bcs"] = 1_000m, ["ms"] = 1_000_000m, ["s"] = 1_000_000_000m, ["m"] = 60_000_000_000m, ["h"] = 3_600_000_000_000m,
    };

    public static string? Error(string text)
    {
        var invalid = $"time: invalid duration {Quote(text)}";
        var s = text;
        var negative = false;
        if (s.Length > 0 && s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s == "0") return null;
        if (s.Length == 0) return invalid;
        decimal total = 0;
        while (s.Length > 0)
        {
            if (!(s[0] == '.' || char.IsAsciiDigit(s[0]))) return invalid;
            var whole = s.TakeWhile(char.IsAsciiDigit).Count();
            var number = whole > 0 ? s[..whole] : "";
            s = s[whole..];
            var fraction = "";
            if (s.Length > 0 && s[0] == '.')
            {
                s = s[1..];
                var digits = s.TakeWhile(char.IsAsciiDigit).Count();
                fraction = s[..digits];
                s = s[digits..];
                if (whole == 0 && digits == 0) return invalid;
            }
            var unitLength = s.TakeWhile(c => c != '.' && !char.IsAsciiDigit(c)).Count();
            if (unitLength == 0) return $"time: missing unit in duration {Quote(text)}";
            var unit = s[..unitLength];
            s = s[unitLength..];
            if (!Units.TryGetValue(unit, out var nanoseconds)) return $"time: unknown unit {Quote(unit)} in duration {Quote(text)}";
            // Go refuses a number past 2^63 and a product past it (checked before multiplying, as decimal would overflow too).
            const decimal limit = 9_223_372_036_854_775_808m;
            if (number.TrimStart('0').Length > 19) return invalid;
            var integer = number.Length == 0 ? 0m : decimal.Parse(number, NumberStyles.None, CultureInfo.InvariantCulture);
            if (integer > limit / nanoseconds) return invalid;
            var value = integer * nanoseconds;
            if (fraction.Length > 0) value += decimal.Parse("0." + fraction[..Math.Min(fraction.Length, 27)], CultureInfo.InvariantCulture) * nanoseconds;
            total += value;
            if (total > (negative ? limit : long.MaxValue)) return invalid;
        }
        return null;
    }

    /// <summary>Go's double-quoted string literal (strconv.Quote) for the ASCII cases that matter in messages.</summary>
    public static string Quote(string text)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in text)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                _ when c < ' ' || c == '\x7f' => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }
        return sb.Append('"').ToString();
    }
}
