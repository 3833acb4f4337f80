namespace Acolhimento.Validation.Schema.Cel;

/// <summary>The evaluation went beyond the per-call cost limit; the API server cancels such an evaluation.</summary>
internal sealed class CelCostLimitException(long limit) : Exception($"operation cancelled: actual cost limit exceeded (limit {limit})");

/// <summary>The rule uses something this evaluator does not implement, or that would not compile in the API server; it is reported as not evaluated.</summary>
internal sealed class CelUnsupportedException(string reason) : Exception(reason);

/// <summary>
/// Counts the runtime cost of one evaluation the way cel-go's cost tracker does, in outline: one unit per identifier,
/// selection, call and comprehension step, list and map literals at their base cost, and string, list and regex
/// work in proportion to the size they traverse. Past <see cref="Limit"/> the evaluation is cancelled, as the API
/// server does at its per-call limit.
/// </summary>
internal sealed class CelCost(long limit)
{
    public const long ListCreateBaseCost = 10;
    public const long MapCreateBaseCost = 30;
    public const double StringTraversalCostFactor = 0.1;
    public const double RegexStringLengthCostFactor = 0.25;

    public long Limit { get; } = limit;

    public long Actual { get; private set; }

    public void Charge(long units)
    {
        Actual += units;
        if (Actual > Limit) throw new CelCostLimitException(Limit);
    }

    /// <summary>Charges work proportional to <paramref name="size"/> (characters, bytes or elements) at <paramref name="factor"/>.</summary>
    public void ChargeTraversal(long size, double factor = StringTraversalCostFactor) => Charge((long)Math.Ceiling(size * factor));
}

/// <summary>
/// A tree-walking CEL interpreter with CEL's runtime semantics: errors are values that flow until a logical operator
/// or a comprehension absorbs them (<c>false &amp;&amp; (1/0 &gt; 0)</c> is false, in either order), no implicit
/// conversions between int, uint and double, heterogeneous numeric equality, and macros over lists and map keys.
/// One instance evaluates one rule once (it holds the cost of that evaluation).
/// </summary>
internal sealed class CelInterpreter(CelCost cost, CelRegexCache regexes)
{
    private sealed record Scope(string Name, object Value, Scope? Parent);

    public CelCost Cost { get; } = cost;

    public CelRegexCache Regexes { get; } = regexes;

    /// <summary>The value of <paramref name="expr"/> (possibly a <see cref="CelError"/>) with <paramref name="variables"/> bound.</summary>
    public object Evaluate(CelExpr expr, IReadOnlyDictionary<string, object> variables)
    {
        Scope? scope = null;
        foreach (var (name, value) in variables) scope = new Scope(name, value, scope);
        return Eval(expr, scope);
    }

    private object Eval(CelExpr expr, Scope? scope) => expr switch
    {
        CelLiteral literal => literal.Value,
        CelIdent ident => Ident(ident, scope),
        CelSelect select => Select(select, scope),
        CelCall call => Call(call, scope),
        CelListExpr list => List(list, scope),
        CelMapExpr map => Map(map, scope),
        CelMacro macro => Macro(macro, scope),
        _ => throw new CelUnsupportedException($"unsupported expression {expr.GetType().Name}"),
    };

    private object Ident(CelIdent ident, Scope? scope)
    {
        Cost.Charge(1);
        for (var s = scope; s is not null; s = s.Parent)
        {
            if (s.Name == ident.Name) return s.Value;
        }
        return ident.Name switch
        {
            "int" => CelTypes.Int,
            "uint" => CelTypes.Uint,
            "double" => CelTypes.Double,
            "bool" => CelTypes.Bool,
            "string" => CelTypes.String,
            "bytes" => CelTypes.Bytes,
            "list" => CelTypes.List,
            "map" => CelTypes.Map,
            "null_type" => CelTypes.NullType,
            "type" => CelTypes.TypeType,
            _ => throw new CelUnsupportedException($"undeclared reference to '{ident.Name}'"),
        };
    }

    private object Select(CelSelect select, Scope? scope)
    {
        var operand = Eval(select.Operand, scope);
        Cost.Charge(1);
        if (operand is CelError) return operand;
        if (select.Optional)
        {
            if (operand is CelOptional optional)
            {
                if (!optional.HasValue) return optional;
                operand = optional.Value!;
            }
            return TryField(operand, select.Field, out var value) switch
            {
                true => new CelOptional(value),
                false => CelOptional.None,
                null => CelError.NoSuchOverload("_?._", operand),
            };
        }
        if (select.TestOnly)
        {
            var present = TryField(operand, select.Field, out _);
            return present is { } p ? p : CelError.NoSuchOverload("has", operand);
        }
        return TryField(operand, select.Field, out var field) switch
        {
            true => field,
            false => new CelError($"no such key: {select.Field}"),
            null => CelError.NoSuchOverload("_._", operand),
        };
    }

    /// <summary>Whether <paramref name="operand"/> has <paramref name="field"/> (null: it is neither an object nor a map).</summary>
    private static bool? TryField(object operand, string field, out object value)
    {
        value = null!;
        switch (operand)
        {
            case CelObject obj:
                if (!obj.IsDeclared(field)) throw new CelUnsupportedException($"undefined field '{field}': the rule does not compile against the schema");
                return obj.TryGetField(field, out value);
            case CelMap map:
                return map.TryGet(field, out value);
            default:
                return null;
        }
    }

