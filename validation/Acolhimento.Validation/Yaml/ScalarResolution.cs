using System.Globalization;

namespace Acolhimento.Validation.Yaml;

/// <summary>
/// Resolves plain scalars to JSON types the way Kubernetes' YAML decoder (go-yaml v2, YAML 1.1 booleans) does,
/// so that <c>enabled: yes</c> is a boolean here exactly as it is for the API server.
/// </summary>
public static class ScalarResolution
{
    private const string TagPrefix = "tag:yaml.org,2002:";
    private const int MaxWordLength = 5;
    private const int StackLimit = 256;
    private static readonly System.Buffers.SearchValues<char> FloatCharacters = System.Buffers.SearchValues.Create("0123456789.eE+-");

    private static readonly HashSet<string> TrueWords = ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"];
    private static readonly HashSet<string> FalseWords = ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"];
    private static readonly HashSet<string> NullWords = ["", "~", "null", "Null", "NULL"];
    private static readonly HashSet<string> SpecialFloats = [".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN"];

    public static ScalarKind Resolve(YamlScalar scalar)
    {
        if (scalar.Tag is { } tag)
        {
            return tag switch
            {
                TagPrefix + "str" or "!" => ScalarKind.String,
                TagPrefix + "int" => ScalarKind.Int,
                TagPrefix + "float" => ScalarKind.Float,
                TagPrefix + "bool" => ScalarKind.Bool,
                TagPrefix + "null" => ScalarKind.Null,
                _ => ScalarKind.String,
            };
        }
        return scalar.Style == ScalarStyle.Plain ? ResolvePlain(scalar.Value) : ScalarKind.String;
    }

    public static ScalarKind ResolvePlain(string value)
    {
        // Most plain scalars are words: one starting with a letter no null, boolean, integer or float spelling starts
        // with is a string without further parsing.
        if (value.Length > 0 && char.IsAsciiLetter(value[0]) && value[0] is not ('y' or 'Y' or 'n' or 'N' or 't' or 'T' or 'f' or 'F' or 'o' or 'O'))
        {
            return ScalarKind.String;
        }
        // Every null, boolean and special float word is at most five characters long: longer values skip the word sets.
        if (value.Length <= MaxWordLength)
        {
            if (NullWords.Contains(value)) return ScalarKind.Null;
            if (TrueWords.Contains(value) || FalseWords.Contains(value)) return ScalarKind.Bool;
        }
        if (TryParseInt(value, out _)) return ScalarKind.Int;
        if (IsFloat(value)) return ScalarKind.Float;
        return ScalarKind.String;
    }

    public static bool ParseBool(string value) => TrueWords.Contains(value);

    public static bool TryParseInt(string value, out long result)
    {
        result = 0;
        if (value.Length == 0) return false;
        Span<char> buffer = value.Length <= StackLimit ? stackalloc char[value.Length] : new char[value.Length];
        var text = WithoutUnderscores(value, buffer);
        var negative = false;
        if (text.Length > 0 && text[0] is '+' or '-')
        {
            negative = text[0] == '-';
            text = text[1..];
        }
        if (text.Length == 0) return false;
        bool ok;
        if (text.StartsWith("0x", StringComparison.Ordinal))
        {
            // AllowHexSpecifier reads 16 hex digits as two's complement; a value beyond long.MaxValue is an overflow, not a negative number.
            ok = long.TryParse(text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out result) && result >= 0;
        }
        else if (text.StartsWith("0b", StringComparison.Ordinal))
        {
            ok = TryParseBase(text[2..], 2, out result);
        }
        else if (text.StartsWith("0o", StringComparison.Ordinal))
        {
            ok = TryParseBase(text[2..], 8, out result);
        }
        else if (text.Length > 1 && text[0] == '0')
        {
            ok = TryParseBase(text[1..], 8, out result); // YAML 1.1 octal, as go-yaml v2 reads it
        }
        else
        {
            ok = !text.ContainsAnyExceptInRange('0', '9') && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out result);
        }
        if (ok && negative) result = -result;
        return ok;
    }

    public static bool IsFloat(string value)
    {
        if (value.Length <= MaxWordLength && SpecialFloats.Contains(value)) return true;
        if (value.Length == 0) return false;
        Span<char> buffer = value.Length <= StackLimit ? stackalloc char[value.Length] : new char[value.Length];
        var text = WithoutUnderscores(value, buffer);
        if (text.Length == 0 || !text.ContainsAnyInRange('0', '9')) return false;
        if (text.ContainsAnyExcept(FloatCharacters)) return false;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
    }

    /// <summary><paramref name="value"/> with YAML 1.1's digit separators removed (copied into <paramref name="buffer"/> only when it has any).</summary>
    private static ReadOnlySpan<char> WithoutUnderscores(string value, Span<char> buffer)
    {
        if (!value.Contains('_')) return value;
        var length = 0;
        foreach (var c in value)
        {
            if (c != '_') buffer[length++] = c;
        }
        return buffer[..length];
    }

    public static double ParseFloat(string value) => value switch
    {
        ".nan" or ".NaN" or ".NAN" => double.NaN,
        _ when value.StartsWith('-') && value.Contains("inf", StringComparison.OrdinalIgnoreCase) => double.NegativeInfinity,
        _ when value.Contains("inf", StringComparison.OrdinalIgnoreCase) => double.PositiveInfinity,
        _ => double.Parse(value.Replace("_", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static bool TryParseBase(ReadOnlySpan<char> digits, int radix, out long result)
    {
        result = 0;
        if (digits.Length == 0) return false;
        foreach (var c in digits)
        {
            var d = c - '0';
            if (d < 0 || d >= radix) return false;
            if (result > (long.MaxValue - d) / radix) return false;
            result = result * radix + d;
        }
        return true;
    }
}
