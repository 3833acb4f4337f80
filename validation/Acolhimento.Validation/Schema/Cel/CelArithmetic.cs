namespace Acolhimento.Validation.Schema.Cel;

/// <summary>
/// CEL arithmetic: operands of the same type only (no implicit conversion: <c>1 + 1.0</c> is "no such overload"),
/// 64-bit signed and unsigned integers that report overflow and division by zero as errors, IEEE doubles, and
/// concatenation of strings, bytes and lists; durations and timestamps add and subtract.
/// </summary>
internal static class CelArithmetic
{
    private static readonly CelError IntOverflow = new("integer overflow");
    private static readonly CelError UintOverflow = new("unsigned integer overflow");

    public static object Add(CelCost cost, object a, object b)
    {
        try
        {
            switch (a, b)
            {
                case (long x, long y): return checked(x + y);
                case (ulong x, ulong y): return checked(x + y);
                case (double x, double y): return x + y;
                case (string x, string y):
                    cost.ChargeTraversal(x.Length + y.Length);
                    return x + y;
                case (CelBytes x, CelBytes y):
                    cost.ChargeTraversal(x.Value.Length + y.Value.Length);
                    return new CelBytes([.. x.Value, .. y.Value]);
                case (CelList x, CelList y):
                    cost.ChargeTraversal(x.Count + y.Count);
                    return new CelArrayList([.. x.Items(), .. y.Items()]);
                case (CelDuration x, CelDuration y): return new CelDuration(x.Value + y.Value);
                case (CelTimestamp x, CelDuration y): return CelTime.Timestamp(x.Value + y.Value);
                case (CelDuration x, CelTimestamp y): return CelTime.Timestamp(y.Value + x.Value);
            }
        }
        catch (OverflowException)
        {
            return a is ulong ? UintOverflow : IntOverflow;
        }
        catch (ArgumentOutOfRangeException)
        {
            return new CelError("timestamp out of range");
        }
        return CelError.NoSuchOverload("_+_", a, b);
    }

    public static object Subtract(object a, object b)
    {
        try
        {
            switch (a, b)
            {
                case (long x, long y): return checked(x - y);
                case (ulong x, ulong y): return checked(x - y);
                case (double x, double y): return x - y;
                case (CelDuration x, CelDuration y): return new CelDuration(x.Value - y.Value);
                case (CelTimestamp x, CelTimestamp y): return new CelDuration(x.Value - y.Value);
                case (CelTimestamp x, CelDuration y): return CelTime.Timestamp(x.Value - y.Value);
            }
        }
        catch (OverflowException)
        {
            return a is ulong ? UintOverflow : IntOverflow;
        }
        catch (ArgumentOutOfRangeException)
        {
            return new CelError("timestamp out of range");
        }
        return CelError.NoSuchOverload("_-_", a, b);
    }

    public static object Multiply(object a, object b)
    {
        try
        {
            return (a, b) switch
            {
                (long x, long y) => checked(x * y),
                (ulong x, ulong y) => checked(x * y),
                (double x, double y) => x * y,
                _ => CelError.NoSuchOverload("_*_", a, b),
            };
        }
        catch (OverflowException)
        {
            return a is ulong ? UintOverflow : IntOverflow;
        }
    }

    public static object Divide(object a, object b) => (a, b) switch
    {
        (long, 0L) or (ulong, 0UL) => new CelError("division by zero"),
        (long x, long y) => x == long.MinValue && y == -1 ? IntOverflow : x / y,
        (ulong x, ulong y) => x / y,
        (double x, double y) => x / y,
        _ => CelError.NoSuchOverload("_/_", a, b),
    };

    public static object Modulo(object a, object b) => (a, b) switch
    {
        (long, 0L) or (ulong, 0UL) => new CelError("modulus by zero"),
        (long x, long y) => x == long.MinValue && y == -1 ? IntOverflow : x % y,
        (ulong x, ulong y) => x % y,
        _ => CelError.NoSuchOverload("_%_", a, b),
    };

    public static object Negate(object a) => a switch
    {
        long x => x == long.MinValue ? IntOverflow : -x,
        double x => -x,
        CelDuration d => new CelDuration(-d.Value),
        _ => CelError.NoSuchOverload("-_", a),
    };
}
