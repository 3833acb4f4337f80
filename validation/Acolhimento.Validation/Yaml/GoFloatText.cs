using System.Globalization;
using System.Text;

namespace Acolhimento.Validation.Yaml;

/// <summary>
/// How Go writes a float64 where Kubernetes' YAML-to-JSON conversion needs text: encoding/json's number
/// (<c>floatEncoder</c>: shortest digits, exponent form below 1e-6 and from 1e21) and sigs.k8s.io/yaml's map key
/// (<c>strconv.FormatFloat(v, 'g', -1, 32)</c>). Both start from the shortest digits that read back as the same value,
/// which .NET's round-trip format also produces.
/// </summary>
internal static class GoFloatText
{
    /// <summary>encoding/json's text for a finite float64.</summary>
    public static string JsonNumber(double value)
    {
        var (negative, digits, point) = ShortestDigits(value.ToString("R", CultureInfo.InvariantCulture));
        var magnitude = Math.Abs(value);
        if (magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e21))
        {
            var text = FormatE(negative, digits, point);
            // encoding/json shortens a two-digit negative exponent with a leading zero: e-07 becomes e-7.
            var n = text.Length;
            return n >= 4 && text[n - 4] == 'e' && text[n - 3] == '-' && text[n - 2] == '0' ? text[..(n - 2)] + text[n - 1] : text;
        }
        return FormatF(negative, digits, point);
    }

    /// <summary><c>strconv.FormatFloat(value, 'g', -1, 32)</c>, with sigs.k8s.io/yaml's names for infinities and NaN.</summary>
    public static string MapKey(double value)
    {
        var single = (float)value;
        if (float.IsNaN(single)) return ".nan";
        if (float.IsPositiveInfinity(single)) return ".inf";
        if (float.IsNegativeInfinity(single)) return "-.inf";
        var (negative, digits, point) = ShortestDigits(single.ToString("R", CultureInfo.InvariantCulture));
        var exponent = point - 1;
        // Shortest %g switches to an exponent at 6 digits before the point, or below 1e-4.
        return digits.Length > 0 && (exponent < -4 || exponent >= 6) ? FormatE(negative, digits, point) : FormatF(negative, digits, point);
    }

    /// <summary>
    /// The significant digits of a round-trip text (no leading or trailing zeros; empty for zero) and the position of the
    /// decimal point relative to them: value = 0.<c>digits</c> × 10^<c>point</c>.
    /// </summary>
    private static (bool Negative, string Digits, int Point) ShortestDigits(string roundTrip)
    {
        var negative = roundTrip.StartsWith('-');
        var text = negative ? roundTrip[1..] : roundTrip;
        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }
        var dot = text.IndexOf('.');
        var integerDigits = dot >= 0 ? dot : text.Length;
        var all = dot >= 0 ? text.Remove(dot, 1) : text;
        var leading = 0;
        while (leading < all.Length && all[leading] == '0') leading++;
        var digits = all[leading..].TrimEnd('0');
        return (negative, digits, digits.Length == 0 ? 0 : integerDigits - leading + exponent);
    }

    /// <summary>Go's <c>fmtF</c> with the shortest precision: every digit, no exponent.</summary>
    private static string FormatF(bool negative, string digits, int point)
    {
        var builder = new StringBuilder();
        if (negative) builder.Append('-');
        if (point > 0)
        {
            for (var i = 0; i < point; i++) builder.Append(i < digits.Length ? digits[i] : '0');
        }
        else
        {
            builder.Append('0');
        }
        var fraction = Math.Max(digits.Length - point, 0);
        if (fraction > 0)
        {
            builder.Append('.');
            for (var i = 1; i <= fraction; i++)
            {
                var index = point + i - 1;
                builder.Append(index >= 0 && index < digits.Length ? digits[index] : '0');
            }
        }
        return builder.ToString();
    }

    /// <summary>Go's <c>fmtE</c> with the shortest precision: d.ddde±XX, at least two exponent digits.</summary>
    private static string FormatE(bool negative, string digits, int point)
    {
        var builder = new StringBuilder();
        if (negative) builder.Append('-');
        builder.Append(digits.Length > 0 ? digits[0] : '0');
        if (digits.Length > 1) builder.Append('.').Append(digits, 1, digits.Length - 1);
        var exponent = digits.Length == 0 ? 0 : point - 1;
        builder.Append('e').Append(exponent < 0 ? '-' : '+');
        exponent = Math.Abs(exponent);
        builder.Append(exponent < 10 ? "0" + exponent.ToString(CultureInfo.InvariantCulture) : exponent.ToString(CultureInfo.InvariantCulture));
        return builder.ToString();
    }
}

/// <summary>go-yaml's <c>!!binary</c>: Go's standard base64 (line breaks skipped, padding required), then the bytes as encoding/json writes a Go string.</summary>
internal static class GoBase64
{
    public static bool TryDecodeToGoString(string text, out string decoded)
    {
        decoded = "";
        var compact = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\r' or '\n') continue;
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=')) return false; // .NET would skip spaces and tabs; Go refuses them
            compact.Append(c);
        }
        if (compact.Length % 4 != 0) return false;
        var bytes = new byte[compact.Length / 4 * 3];
        if (!Convert.TryFromBase64String(compact.ToString(), bytes, out var written)) return false;
        decoded = GoString(bytes.AsSpan(0, written));
        return true;
    }

    /// <summary>Bytes as a Go string marshalled to JSON: each byte that starts no valid UTF-8 sequence becomes U+FFFD.</summary>
    private static string GoString(ReadOnlySpan<byte> bytes)
    {
        var builder = new StringBuilder(bytes.Length);
        while (!bytes.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(bytes, out var rune, out var consumed) == System.Buffers.OperationStatus.Done)
            {
                builder.Append(rune.ToString());
                bytes = bytes[consumed..];
            }
            else
            {
                builder.Append('\uFFFD');
                bytes = bytes[1..];
            }
        }
        return builder.ToString();
    }
}
