using System.Globalization;
using System.Text;

namespace Acolhimento.Validation.Schema.Cel;

// CEL values are plain .NET values where one fits: long (int), ulong (uint), double, string, bool; the types below
// stand for the rest. Every value is immutable.

internal sealed class CelNull
{
    public static readonly CelNull Instance = new();

    private CelNull()
    {
    }

    public override string ToString() => "null";
}

internal sealed class CelBytes(byte[] value)
{
    public byte[] Value { get; } = value;

    public override string ToString() => "b\"" + Encoding.UTF8.GetString(Value) + "\"";
}

/// <summary>An error value: it flows through the expression until a logical operator or a macro absorbs it, or it ends the evaluation.</summary>
internal sealed class CelError(string message)
{
    public string Message { get; } = message;

    public static CelError NoSuchOverload(string function, params object[] args) =>
        new($"no such overload: {function}({string.Join(", ", args.Select(CelTypes.NameOf))})");

    public override string ToString() => Message;
}

/// <summary>A type value (<c>type(x)</c>, <c>int</c>, <c>string</c>…), compared by name.</summary>
internal sealed record CelType(string Name)
{
    public override string ToString() => Name;
}

/// <summary>An optional value (<c>optional.of(x)</c>, <c>self.?field</c>); <see cref="None"/> has no value.</summary>
internal sealed class CelOptional(object? value)
{
    public static readonly CelOptional None = new(null);

    public object? Value { get; } = value;

    public bool HasValue => Value is not null;
}

internal sealed record CelDuration(TimeSpan Value);

internal sealed record CelTimestamp(DateTimeOffset Value);

internal abstract class CelList
{
    public abstract int Count { get; }

    public abstract object this[int index] { get; }

    public IEnumerable<object> Items()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }
}

internal sealed class CelArrayList(IReadOnlyList<object> items) : CelList
{
    public static readonly CelArrayList Empty = new([]);

    public override int Count => items.Count;

    public override object this[int index] => items[index];
}

/// <summary>A map; keys are int, uint, bool or string, and an int and a uint of equal value are the same key (heterogeneous equality).</summary>
internal abstract class CelMap
{
    public abstract int Count { get; }

    public abstract IEnumerable<object> Keys { get; }

    public abstract bool TryGet(object key, out object value);
}

internal sealed class CelDictionaryMap : CelMap
{
    private readonly Dictionary<object, object> _entries = new(CelKeyComparer.Instance);
    private readonly List<object> _order = [];

    /// <summary>Adds an entry; false when the key is already there.</summary>
    public bool TryAdd(object key, object value)
    {
        if (!_entries.TryAdd(key, value)) return false;
        _order.Add(key);
        return true;
    }

    public override int Count => _order.Count;

    public override IEnumerable<object> Keys => _order;

    public override bool TryGet(object key, out object value) => _entries.TryGetValue(key, out value!);
}

/// <summary>
/// A schema object (a CRD object with declared properties): CEL sees it as a message whose fields are the
/// properties. Reading a declared field that is absent is "no such key"; a field the schema does not declare does
/// not compile in the API server (<see cref="IsDeclared"/> tells which).
/// </summary>
internal abstract class CelObject
{
    public abstract bool IsDeclared(string field);

    public abstract bool TryGetField(string field, out object value);

    /// <summary>The fields that are set, in document order.</summary>
    public abstract IEnumerable<string> SetFields { get; }
}

internal sealed class CelKeyComparer : IEqualityComparer<object>
{
    public static readonly CelKeyComparer Instance = new();

    public new bool Equals(object? x, object? y) => x is not null && y is not null && CelTypes.Equal(x, y) is true;

    public int GetHashCode(object obj) => obj switch
    {
        long l => l.GetHashCode(),
        ulong u when u <= long.MaxValue => ((long)u).GetHashCode(),
        double d when Math.Floor(d) == d && d >= long.MinValue && d < long.MaxValue => ((long)d).GetHashCode(),
        _ => obj.GetHashCode(),
    };
}

