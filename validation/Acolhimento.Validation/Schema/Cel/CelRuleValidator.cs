using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Schema.Cel;

/// <summary>A value of the object whose schema carries <c>x-kubernetes-validations</c> rules.</summary>
internal readonly record struct CelRuleSite(ObjectPath Path, YamlNode Value, SchemaNode Schema);

/// <summary>
/// Evaluates the CRD validation rules of one object as the API server does on a create
/// (apiextensions-apiserver <c>pkg/apiserver/schema/cel/validation.go</c> and the custom resource strategy):
/// <list type="bullet">
/// <item>not at all when the schema checks found a blocking error (a type, required, enum, maxLength, maxItems or
/// maxProperties violation, or an unknown field, which fails the request before validation);</item>
/// <item>each rule with <c>self</c> bound to its value; a transition rule (one reading <c>oldSelf</c>) is skipped, as
/// there is no old object on a create, unless <c>optionalOldSelf</c> makes <c>oldSelf</c> an empty optional;</item>
/// <item>a rule that is not true is an error at its value (or at its <c>fieldPath</c>) with its <c>messageExpression</c>,
/// <c>message</c> or "failed rule: …"; a rule that fails to evaluate is an error "… evaluating rule: …";</item>
/// <item>each evaluation stops at the per-call cost limit, and all evaluations of the object share the per-request
/// budget; past either no further rule is evaluated, as the API server reports;</item>
/// <item>a rule this evaluator cannot judge (a function it lacks, a syntax error) is an info finding
/// <see cref="SchemaRules.CelNotEvaluated"/> with the reason, never a silent pass.</item>
/// </list>
/// </summary>
internal static class CelRuleValidator
{
    /// <summary>k8s.io/apiserver <c>pkg/apis/cel</c> PerCallLimit: the cost limit of one rule evaluation.</summary>
    public const long PerCallLimit = 1_000_000;

    /// <summary>k8s.io/apiserver <c>pkg/apis/cel</c> RuntimeCELCostBudget: the cost all rules of one object may use together.</summary>
    public const long RuntimeCostBudget = 10_000_000;

    /// <summary>k8s.io/apiserver <c>pkg/apis/cel</c> MaxEvaluatedMessageExpressionSizeBytes.</summary>
    public const int MaxMessageExpressionLength = 5 * 1024;

    public static IReadOnlyList<SchemaViolation> Evaluate(IReadOnlyList<CelRuleSite> sites, IReadOnlyList<SchemaViolation> schemaViolations)
    {
        if (sites.Count == 0 || schemaViolations.Any(BlocksRules)) return [];
        var violations = new List<SchemaViolation>();
        var budget = RuntimeCostBudget;
        foreach (var site in sites)
        {
            var self = CelSchemaValues.FromYaml(site.Value, site.Schema, isResourceRoot: site.Path.Depth == 0);
            foreach (var rule in site.Schema.CelRules)
            {
                if (!EvaluateRule(rule, site, self, violations, ref budget)) return violations;
            }
        }
        return violations;
    }

    /// <summary>
    /// Whether a schema violation keeps the API server from evaluating rules (strategy.go's hasBlockingErr: NotSupported,
    /// Required, TooLong, TooMany and TypeInvalid errors). An unknown field fails a strict request before validation.
    /// </summary>
    public static bool BlocksRules(SchemaViolation violation) =>
        violation.Severity == Severity.Error && (violation.Rule is SchemaRules.TypeMismatch or SchemaRules.RequiredField or SchemaRules.Enum or SchemaRules.UnknownField
            || (violation.Rule == SchemaRules.MinMax && IsUpperBoundOfSize(violation.Message)));

    // maxLength, maxItems and maxProperties (TooLong/TooMany); maximum of a number is Invalid and does not block.
    private static bool IsUpperBoundOfSize(string message) =>
        message.Contains(" characters long, but has ", StringComparison.Ordinal) || message.Contains(" must have at most ", StringComparison.Ordinal);

