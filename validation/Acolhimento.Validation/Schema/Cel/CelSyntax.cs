namespace Acolhimento.Validation.Schema.Cel;

/// <summary>A parsed CEL expression (google/cel-spec <c>doc/langdef.md</c>); <see cref="Position"/> is the 0-based offset in the source, for messages.</summary>
public abstract record CelExpr(int Position);

/// <summary>A literal: long, ulong, double, string, bool, <see cref="CelBytes"/> or <see cref="CelNull"/>.</summary>
internal sealed record CelLiteral(int Position, object Value) : CelExpr(Position);

internal sealed record CelIdent(int Position, string Name) : CelExpr(Position);

/// <summary><c>operand.field</c>; <paramref name="TestOnly"/> for the <c>has(operand.field)</c> macro; <paramref name="Optional"/> for <c>operand.?field</c>.</summary>
internal sealed record CelSelect(int Position, CelExpr Operand, string Field, bool TestOnly = false, bool Optional = false) : CelExpr(Position);

/// <summary>
/// A function or operator call. Operators use the names of the CEL specification (<c>_+_</c>, <c>_&amp;&amp;_</c>,
/// <c>_?_:_</c>, <c>_[_]</c>, <c>@in</c>, <c>!_</c>, <c>-_</c>); <paramref name="Target"/> is the receiver of <c>x.f(…)</c>.
/// </summary>
internal sealed record CelCall(int Position, CelExpr? Target, string Function, IReadOnlyList<CelExpr> Args) : CelExpr(Position);

/// <summary>A list literal; indices in <paramref name="OptionalIndices"/> were written <c>?e</c> (kept only when the optional has a value).</summary>
internal sealed record CelListExpr(int Position, IReadOnlyList<CelExpr> Elements, IReadOnlySet<int> OptionalIndices) : CelExpr(Position);

internal sealed record CelMapEntry(CelExpr Key, CelExpr Value, bool Optional);

internal sealed record CelMapExpr(int Position, IReadOnlyList<CelMapEntry> Entries) : CelExpr(Position);

internal enum CelMacroKind
{
    All,
    Exists,
    ExistsOne,
    Map,
    Filter,
}

/// <summary>
/// A comprehension macro: <c>range.all(v, predicate)</c>, <c>exists</c>, <c>exists_one</c>, <c>filter</c>, and
/// <c>map(v, transform)</c> or <c>map(v, predicate, transform)</c>. Over a map, the variable iterates its keys.
/// </summary>
internal sealed record CelMacro(int Position, CelMacroKind Kind, CelExpr Range, string Variable, CelExpr? Predicate, CelExpr? Transform) : CelExpr(Position);

/// <summary>A syntax error with its offset; the rule is then not evaluated.</summary>
internal sealed class CelSyntaxException(int position, string message) : Exception($"{message} at offset {position}")
{
    public int Position { get; } = position;
}