/// <summary>Type names, equality and ordering as the CEL specification defines them (heterogeneous numeric equality and comparison).</summary>
internal static class CelTypes
{
    public static readonly CelType Int = new("int");
    public static readonly CelType Uint = new("uint");
    public static readonly CelType Double = new("double");
    public static readonly CelType Bool = new("bool");
    public static readonly CelType String = new("string");
    public static readonly CelType Bytes = new("bytes");
    public static readonly CelType List = new("list");
    public static readonly CelType Map = new("map");
    public static readonly CelType NullType = new("null_type");
    public static readonly CelType TypeType = new("type");
    public static readonly CelType Duration = new("google.protobuf.Duration");
    public static readonly CelType Timestamp = new("google.protobuf.Timestamp");

    public static string NameOf(object value) => TypeOf(value).Name;

    public static CelType TypeOf(object value) => value switch
    {
        long => Int,
        ulong => Uint,
        double => Double,
        bool => Bool,
        string => String,
        CelBytes => Bytes,
        CelList => List,
        CelMap => Map,
        CelNull => NullType,
        CelType => TypeType,
        CelDuration => Duration,
        CelTimestamp => Timestamp,
        CelOptional => new CelType("optional_type"),
        CelObject => new CelType("object"),
        CelQuantity => new CelType("kubernetes.Quantity"),
        CelUrl => new CelType("kubernetes.URL"),
        CelError => new CelType("error"),
        _ => new CelType(value.GetType().Name),
    };

    /// <summary>CEL equality: true/false, or null when either side is an error (the caller propagates it).</summary>
    public static bool? Equal(object a, object b)
    {
        if (a is CelError || b is CelError) return null;
        if (IsNumber(a) && IsNumber(b)) return CompareNumbers(a, b) == 0;
        return a switch
        {
            string s => b is string t && string.Equals(s, t, StringComparison.Ordinal),
            bool x => b is bool y && x == y,
            CelNull => b is CelNull,
            CelBytes x => b is CelBytes y && x.Value.AsSpan().SequenceEqual(y.Value),
            CelType x => b is CelType y && x.Name == y.Name,
            CelDuration x => b is CelDuration y && x.Value == y.Value,
            CelTimestamp x => b is CelTimestamp y && x.Value == y.Value,
            CelQuantity x => b is CelQuantity y && x.CompareTo(y) == 0,
            CelUrl x => b is CelUrl y && x.Text == y.Text,
            CelOptional x => b is CelOptional y && (x.HasValue ? y.HasValue && Equal(x.Value!, y.Value!) is true : !y.HasValue),
            CelList x => b is CelList y && ListsEqual(x, y),
            CelMap x => b is CelMap y && MapsEqual(x, y),
            CelObject x => b is CelObject y && ObjectsEqual(x, y),
            _ => false,
        };
    }

    private static bool ListsEqual(CelList x, CelList y)
    {
        if (x.Count != y.Count) return false;
        for (var i = 0; i < x.Count; i++)
        {
            if (Equal(x[i], y[i]) is not true) return false;
        }
        return true;
    }

    private static bool MapsEqual(CelMap x, CelMap y)
    {
        if (x.Count != y.Count) return false;
        foreach (var key in x.Keys)
        {
            if (!y.TryGet(key, out var other) || !x.TryGet(key, out var mine) || Equal(mine, other) is not true) return false;
        }
        return true;
    }

    private static bool ObjectsEqual(CelObject x, CelObject y)
    {
        var fields = x.SetFields.ToList();
        if (fields.Count != y.SetFields.Count()) return false;
        foreach (var field in fields)
        {
            if (!y.TryGetField(field, out var other) || !x.TryGetField(field, out var mine) || Equal(mine, other) is not true) return false;
        }
        return true;
    }

    public static bool IsNumber(object value) => value is long or ulong or double;

