namespace Acolhimento.Validation.Schema.Cel;

/// <summary>
/// List, set and optional functions of the Kubernetes CEL environment: Kubernetes' lists library (<c>isSorted</c>,
/// <c>sum</c>, <c>min</c>, <c>max</c>, <c>indexOf</c>, <c>lastIndexOf</c>), cel-go's lists extension (<c>slice</c>,
/// <c>flatten</c>, <c>distinct</c>, <c>reverse</c>, <c>sort</c>), its sets extension (<c>sets.contains</c>,
/// <c>sets.equivalent</c>, <c>sets.intersects</c>) and optional values (<c>optional.of</c>, <c>optional.none</c>,
/// <c>optional.ofNonZeroValue</c>, <c>hasValue</c>, <c>value</c>, <c>orValue</c>, <c>or</c>).
/// </summary>
internal static class CelListFunctions
{
    public static object? Call(CelInterpreter interpreter, string function, bool memberStyle, object[] args)
    {
        var cost = interpreter.Cost;
        switch (function, args)
        {
            case ("optional.of", [var v]): return new CelOptional(v);
            case ("optional.none", []): return CelOptional.None;
            case ("optional.ofNonZeroValue", [var v]): return IsZero(v) ? CelOptional.None : new CelOptional(v);
            case ("hasValue", [CelOptional o]): return o.HasValue;
            case ("value", [CelOptional o]): return o.HasValue ? o.Value! : new CelError("optional.none() dereference");
            case ("orValue", [CelOptional o, var fallback]): return o.HasValue ? o.Value! : fallback;
            case ("or", [CelOptional o, CelOptional other]): return o.HasValue ? o : other;
            case ("sets.contains", [CelList a, CelList b]):
                cost.ChargeTraversal((long)a.Count * b.Count, 1);
                return b.Items().All(x => Contains(a, x));
            case ("sets.equivalent", [CelList a, CelList b]):
                cost.ChargeTraversal((long)a.Count * b.Count, 1);
                return b.Items().All(x => Contains(a, x)) && a.Items().All(x => Contains(b, x));
            case ("sets.intersects", [CelList a, CelList b]):
                cost.ChargeTraversal((long)a.Count * b.Count, 1);
                return b.Items().Any(x => Contains(a, x));
        }
        if (!memberStyle || args.Length == 0 || args[0] is not CelList list) return null;
        cost.ChargeTraversal(list.Count, 1);
        switch (function, args.Length)
        {
            case ("isSorted", 1): return IsSorted(list);
            case ("sum", 1): return Sum(list);
            case ("min" or "max", 1): return Extreme(list, function);
            case ("indexOf", 2):
                for (var i = 0; i < list.Count; i++)
                {
                    if (CelTypes.Equal(list[i], args[1]) is true) return (long)i;
                }
                return -1L;
            case ("lastIndexOf", 2):
                for (var i = list.Count - 1; i >= 0; i--)
                {
                    if (CelTypes.Equal(list[i], args[1]) is true) return (long)i;
                }
                return -1L;
            case ("slice", 3) when args[1] is long from && args[2] is long to:
                if (from < 0 || to < 0) return new CelError($"cannot slice({from}, {to}), negative indexes not supported");
                if (from > to) return new CelError($"cannot slice({from}, {to}), start index must be less than or equal to end index");
                if (to > list.Count) return new CelError($"cannot slice({from}, {to}), list is length {list.Count}");
                return new CelArrayList(list.Items().Skip((int)from).Take((int)(to - from)).ToList());
            case ("flatten", 1 or 2):
                var depth = args.Length == 2 ? args[1] as long? : 1;
                if (depth is not { } d || d < 0) return new CelError("level must be non-negative");
                var flat = new List<object>();
                Flatten(cost, list, d, flat);
                return new CelArrayList(flat);
            case ("distinct", 1):
                var distinct = new List<object>();
                foreach (var item in list.Items())
                {
                    if (!distinct.Any(x => CelTypes.Equal(x, item) is true)) distinct.Add(item);
                }
                cost.ChargeTraversal((long)list.Count * list.Count, 1);
                return new CelArrayList(distinct);
            case ("reverse", 1): return new CelArrayList(list.Items().Reverse().ToList());
            case ("sort", 1): return Sort(list);
        }
        return null;
    }

    private static bool Contains(CelList list, object value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (CelTypes.Equal(list[i], value) is true) return true;
        }
        return false;
    }

    private static bool IsZero(object value) => value switch
    {
        long l => l == 0,
        ulong u => u == 0,
        double d => d == 0,
        bool b => !b,
        string s => s.Length == 0,
        CelBytes b => b.Value.Length == 0,
        CelList l => l.Count == 0,
        CelMap m => m.Count == 0,
        CelNull => true,
        _ => false,
    };

    private static object IsSorted(CelList list)
    {
        for (var i = 1; i < list.Count; i++)
        {
            var order = CelTypes.Compare("isSorted", list[i - 1], list[i]);
            if (order is CelError) return order;
            if (order is int c && c > 0) return false;
        }
        return true;
    }

    private static object Sum(CelList list)
    {
        if (list.Count == 0) return 0L; // the element type decides the zero; an empty list of any numeric type sums to 0
        object total = list[0];
        for (var i = 1; i < list.Count; i++)
        {
            total = total is CelDuration or long or ulong or double ? CelArithmetic.Add(new CelCost(long.MaxValue), total, list[i]) : CelError.NoSuchOverload("sum", list);
            if (total is CelError) return total;
        }
        return total is long or ulong or double or CelDuration ? total : CelError.NoSuchOverload("sum", list);
    }

    private static object Extreme(CelList list, string function)
    {
        if (list.Count == 0) return new CelError($"{function} called on empty list");
        var best = list[0];
        for (var i = 1; i < list.Count; i++)
        {
            var order = CelTypes.Compare(function, list[i], best);
            if (order is CelError) return order;
            if (order is int c && (function == "min" ? c < 0 : c > 0)) best = list[i];
        }
        return best;
    }

    private static void Flatten(CelCost cost, CelList list, long depth, List<object> into)
    {
        foreach (var item in list.Items())
        {
            cost.Charge(1);
            if (depth > 0 && item is CelList inner) Flatten(cost, inner, depth - 1, into);
            else into.Add(item);
        }
    }

    private static object Sort(CelList list)
    {
        var items = list.Items().ToList();
        for (var i = 1; i < items.Count; i++)
        {
            if (CelTypes.Compare("sort", items[0], items[i]) is CelError error) return error;
        }
        // A stable sort on CEL's ordering; all elements were checked to be comparable with the first.
        return new CelArrayList(items.Order(Comparer<object>.Create((a, b) => CelTypes.Compare("sort", a, b) as int? ?? 0)).ToList());
    }
}
