namespace Acolhimento.Validation.Schema.Cel;

/// <summary>
/// Recursive-descent parser of the CEL grammar (langdef "Syntax"), with its precedence from loosest to tightest:
/// <c>?:</c>, <c>||</c>, <c>&amp;&amp;</c>, relations (<c>&lt; &lt;= &gt;= &gt; == != in</c>), <c>+ -</c>,
/// <c>* / %</c>, unary <c>! -</c>, member access, call and index. Macros (<c>has</c>, <c>all</c>, <c>exists</c>,
/// <c>exists_one</c>, <c>map</c>, <c>filter</c>) are expanded here, as cel-go's parser does. Nesting deeper than
/// cel-go's default recursion limit (250) and sources over the API server's 100,000-character limit are refused.
/// </summary>
internal sealed class CelParser
{
    public const int MaxRecursionDepth = 250;
    public const int MaxSourceLength = 100_000;

    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let", "loop", "package",
        "namespace", "return", "var", "void", "while", "in",
    };

    // Qualified function names written as member calls on a namespace identifier (optional.none(), sets.contains(…)).
    private static readonly HashSet<string> Namespaces = new(StringComparer.Ordinal) { "optional", "sets", "math", "base64", "strings" };

    private readonly IReadOnlyList<CelToken> _tokens;
    private int _next;
    private int _depth;

    private CelParser(IReadOnlyList<CelToken> tokens) => _tokens = tokens;

    /// <summary>Parses a whole expression; throws <see cref="CelSyntaxException"/> with the offset of the first problem.</summary>
    public static CelExpr Parse(string source)
    {
        if (source.Length > MaxSourceLength) throw new CelSyntaxException(0, $"expression is longer than {MaxSourceLength} characters");
        var parser = new CelParser(CelLexer.Tokenize(source));
        var expr = parser.Expression();
        if (parser.Peek.Kind != CelTokenKind.End) throw new CelSyntaxException(parser.Peek.Position, $"unexpected '{parser.Peek.Text}'");
        return expr;
    }

    private CelToken Peek => _tokens[_next];

    private bool At(string punctuation) => Peek.Kind == CelTokenKind.Punctuation && Peek.Text == punctuation;

    private bool AtKeyword(string word) => Peek.Kind == CelTokenKind.Identifier && Peek.Text == word;

    private bool Accept(string punctuation)
    {
        if (!At(punctuation)) return false;
        _next++;
        return true;
    }

    private CelToken Expect(string punctuation)
    {
        if (!At(punctuation)) throw new CelSyntaxException(Peek.Position, $"expected '{punctuation}' but found '{(Peek.Kind == CelTokenKind.End ? "end of expression" : Peek.Text)}'");
        return _tokens[_next++];
    }

    private void Enter()
    {
        if (++_depth > MaxRecursionDepth) throw new CelSyntaxException(Peek.Position, $"expression recursion limit exceeded ({MaxRecursionDepth})");
    }

    private CelExpr Expression()
    {
        Enter();
        try
        {
            var condition = Binary(0);
            if (!At("?")) return condition;
            var at = _tokens[_next++].Position;
            var whenTrue = Binary(0);
            Expect(":");
            var whenFalse = Expression();
            return new CelCall(at, null, "_?_:_", [condition, whenTrue, whenFalse]);
        }
        finally
        {
            _depth--;
        }
    }

    private static readonly string[][] Levels =
    [
        ["||"],
        ["&&"],
        ["<", "<=", ">=", ">", "==", "!=", "in"],
        ["+", "-"],
        ["*", "/", "%"],
    ];

    private CelExpr Binary(int level)
    {
        if (level == Levels.Length) return Unary();
        var left = Binary(level + 1);
        if (level < 2) return LogicalChain(level, left);
        var chained = 0;
        try
        {
            while (true)
            {
                var op = Levels[level].FirstOrDefault(o => o == "in" ? AtKeyword("in") : At(o));
                if (op is null) return left;
                var at = _tokens[_next++].Position;
                // A chain a + b + c nests to the left: each operator is one more level for the evaluator's recursion.
                chained++;
                Enter();
                var right = Binary(level + 1);
                left = new CelCall(at, null, op == "in" ? "@in" : $"_{op}_", [left, right]);
            }
        }
        finally
        {
            _depth -= chained;
        }
    }

    /// <summary>A chain of || or &amp;&amp; becomes a balanced tree, as cel-go builds it, so long chains stay shallow.</summary>
    private CelExpr LogicalChain(int level, CelExpr first)
    {
        var op = Levels[level][0];
        var operands = new List<CelExpr> { first };
        var positions = new List<int>();
        while (At(op))
        {
            positions.Add(_tokens[_next++].Position);
            operands.Add(Binary(level + 1));
        }
        return Balance(operands, positions, 0, operands.Count - 1, $"_{op}_");
    }

    private static CelExpr Balance(List<CelExpr> operands, List<int> positions, int lo, int hi, string function)
    {
        if (lo == hi) return operands[lo];
        var mid = (lo + hi + 1) / 2;
        return new CelCall(positions[mid - 1], null, function, [Balance(operands, positions, lo, mid - 1, function), Balance(operands, positions, mid, hi, function)]);
    }

    private CelExpr Unary()
    {
        if (!At("!") && !At("-")) return Member();
        Enter();
        try
        {
            if (At("!"))
            {
                var at = _tokens[_next++].Position;
                return new CelCall(at, null, "!_", [Unary()]);
            }
            var minus = _tokens[_next++].Position;
            // A negative literal is one constant, so -9223372036854775808 (beyond long as a positive number) is valid.
            if (Peek.Kind is CelTokenKind.Int or CelTokenKind.Double && !(_tokens[_next + 1] is { Kind: CelTokenKind.Punctuation, Text: "." or "[" or ".?" }))
            {
                var token = _tokens[_next++];
                return new CelLiteral(minus, token.Value switch
                {
                    ulong => (object)long.MinValue,
                    long l => -l,
                    double d => -d,
                    _ => throw new CelSyntaxException(minus, "invalid literal"),
                });
            }
            return new CelCall(minus, null, "-_", [Unary()]);
        }
        finally
        {
            _depth--;
        }
    }

    private CelExpr Member()
    {
        var expr = Primary();
        var chain = 0;
        while (true)
        {
            if (++chain > MaxRecursionDepth) throw new CelSyntaxException(Peek.Position, $"expression recursion limit exceeded ({MaxRecursionDepth})");
            if (At(".") || At(".?"))
            {
                var optional = _tokens[_next++].Text == ".?";
                var name = Identifier();
                if (!optional && At("("))
                {
                    var at = _tokens[_next++].Position;
                    var args = Arguments(")");
                    expr = expr is CelIdent { Name: var ns } && Namespaces.Contains(ns)
                        ? new CelCall(at, null, ns + "." + name.Text, args)
                        : MemberCall(at, expr, name.Text, args);
                }
                else
                {
                    expr = new CelSelect(name.Position, expr, name.Text, Optional: optional);
                }
            }
            else if (At("["))
            {
                var at = _tokens[_next++].Position;
                var optional = Accept("?");
                var index = Expression();
                Expect("]");
                expr = new CelCall(at, null, optional ? "_[?_]" : "_[_]", [expr, index]);
            }
            else if (At("{") && expr is CelIdent or CelSelect)
            {
                throw new CelSyntaxException(Peek.Position, "message construction is not available in the Kubernetes CEL environment");
            }
            else
            {
                return expr;
            }
        }
    }

    private CelExpr MemberCall(int at, CelExpr target, string name, IReadOnlyList<CelExpr> args)
    {
        CelMacroKind? kind = name switch
        {
            "all" => CelMacroKind.All,
            "exists" => CelMacroKind.Exists,
            "exists_one" => CelMacroKind.ExistsOne,
            "map" => CelMacroKind.Map,
            "filter" => CelMacroKind.Filter,
            _ => null,
        };
        if (kind is not { } macro || args.Count is < 2 or > 3) return new CelCall(at, target, name, args);
        if (args[0] is not CelIdent variable) throw new CelSyntaxException(args[0].Position, $"argument is not an identifier in {name}() macro");
        if (args.Count == 3 && macro != CelMacroKind.Map) return new CelCall(at, target, name, args);
        return macro switch
        {
            CelMacroKind.Map when args.Count == 3 => new CelMacro(at, macro, target, variable.Name, args[1], args[2]),
            CelMacroKind.Map => new CelMacro(at, macro, target, variable.Name, null, args[1]),
            _ => new CelMacro(at, macro, target, variable.Name, args[1], null),
        };
    }

    private CelToken Identifier()
    {
        var token = Peek;
        if (token.Kind != CelTokenKind.Identifier) throw new CelSyntaxException(token.Position, $"expected a field name but found '{token.Text}'");
        if (Reserved.Contains(token.Text)) throw new CelSyntaxException(token.Position, $"reserved identifier '{token.Text}'");
        _next++;
        return token;
    }

    private IReadOnlyList<CelExpr> Arguments(string close)
    {
        var args = new List<CelExpr>();
        if (Accept(close)) return args;
        do
        {
            args.Add(Expression());
        }
        while (Accept(","));
        Expect(close);
        return args;
    }

    private CelExpr Primary()
    {
        var token = Peek;
        switch (token.Kind)
        {
            case CelTokenKind.Int when token.Value is ulong:
                throw new CelSyntaxException(token.Position, "integer literal out of range");
            case CelTokenKind.Int or CelTokenKind.Uint or CelTokenKind.Double or CelTokenKind.String:
                _next++;
                return new CelLiteral(token.Position, token.Value!);
            case CelTokenKind.Bytes:
                _next++;
                return new CelLiteral(token.Position, new CelBytes((byte[])token.Value!));
            case CelTokenKind.Identifier:
                return IdentifierOrCall();
            case CelTokenKind.End:
                throw new CelSyntaxException(token.Position, "unexpected end of expression");
        }
        if (Accept("."))
        {
            return IdentifierOrCall();
        }
        if (Accept("("))
        {
            var inner = Expression();
            Expect(")");
            return inner;
        }
        if (Accept("["))
        {
            var elements = new List<CelExpr>();
            var optional = new HashSet<int>();
            while (!At("]"))
            {
                if (Accept("?")) optional.Add(elements.Count);
                elements.Add(Expression());
                if (!Accept(",")) break;
            }
            Expect("]");
            return new CelListExpr(token.Position, elements, optional);
        }
        if (Accept("{"))
        {
            var entries = new List<CelMapEntry>();
            while (!At("}"))
            {
                var optional = Accept("?");
                var key = Expression();
                Expect(":");
                entries.Add(new CelMapEntry(key, Expression(), optional));
                if (!Accept(",")) break;
            }
            Expect("}");
            return new CelMapExpr(token.Position, entries);
        }
        throw new CelSyntaxException(token.Position, $"unexpected '{token.Text}'");
    }

    private CelExpr IdentifierOrCall()
    {
        var token = Peek;
        switch (token.Text)
        {
            case "true" or "false":
                _next++;
                return new CelLiteral(token.Position, token.Text == "true");
            case "null":
                _next++;
                return new CelLiteral(token.Position, CelNull.Instance);
        }
        var name = Identifier();
        if (!Accept("(")) return new CelIdent(name.Position, name.Text);
        var args = Arguments(")");
        if (name.Text != "has") return new CelCall(name.Position, null, name.Text, args);
        if (args.Count != 1 || args[0] is not CelSelect { Optional: false } select)
        {
            throw new CelSyntaxException(name.Position, "invalid argument to has() macro");
        }
        return select with { TestOnly = true };
    }
}
