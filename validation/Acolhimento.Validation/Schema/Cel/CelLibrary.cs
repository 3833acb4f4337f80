using System.Globalization;
using System.Text;

namespace Acolhimento.Validation.Schema.Cel;

/// <summary>
/// The functions of the Kubernetes CEL environment: CEL's standard definitions (operators, <c>size</c>, conversions,
/// <c>contains</c>/<c>startsWith</c>/<c>endsWith</c>/<c>matches</c>, time) here; the string, list, regex, set,
/// optional, quantity and URL libraries in their own files. Arguments arrive evaluated and free of errors; the
/// receiver of a member call is the first argument. A name no library knows is <see cref="CelUnsupportedException"/>.
/// </summary>
internal static class CelLibrary
{
    public static object Call(CelInterpreter interpreter, string function, bool memberStyle, object[] args)
    {
        if (CallStandard(interpreter, function, args) is { } standard) return standard;
        if (CelStringFunctions.Call(interpreter, function, memberStyle, args) is { } text) return text;
        if (CelListFunctions.Call(interpreter, function, memberStyle, args) is { } list) return list;
        if (CelKubernetesFunctions.Call(interpreter, function, memberStyle, args) is { } kubernetes) return kubernetes;
        if (CelTime.Call(function, args) is { } time) return time;
        throw new CelUnsupportedException($"function '{function}' with {args.Length} argument(s) is not implemented by this evaluator");
    }

    private static object? CallStandard(CelInterpreter interpreter, string function, object[] args)
    {
        var cost = interpreter.Cost;
        switch (function, args.Length)
        {
            case ("_==_", 2):
                ChargeEquality(cost, args[0], args[1]);
                return CelTypes.Equal(args[0], args[1]) ?? false;
            case ("_!=_", 2):
                ChargeEquality(cost, args[0], args[1]);
                return !(CelTypes.Equal(args[0], args[1]) ?? false);
            case ("_<_" or "_<=_" or "_>_" or "_>=_", 2):
                return Ordering(function, args[0], args[1]);
            case ("_+_", 2):
                return CelArithmetic.Add(cost, args[0], args[1]);
            case ("_-_", 2):
                return CelArithmetic.Subtract(args[0], args[1]);
            case ("_*_", 2):
                return CelArithmetic.Multiply(args[0], args[1]);
            case ("_/_", 2):
                return CelArithmetic.Divide(args[0], args[1]);
            case ("_%_", 2):
                return CelArithmetic.Modulo(args[0], args[1]);
            case ("-_", 1):
                return CelArithmetic.Negate(args[0]);
            case ("!_", 1):
                return args[0] is bool b ? !b : CelError.NoSuchOverload("!_", args[0]);
            case ("_[_]", 2):
                return Index(args[0], args[1]);
            case ("_[?_]", 2):
                return OptionalIndex(args[0], args[1]);
            case ("@in", 2):
                return In(cost, args[0], args[1]);
            case ("size", 1):
                return Size(args[0]);
            case ("type", 1):
                return CelTypes.TypeOf(args[0]);
            case ("dyn", 1):
                return args[0];
            case ("int", 1):
                return CelConversions.ToInt(args[0]);
            case ("uint", 1):
                return CelConversions.ToUint(args[0]);
            case ("double", 1):
                return CelConversions.ToDouble(args[0]);
            case ("string", 1):
                return CelConversions.ToText(args[0]);
            case ("bytes", 1):
                return args[0] switch
                {
                    CelBytes bytes => bytes,
                    string s => new CelBytes(Encoding.UTF8.GetBytes(s)),
                    _ => CelError.NoSuchOverload("bytes", args[0]),
                };
            case ("bool", 1):
                return CelConversions.ToBool(args[0]);
        }
        return null;
    }

    private static void ChargeEquality(CelCost cost, object a, object b)
    {
        var size = Math.Min(SizeOf(a), SizeOf(b));
        if (size > 0) cost.ChargeTraversal(size);
    }

    /// <summary>The size cel-go's cost model traverses for a value: characters, bytes or elements.</summary>
    public static long SizeOf(object value) => value switch
    {
        string s => s.Length,
        CelBytes b => b.Value.Length,
        CelList l => l.Count,
        CelMap m => m.Count,
        _ => 0,
    };

    private static object Ordering(string function, object a, object b)
    {
        var order = CelTypes.Compare(function, a, b);
        return order switch
        {
            CelError error => error,
            null => false, // NaN is unordered
            int c => function switch
            {
                "_<_" => c < 0,
                "_<=_" => c <= 0,
                "_>_" => c > 0,
                _ => c >= 0,
            },
            _ => CelError.NoSuchOverload(function, a, b),
        };
    }