    /// <summary>Numeric comparison across int, uint and double (NaN compares as unordered: returns null).</summary>
    public static int? CompareNumbers(object a, object b)
    {
        switch (a, b)
        {
            case (long x, long y): return x.CompareTo(y);
            case (ulong x, ulong y): return x.CompareTo(y);
            case (long x, ulong y): return x < 0 ? -1 : ((ulong)x).CompareTo(y);
            case (ulong x, long y): return y < 0 ? 1 : x.CompareTo((ulong)y);
        }
        var dx = ToDouble(a);
        var dy = ToDouble(b);
        if (double.IsNaN(dx) || double.IsNaN(dy)) return null;
        // An integer beyond double precision compared with a double: compare exactly where the double is integral.
        if (a is double && b is long l2 && dx >= long.MinValue && dx < 9223372036854775808.0) return dx == Math.Floor(dx) ? ((long)dx).CompareTo(l2) : dx.CompareTo((double)l2);
        if (b is double && a is long l1 && dy >= long.MinValue && dy < 9223372036854775808.0) return dy == Math.Floor(dy) ? l1.CompareTo((long)dy) : ((double)l1).CompareTo(dy);
        return dx.CompareTo(dy);
    }

    private static double ToDouble(object value) => value switch
    {
        long l => l,
        ulong u => u,
        double d => d,
        _ => double.NaN,
    };

    /// <summary>Ordering for &lt; &lt;= &gt; &gt;=: a comparison result (int), null when unordered (NaN), or an error for types without an order.</summary>
    public static object? Compare(string function, object a, object b)
    {
        if (IsNumber(a) && IsNumber(b)) return CompareNumbers(a, b);
        return (a, b) switch
        {
            (string x, string y) => CompareCodePoints(x, y),
            (bool x, bool y) => x.CompareTo(y),
            (CelBytes x, CelBytes y) => x.Value.AsSpan().SequenceCompareTo(y.Value),
            (CelDuration x, CelDuration y) => x.Value.CompareTo(y.Value),
            (CelTimestamp x, CelTimestamp y) => x.Value.CompareTo(y.Value),
            _ => CelError.NoSuchOverload(function, a, b),
        };
    }

    /// <summary>Strings order by Unicode code point (ordinal UTF-16 order differs above the surrogate range).</summary>
    private static int CompareCodePoints(string x, string y)
    {
        var ex = x.EnumerateRunes();
        var ey = y.EnumerateRunes();
        while (true)
        {
            var hasX = ex.MoveNext();
            var hasY = ey.MoveNext();
            if (!hasX || !hasY) return hasX.CompareTo(hasY);
            var c = ex.Current.Value.CompareTo(ey.Current.Value);
            if (c != 0) return c;
        }
    }

    /// <summary>The text <c>string(x)</c> gives for a scalar, as cel-go formats it.</summary>
    public static string? Format(object value) => value switch
    {
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        ulong u => u.ToString(CultureInfo.InvariantCulture),
        double d => FormatDouble(d),
        bool b => b ? "true" : "false",
        CelBytes b => Encoding.UTF8.GetString(b.Value),
        CelDuration d => CelTime.FormatDuration(d.Value),
        CelTimestamp t => CelTime.FormatTimestamp(t.Value),
        CelType t => t.Name,
        _ => null,
    };

    // Go's strconv.FormatFloat(d, 'g', -1, 64) as cel-go uses it: shortest round-trip, exponent for large/small magnitudes.
    private static string FormatDouble(double d)
    {
        if (double.IsNaN(d)) return "NaN";
        if (double.IsPositiveInfinity(d)) return "+Inf";
        if (double.IsNegativeInfinity(d)) return "-Inf";
        var r = d.ToString("R", CultureInfo.InvariantCulture);
        if (!r.Contains('E')) return r;
        var mantissa = r[..r.IndexOf('E')];
        var exponent = int.Parse(r[(r.IndexOf('E') + 1)..], CultureInfo.InvariantCulture);
        return $"{mantissa}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):00}";
    }
}