    private object Call(CelCall call, Scope? scope)
    {
        switch (call.Function)
        {
            case "_&&_":
                return Logical(call, scope, stopOn: false);
            case "_||_":
                return Logical(call, scope, stopOn: true);
            case "_?_:_":
                var condition = Eval(call.Args[0], scope);
                Cost.Charge(1);
                return condition switch
                {
                    true => Eval(call.Args[1], scope),
                    false => Eval(call.Args[2], scope),
                    CelError => condition,
                    _ => CelError.NoSuchOverload("_?_:_", condition),
                };
        }
        var count = call.Args.Count + (call.Target is null ? 0 : 1);
        var args = new object[count];
        var i = 0;
        if (call.Target is { } target) args[i++] = Eval(target, scope);
        foreach (var arg in call.Args) args[i++] = Eval(arg, scope);
        Cost.Charge(1);
        // Strict functions: the first error among the arguments is the result.
        foreach (var arg in args)
        {
            if (arg is CelError) return arg;
        }
        return CelLibrary.Call(this, call.Function, call.Target is not null, args);
    }

    /// <summary>&amp;&amp; (stopOn false) and || (stopOn true): the deciding value wins over an error on either side.</summary>
    private object Logical(CelCall call, Scope? scope, bool stopOn)
    {
        var left = Eval(call.Args[0], scope);
        Cost.Charge(1);
        if (left is bool l && l == stopOn) return stopOn;
        var right = Eval(call.Args[1], scope);
        if (right is bool r && r == stopOn) return stopOn;
        if (left is bool && right is bool) return !stopOn;
        if (left is CelError) return left;
        if (right is CelError) return right;
        return CelError.NoSuchOverload(call.Function, left, right);
    }

    private object List(CelListExpr list, Scope? scope)
    {
        Cost.Charge(CelCost.ListCreateBaseCost);
        var items = new List<object>(list.Elements.Count);
        for (var i = 0; i < list.Elements.Count; i++)
        {
            var value = Eval(list.Elements[i], scope);
            if (value is CelError) return value;
            if (list.OptionalIndices.Contains(i))
            {
                if (value is not CelOptional optional) return CelError.NoSuchOverload("optional list element", value);
                if (optional.HasValue) items.Add(optional.Value!);
                continue;
            }
            items.Add(value);
        }
        return new CelArrayList(items);
    }

    private object Map(CelMapExpr map, Scope? scope)
    {
        Cost.Charge(CelCost.MapCreateBaseCost);
        var result = new CelDictionaryMap();
        foreach (var entry in map.Entries)
        {
            var key = Eval(entry.Key, scope);
            if (key is CelError) return key;
            if (key is not (long or ulong or bool or string)) return new CelError($"unsupported key type: {CelTypes.NameOf(key)}");
            var value = Eval(entry.Value, scope);
            if (value is CelError) return value;
            if (entry.Optional)
            {
                if (value is not CelOptional optional) return CelError.NoSuchOverload("optional map entry", value);
                if (!optional.HasValue) continue;
                value = optional.Value!;
            }
            if (!result.TryAdd(key, value)) return new CelError($"Failed with repeated key: {CelTypes.Format(key)}");
        }
        return result;
    }

    private object Macro(CelMacro macro, Scope? scope)
    {
        var range = Eval(macro.Range, scope);
        if (range is CelError) return range;
        IEnumerable<object> elements = range switch
        {
            CelList list => list.Items(),
            CelMap map => map.Keys,
            _ => [],
        };
        if (range is not (CelList or CelMap)) return CelError.NoSuchOverload(macro.Kind.ToString().ToLowerInvariant(), range);
        return macro.Kind switch
        {
            CelMacroKind.All => Quantifier(macro, elements, scope, stopOn: false),
            CelMacroKind.Exists => Quantifier(macro, elements, scope, stopOn: true),
            CelMacroKind.ExistsOne => ExistsOne(macro, elements, scope),
            _ => Collect(macro, elements, scope),
        };
    }

    /// <summary>all (stopOn false) and exists (stopOn true): a deciding predicate value ends the loop and wins over errors of other elements.</summary>
    private object Quantifier(CelMacro macro, IEnumerable<object> elements, Scope? scope, bool stopOn)
    {
        object? error = null;
        foreach (var element in elements)
        {
            Cost.Charge(1);
            var value = Eval(macro.Predicate!, new Scope(macro.Variable, element, scope));
            if (value is bool b)
            {
                if (b == stopOn) return stopOn;
            }
            else
            {
                error ??= value is CelError ? value : CelError.NoSuchOverload(macro.Kind.ToString().ToLowerInvariant(), value);
            }
        }
        return error ?? !stopOn;
    }

    private object ExistsOne(CelMacro macro, IEnumerable<object> elements, Scope? scope)
    {
        var count = 0;
        foreach (var element in elements)
        {
            Cost.Charge(1);
            var value = Eval(macro.Predicate!, new Scope(macro.Variable, element, scope));
            if (value is CelError) return value;
            if (value is not bool b) return CelError.NoSuchOverload("exists_one", value);
            if (b) count++;
        }
        return count == 1;
    }

    private object Collect(CelMacro macro, IEnumerable<object> elements, Scope? scope)
    {
        var results = new List<object>();
        foreach (var element in elements)
        {
            Cost.Charge(1);
            var inner = new Scope(macro.Variable, element, scope);
            if (macro.Predicate is { } predicate)
            {
                var keep = Eval(predicate, inner);
                if (keep is CelError) return keep;
                if (keep is not bool k) return CelError.NoSuchOverload(macro.Kind.ToString().ToLowerInvariant(), keep);
                if (!k) continue;
            }
            var value = macro.Kind == CelMacroKind.Filter ? element : Eval(macro.Transform!, inner);
            if (value is CelError) return value;
            results.Add(value);
        }
        Cost.ChargeTraversal(results.Count);
        return new CelArrayList(results);
    }
}