    private static object Index(object container, object key)
    {
        switch (container)
        {
            case CelList list:
                if (IndexValue(key) is not { } index) return CelError.NoSuchOverload("_[_]", container, key);
                return index >= 0 && index < list.Count ? list[(int)index] : new CelError($"index out of bounds: {index}");
            case CelMap map:
                if (key is not (long or ulong or bool or string or double)) return new CelError($"unsupported key type: {CelTypes.NameOf(key)}");
                return map.TryGet(key, out var value) ? value : new CelError($"no such key: {CelTypes.Format(key)}");
            case CelObject obj when key is string field:
                if (!obj.IsDeclared(field)) throw new CelUnsupportedException($"undefined field '{field}': the rule does not compile against the schema");
                return obj.TryGetField(field, out var fieldValue) ? fieldValue : new CelError($"no such key: {field}");
            default:
                return CelError.NoSuchOverload("_[_]", container, key);
        }
    }

    private static long? IndexValue(object key) => key switch
    {
        long l => l,
        ulong u when u <= long.MaxValue => (long)u,
        double d when Math.Floor(d) == d && d >= long.MinValue && d < long.MaxValue => (long)d,
        _ => null,
    };

    private static object OptionalIndex(object container, object key)
    {
        if (container is CelOptional optional)
        {
            if (!optional.HasValue) return optional;
            container = optional.Value!;
        }
        var value = Index(container, key);
        return value switch
        {
            CelError when container is CelList or CelMap or CelObject => CelOptional.None,
            CelError => value,
            _ => new CelOptional(value),
        };
    }

    private static object In(CelCost cost, object element, object container)
    {
        switch (container)
        {
            case CelList list:
                cost.ChargeTraversal(list.Count, 1);
                for (var i = 0; i < list.Count; i++)
                {
                    if (CelTypes.Equal(element, list[i]) is true) return true;
                }
                return false;
            case CelMap map:
                return element is long or ulong or bool or string or double && map.TryGet(element, out _);
            default:
                return CelError.NoSuchOverload("@in", element, container);
        }
    }

    private static object Size(object value) => value switch
    {
        string s => (long)CountRunes(s),
        CelBytes b => (long)b.Value.Length,
        CelList l => (long)l.Count,
        CelMap m => (long)m.Count,
        _ => CelError.NoSuchOverload("size", value),
    };

    /// <summary>Length in Unicode code points, as CEL counts a string.</summary>
    public static int CountRunes(string s)
    {
        var count = 0;
        foreach (var _ in s.EnumerateRunes()) count++;
        return count;
    }
}

/// <summary>The conversion functions <c>int</c>, <c>uint</c>, <c>double</c>, <c>string</c>, <c>bool</c>, with CEL's range errors.</summary>
internal static class CelConversions
{
    public static object ToInt(object value) => value switch
    {
        long l => l,
        ulong u => u <= long.MaxValue ? (long)u : new CelError("integer overflow"),
        // Doubles outside int64 (and NaN) are range errors; the bound is exclusive at 2^63.
        double d => !double.IsNaN(d) && d > -9223372036854775809.0 && d < 9223372036854775808.0 ? (long)Math.Truncate(d) : new CelError("integer overflow"),
        string s => long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ? parsed : new CelError($"cannot convert \"{s}\" to int"),
        CelTimestamp t => t.Value.ToUnixTimeSeconds(),
        _ => CelError.NoSuchOverload("int", value),
    };

    public static object ToUint(object value) => value switch
    {
        ulong u => u,
        long l => l >= 0 ? (ulong)l : new CelError("unsigned integer overflow"),
        double d => !double.IsNaN(d) && d > -1 && d < 18446744073709551616.0 ? (ulong)Math.Truncate(d) : new CelError("unsigned integer overflow"),
        string s => ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : new CelError($"cannot convert \"{s}\" to uint"),
        _ => CelError.NoSuchOverload("uint", value),
    };

    public static object ToDouble(object value) => value switch
    {
        double d => d,
        long l => (double)l,
        ulong u => (double)u,
        string s => ParseDouble(s) is { } d ? d : new CelError($"cannot convert \"{s}\" to double"),
        _ => CelError.NoSuchOverload("double", value),
    };

    private static double? ParseDouble(string s)
    {
        switch (s)
        {
            case "NaN": return double.NaN;
            case "Inf" or "+Inf" or "Infinity" or "+Infinity" or "inf" or "+inf": return double.PositiveInfinity;
            case "-Inf" or "-Infinity" or "-inf": return double.NegativeInfinity;
        }
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
    }

    public static object ToText(object value)
    {
        if (value is CelBytes bytes)
        {
            try
            {
                return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes.Value);
            }
            catch (DecoderFallbackException)
            {
                return new CelError("invalid UTF-8 in bytes, cannot convert to string");
            }
        }
        return CelTypes.Format(value) is { } text && value is not CelType ? text : CelError.NoSuchOverload("string", value);
    }

    public static object ToBool(object value) => value switch
    {
        bool b => b,
        string s => s switch
        {
            "1" or "t" or "true" or "TRUE" or "True" => true,
            "0" or "f" or "false" or "FALSE" or "False" => false,
            _ => new CelError($"type conversion error from 'string' to 'bool': \"{s}\""),
        },
        _ => CelError.NoSuchOverload("bool", value),
    };
}