    /// <returns>False when no further rule may be evaluated (cost limit or budget exhausted).</returns>
    private static bool EvaluateRule(CrdValidationRule rule, CelRuleSite site, object self, List<SchemaViolation> violations, ref long budget)
    {
        var compiled = rule.Compiled;
        if (compiled.Expression is null)
        {
            violations.Add(NotEvaluated(site, rule, compiled.Problem!));
            return true;
        }
        if (compiled.UsesOldSelf && !rule.OptionalOldSelf) return true; // a transition rule: no old object on a create
        var variables = new Dictionary<string, object>(StringComparer.Ordinal) { ["self"] = self };
        if (compiled.UsesOldSelf) variables["oldSelf"] = CelOptional.None;
        var cost = new CelCost(PerCallLimit);
        object result;
        try
        {
            result = new CelInterpreter(cost, compiled.Regexes).Evaluate(compiled.Expression, variables);
        }
        catch (CelCostLimitException ex)
        {
            violations.Add(Error(site.Path, $"'{ex.Message}': no further validation rules will be run due to call cost exceeds limit for rule: {rule.ErrorString}", rule));
            return false;
        }
        catch (CelUnsupportedException ex)
        {
            violations.Add(NotEvaluated(site, rule, ex.Message));
            return true;
        }
        budget -= cost.Actual;
        if (budget < 0)
        {
            violations.Add(Error(site.Path, "validation failed due to running out of cost budget, no further validation rules will be run", rule));
            return false;
        }
        switch (result)
        {
            case true:
                return true;
            case CelError error when error.Message.StartsWith("no such overload", StringComparison.Ordinal):
                violations.Add(Error(site.Path, $"'{error.Message}': call arguments did not match a supported operator, function or macro signature for rule: {rule.ErrorString}", rule));
                return true;
            case CelError error:
                violations.Add(Error(site.Path, $"{error.Message} evaluating rule: {rule.ErrorString}", rule));
                return true;
        }
        var detail = MessageFromExpression(compiled, variables, ref budget) ?? (string.IsNullOrWhiteSpace(rule.Message) ? $"failed rule: {rule.Rule.Trim()}" : rule.Message.Trim());
        var path = CelFieldPath.Append(site.Path, rule.FieldPath) ?? site.Path;
        violations.Add(Error(path, rule.Reason switch
        {
            "FieldValueRequired" => $"Required value: {detail}",
            "FieldValueForbidden" => $"Forbidden: {detail}",
            "FieldValueDuplicate" => $"Duplicate value: {detail}",
            _ => detail,
        }, rule));
        return true;
    }

    /// <summary>The evaluated messageExpression, or null when it is absent or unusable (the API server then falls back to the message).</summary>
    private static string? MessageFromExpression(CompiledRule compiled, Dictionary<string, object> variables, ref long budget)
    {
        if (compiled.MessageExpression is null) return null;
        var cost = new CelCost(PerCallLimit);
        try
        {
            var value = new CelInterpreter(cost, compiled.Regexes).Evaluate(compiled.MessageExpression, variables);
            budget -= cost.Actual;
            var text = (value as string)?.Trim();
            return string.IsNullOrEmpty(text) || text.Length > MaxMessageExpressionLength || text.Contains('\n') ? null : text;
        }
        catch (Exception ex) when (ex is CelCostLimitException or CelUnsupportedException)
        {
            return null;
        }
    }

    private static SchemaViolation Error(ObjectPath path, string detail, CrdValidationRule rule) =>
        new(SchemaRules.CelRule, $"{Where(path)} {detail} (x-kubernetes-validations rule: {OneLine(rule.Rule)})", path);

    private static SchemaViolation NotEvaluated(CelRuleSite site, CrdValidationRule rule, string reason) =>
        new(SchemaRules.CelNotEvaluated, $"{Where(site.Path)} the validation rule `{OneLine(rule.Rule)}` was not evaluated by this gate: {reason}; the API server will evaluate it (run the live stage to check)",
            site.Path, Severity.Info);

    private static string Where(ObjectPath path) => path.Depth == 0 ? "the object:" : $"{path}:";

    private static string OneLine(string text)
    {
        var collapsed = string.Join(' ', text.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        return collapsed.Length > 300 ? collapsed[..300] + "…" : collapsed;
    }
}

/// <summary>A rule's <c>fieldPath</c> (<c>.spec.ports</c>, <c>.labels['app.kubernetes.io/name']</c>) as segments after the rule's own path.</summary>
internal static class CelFieldPath
{
    /// <summary>The combined path, or null when the field path is empty or not of the form the API server accepts.</summary>
    public static ObjectPath? Append(ObjectPath at, string? fieldPath)
    {
        if (string.IsNullOrWhiteSpace(fieldPath)) return null;
        var path = at;
        var i = 0;
        var text = fieldPath.Trim();
        while (i < text.Length)
        {
            if (text[i] == '.')
            {
                var start = ++i;
                while (i < text.Length && text[i] is not ('.' or '[')) i++;
                if (i == start) return null;
                path = path.Key(text[start..i]);
            }
            else if (text.AsSpan(i).StartsWith("['"))
            {
                var close = text.IndexOf("']", i + 2, StringComparison.Ordinal);
                if (close < 0) return null;
                path = path.Key(text[(i + 2)..close].Replace("\\'", "'", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal));
                i = close + 2;
            }
            else
            {
                return null;
            }
        }
        return path;
    }
}
