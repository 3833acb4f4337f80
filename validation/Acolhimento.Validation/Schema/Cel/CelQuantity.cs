using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace Acolhimento.Validation.Schema.Cel;

/// <summary>
/// A Kubernetes resource quantity as an exact fraction (numerator / denominator), for Kubernetes' CEL quantity library:
/// <c>quantity("500m")</c>, comparison, arithmetic, <c>asInteger</c>. Parsing follows
/// <c>k8s.io/apimachinery/pkg/api/resource</c>: sign, decimal number, then a binary-SI suffix (Ki…Ei), a decimal-SI
/// suffix (n u m k M G T P E) or a decimal exponent (e3, E-2).
/// </summary>
internal sealed partial class CelQuantity : IComparable<CelQuantity>
{
    private CelQuantity(BigInteger numerator, BigInteger denominator)
    {
        var divisor = BigInteger.GreatestCommonDivisor(numerator, denominator);
        if (divisor.IsZero) divisor = BigInteger.One;
        Numerator = numerator / divisor;
        Denominator = denominator / divisor;
    }

    public BigInteger Numerator { get; }

    public BigInteger Denominator { get; }

    public static CelQuantity? Parse(string text)
    {
        var m = Syntax().Match(text);
        if (!m.Success || text.Length > 256) return null;
        var negative = m.Groups["sign"].Value == "-";
        var number = m.Groups["number"].Value;
        var point = number.IndexOf('.');
        var digits = point < 0 ? number : number.Remove(point, 1);
        var fractionDigits = point < 0 ? 0 : number.Length - point - 1;
        var numerator = BigInteger.Parse(digits.Length == 0 ? "0" : digits, CultureInfo.InvariantCulture);
        var denominator = BigInteger.Pow(10, fractionDigits);
        var suffix = m.Groups["suffix"].Value;
        var binary = suffix switch { "Ki" => 10, "Mi" => 20, "Gi" => 30, "Ti" => 40, "Pi" => 50, "Ei" => 60, _ => 0 };
        int? exponent = suffix switch
        {
            "n" => -9,
            "u" => -6,
            "m" => -3,
            "" => 0,
            "k" => 3,
            "M" => 6,
            "G" => 9,
            "T" => 12,
            "P" => 15,
            "E" => 18,
            _ when binary > 0 => 0,
            _ when suffix[0] is 'e' or 'E' && int.TryParse(suffix[1..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var e) && Math.Abs(e) <= 1000 => e,
            _ => null,
        };
        if (exponent is not { } exp) return null;
        if (binary > 0) numerator *= BigInteger.Pow(2, binary);
        if (exp >= 0) numerator *= BigInteger.Pow(10, exp);
        else denominator *= BigInteger.Pow(10, -exp);
        return new CelQuantity(negative ? -numerator : numerator, denominator);
    }

    public static CelQuantity FromInteger(long value) => new(value, BigInteger.One);

    public int Sign => Numerator.Sign;

    public bool IsInteger => Denominator.IsOne;

    public CelQuantity Add(CelQuantity other) => new(Numerator * other.Denominator + other.Numerator * Denominator, Denominator * other.Denominator);

    public CelQuantity Negate() => new(-Numerator, Denominator);

    public int CompareTo(CelQuantity? other) => other is null ? 1 : (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);

    public double ApproximateFloat => (double)Numerator / (double)Denominator;

    public override string ToString() => IsInteger ? Numerator.ToString(CultureInfo.InvariantCulture) : ApproximateFloat.ToString("R", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<sign>[+-]?)(?<number>[0-9]+(\.[0-9]*)?|\.[0-9]+)(?<suffix>Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+|)$", RegexOptions.CultureInvariant)]
    private static partial Regex Syntax();
}
