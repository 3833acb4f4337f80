namespace Acolhimento.Validation.Yaml;

/// <summary>
/// go-yaml v2's <c>parseTimestamp</c>: four digits and a dash, then Go's <c>time.Parse</c> with one of its layouts
/// (<c>2006-1-2T15:4:5.999999999Z07:00</c>, the same with a lower-case <c>t</c>, <c>2006-1-2 15:4:5.999999999</c>,
/// <c>2006-1-2</c>). A timestamp reaches JSON as its text, so this only decides whether <c>!!timestamp</c> fits.
/// </summary>
internal static class GoTimestamp
{
    public static bool IsTimestamp(string s)
    {
        var i = 0;
        while (i < s.Length && s[i] is >= '0' and <= '9') i++;
        if (i != 4 || i == s.Length || s[i] != '-') return false;
        return Matches(s, 'T', withZone: true) || Matches(s, 't', withZone: true) || Matches(s, ' ', withZone: false) || DateOnly(s);
    }

    private static bool DateOnly(string s)
    {
        var at = 0;
        return Date(s, ref at, out _, out _, out _) && at == s.Length;
    }

    private static bool Matches(string s, char separator, bool withZone)
    {
        var at = 0;
        if (!Date(s, ref at, out _, out _, out _)) return false;
        if (at >= s.Length || s[at] != separator) return false;
        at++;
        if (separator == ' ')
        {
            while (at < s.Length && s[at] == ' ') at++; // a space in a Go layout matches any run of spaces
        }
        if (!Number(s, ref at, out var hour) || hour >= 24 || !Literal(s, ref at, ':')) return false;
        if (!Number(s, ref at, out var minute) || minute >= 60 || !Literal(s, ref at, ':')) return false;
        if (!Number(s, ref at, out var second) || second >= 60) return false;
        // .999999999: an optional fraction (period or comma) of any number of digits.
        if (at + 1 < s.Length && s[at] is '.' or ',' && s[at + 1] is >= '0' and <= '9')
        {
            at++;
            while (at < s.Length && s[at] is >= '0' and <= '9') at++;
        }
        if (withZone && !Zone(s, ref at)) return false;
        return at == s.Length;
    }

    /// <summary><c>2006-1-2</c>: a four-digit year, a month of one or two digits (1–12), a day valid in that month.</summary>
    private static bool Date(string s, ref int at, out int year, out int month, out int day)
    {
        year = month = day = 0;
        if (s.Length < 4) return false;
        for (var i = 0; i < 4; i++)
        {
            if (s[i] is < '0' or > '9') return false;
            year = year * 10 + (s[i] - '0');
        }
        at = 4;
        if (!Literal(s, ref at, '-') || !Number(s, ref at, out month) || month is < 1 or > 12) return false;
        if (!Literal(s, ref at, '-') || !Number(s, ref at, out day)) return false;
        return day >= 1 && day <= DaysIn(month, year);
    }

    private static int DaysIn(int month, int year) => month switch
    {
        2 => year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    /// <summary><c>Z07:00</c>: <c>Z</c>, or a sign, two digits, a colon and two digits (hours up to 24, minutes up to 60).</summary>
    private static bool Zone(string s, ref int at)
    {
        if (at < s.Length && s[at] == 'Z')
        {
            at++;
            return true;
        }
        if (s.Length - at < 6 || s[at + 3] != ':' || s[at] is not ('+' or '-')) return false;
        if (!TwoDigits(s, at + 1, out var hours) || !TwoDigits(s, at + 4, out var minutes) || hours > 24 || minutes > 60) return false;
        at += 6;
        return true;
    }

    /// <summary>Go's <c>getnum</c> unpadded: one digit, or two when a second follows.</summary>
    private static bool Number(string s, ref int at, out int value)
    {
        value = 0;
        if (at >= s.Length || s[at] is < '0' or > '9') return false;
        value = s[at++] - '0';
        if (at < s.Length && s[at] is >= '0' and <= '9') value = value * 10 + (s[at++] - '0');
        return true;
    }

    private static bool TwoDigits(string s, int at, out int value)
    {
        value = 0;
        if (s[at] is < '0' or > '9' || s[at + 1] is < '0' or > '9') return false;
        value = (s[at] - '0') * 10 + (s[at + 1] - '0');
        return true;
    }

    private static bool Literal(string s, ref int at, char c)
    {
        if (at >= s.Length || s[at] != c) return false;
        at++;
        return true;
    }
}
