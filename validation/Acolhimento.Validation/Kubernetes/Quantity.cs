using System.Text.RegularExpressions;

namespace Acolhimento.Validation.Kubernetes;

/// <summary>The Kubernetes resource quantity grammar (<c>k8s.io/apimachinery/pkg/api/resource</c>): a signed decimal with an SI, binary-SI or exponent suffix.</summary>
internal static partial class Quantity
{
    public static bool IsValid(string text) => text.Length <= 128 && Grammar().IsMatch(text);

    /// <summary>The quantity's value in base units (e.g. <c>500m</c> → 0.5), or null when it is not a valid quantity or too large to compare.</summary>
    public static decimal? Value(string text)
    {
        var match = Grammar().Match(text);
        if (!match.Success || text.Length > 128) return null;
        if (!decimal.TryParse(match.Groups["number"].Value, System.Globalization.NumberStyles.AllowLeadingSign | System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var number)) return null;
        var suffix = match.Groups["suffix"].Value;
        try
        {
            return suffix switch
            {
                "" => number,
                "n" => number / 1_000_000_000m,
                "u" => number / 1_000_000m,
                "m" => number / 1000m,
                "k" => number * 1000m,
                "M" => number * 1_000_000m,
                "G" => number * 1_000_000_000m,
                "T" => number * 1_000_000_000_000m,
                "P" => number * 1_000_000_000_000_000m,
                "E" => number * 1_000_000_000_000_000_000m,
                "Ki" => number * 1024m,
                "Mi" => number * 1024m * 1024m,
                "Gi" => number * 1024m * 1024m * 1024m,
                "Ti" => number * 1024m * 1024m * 1024m * 1024m,
                "Pi" => number * 1024m * 1024m * 1024m * 1024m * 1024m,
                "Ei" => number * 1024m * 1024m * 1024m * 1024m * 1024m * 1024m,
                _ => Exponent(number, suffix[1..]),
            };
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static decimal? Exponent(decimal number, string exponent)
    {
        if (!int.TryParse(exponent, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var e) || Math.Abs(e) > 27) return null;
        var scale = 1m;
        for (var i = 0; i < Math.Abs(e); i++) scale *= 10m;
        return e >= 0 ? number * scale : number / scale;
    }

    // number: 1, 1., 1.5, .5 with an optional sign; suffix: binary SI, decimal SI, or an integer decimal exponent.
    [GeneratedRegex(@"^(?<number>[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(?<suffix>Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Grammar();
}
