using System.Text.Json;

namespace Acolhimento.Validation.Schema.Cel;

/// <summary>
/// One entry of a schema's <c>x-kubernetes-validations</c>: the CEL <c>rule</c>, and how a failure is reported
/// (<c>message</c>, <c>messageExpression</c>, <c>fieldPath</c>, <c>reason</c>) and whether a transition rule runs
/// without an old object (<c>optionalOldSelf</c>). Parsed on first use and shared by every validation.
/// </summary>
public sealed class CrdValidationRule
{
    private readonly Lazy<CompiledRule> _compiled;

    public CrdValidationRule(string rule, string? message = null, string? messageExpression = null, string? fieldPath = null, string? reason = null, bool optionalOldSelf = false)
    {
        Rule = rule;
        Message = message;
        MessageExpression = messageExpression;
        FieldPath = fieldPath;
        Reason = reason;
        OptionalOldSelf = optionalOldSelf;
        _compiled = new Lazy<CompiledRule>(() => CompiledRule.From(this));
    }

    public string Rule { get; }

    public string? Message { get; }

    public string? MessageExpression { get; }

    public string? FieldPath { get; }

    public string? Reason { get; }

    public bool OptionalOldSelf { get; }

    public CompiledRule Compiled => _compiled.Value;

    /// <summary>The rule as the API server names it in messages: its message when set, else its text (trimmed).</summary>
    public string ErrorString => string.IsNullOrWhiteSpace(Message) ? Rule.Trim() : Message.Trim();

    /// <summary>The entries of an <c>x-kubernetes-validations</c> array; an entry without a string <c>rule</c> is kept with an empty rule (not evaluated).</summary>
    public static IReadOnlyList<CrdValidationRule> ReadAll(JsonElement array)
    {
        var rules = new List<CrdValidationRule>();
        foreach (var entry in array.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object)
            {
                rules.Add(new CrdValidationRule(""));
                continue;
            }
            rules.Add(new CrdValidationRule(
                Text(entry, "rule") ?? "",
                Text(entry, "message"),
                Text(entry, "messageExpression"),
                Text(entry, "fieldPath"),
                Text(entry, "reason"),
                entry.TryGetProperty("optionalOldSelf", out var optional) && optional.ValueKind == JsonValueKind.True));
        }
        return rules;
    }

    private static string? Text(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>A rule parsed once: its expression (or why it cannot be), whether it reads <c>oldSelf</c>, its message expression, and its compiled regular expressions.</summary>
public sealed class CompiledRule
{
    private CompiledRule(CelExpr? expression, string? problem, bool usesOldSelf, CelExpr? messageExpression, string? messageProblem)
    {
        Expression = expression;
        Problem = problem;
        UsesOldSelf = usesOldSelf;
        MessageExpression = messageExpression;
        MessageProblem = messageProblem;
    }

    public CelExpr? Expression { get; }

    /// <summary>Why the rule cannot be evaluated (a syntax error), or null.</summary>
    public string? Problem { get; }

    public bool UsesOldSelf { get; }

    public CelExpr? MessageExpression { get; }

    public string? MessageProblem { get; }

    public CelRegexCache Regexes { get; } = new();

    public static CompiledRule From(CrdValidationRule rule)
    {
        if (string.IsNullOrWhiteSpace(rule.Rule)) return new CompiledRule(null, "the rule is empty", false, null, null);
        CelExpr expression;
        try
        {
            expression = CelParser.Parse(rule.Rule);
        }
        catch (CelSyntaxException ex)
        {
            return new CompiledRule(null, $"the rule does not parse: {ex.Message}", false, null, null);
        }
        CelExpr? message = null;
        string? messageProblem = null;
        if (!string.IsNullOrWhiteSpace(rule.MessageExpression))
        {
            try
            {
                message = CelParser.Parse(rule.MessageExpression);
            }
            catch (CelSyntaxException ex)
            {
                messageProblem = $"the messageExpression does not parse: {ex.Message}";
            }
        }
        return new CompiledRule(expression, null, Mentions(expression, "oldSelf"), message, messageProblem);
    }

    private static bool Mentions(CelExpr expr, string name) => expr switch
    {
        CelIdent ident => ident.Name == name,
        CelSelect select => Mentions(select.Operand, name),
        CelCall call => (call.Target is { } target && Mentions(target, name)) || call.Args.Any(a => Mentions(a, name)),
        CelListExpr list => list.Elements.Any(e => Mentions(e, name)),
        CelMapExpr map => map.Entries.Any(e => Mentions(e.Key, name) || Mentions(e.Value, name)),
        CelMacro macro => Mentions(macro.Range, name) || (macro.Predicate is { } p && Mentions(p, name)) || (macro.Transform is { } t && Mentions(t, name)),
        _ => false,
    };
}
