using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Schema.ApiServer;

/// <summary>
/// Workload selectors: valid, non-empty, and selecting the workload's own pod template (reported, as the API server
/// does, at the template's labels). Label syntax in a LabelSelector is the schema walk's (api-server-fields.yaml).
/// </summary>
internal static class SelectorRules
{
    private static readonly ObjectPath SelectorPath = ObjectPath.Of("spec", "selector");

    public static void Check(string group, string kind, YamlMapping body, List<SchemaViolation> violations)
    {
        var spec = body.Mapping("spec");
        if (spec is null) return;
        var templateLabels = spec.Mapping("template")?.Mapping("metadata")?.Mapping("labels");
        switch (group, kind)
        {
            case (ApiGroups.Apps, "Deployment" or "ReplicaSet" or "StatefulSet" or "DaemonSet"):
            case (ApiGroups.Batch, "Job") when spec.Boolean("manualSelector") == true:
                if (spec.Mapping("selector") is not { } selector) return;
                CheckLabelSelector(selector, SelectorPath, templateLabels, TemplateLabels, violations);
                break;
            case (ApiGroups.Core, "ReplicationController"):
                if (spec.Mapping("selector") is not { } map) return;
                MetadataRules.CheckLabels(map, SelectorPath, violations);
                var missing = map.Entries.Where(e => !Has(templateLabels, e.Key.Value, e.Value)).Select(e => $"{e.Key.Value}={(e.Value as YamlScalar)?.Value}").ToList();
                if (missing.Count > 0) violations.Add(SelectorMismatch(SelectorPath, TemplateLabels, string.Join(", ", missing)));
                break;
        }
    }

    /// <summary>Where the API server reports a selector that does not select the template: the template's labels (located at the nearest written part when absent).</summary>
    private static readonly ObjectPath TemplateLabels = ObjectPath.Of("spec", "template", "metadata", "labels");

    private static ObjectPath TemplateLabelsPath(YamlMapping spec) => TemplateLabels;

    private static void CheckLabelSelector(YamlMapping selector, ObjectPath path, YamlMapping? templateLabels, ObjectPath templateLabelsPath, List<SchemaViolation> violations)
    {
        var matchLabels = selector.Mapping("matchLabels");
        var expressions = selector.Sequence("matchExpressions");
        if ((matchLabels?.Entries.Count ?? 0) == 0 && (expressions?.Items.Count ?? 0) == 0)
        {
            violations.Add(new SchemaViolation(SchemaRules.SelectorMismatch, $"{path} is empty; a workload must select its pods with matchLabels or matchExpressions", path));
            return;
        }
        var unmet = new List<string>();
        if (matchLabels is not null)
        {
            unmet.AddRange(matchLabels.Entries.Where(e => !Has(templateLabels, e.Key.Value, e.Value)).Select(e => $"{e.Key.Value}={(e.Value as YamlScalar)?.Value}"));
        }
        for (var i = 0; expressions is not null && i < expressions.Items.Count; i++)
        {
            if (expressions.Items[i] is not YamlMapping expression || ScalarText.StringAt(expression, "key") is not { } key) continue;
            var expressionPath = path.Key("matchExpressions").Index(i);
            var values = expression.Sequence("values")?.Items.OfType<YamlScalar>().Select(v => v.Value).ToList() ?? [];
            foreach (var value in values.Where(v => NameRules.LabelValue(v) is not null))
            {
                violations.Add(new SchemaViolation(SchemaRules.InvalidLabel, $"label value {MessageText.Quote(value)} in {expressionPath}.values is not valid: it {NameRules.LabelValue(value)}", expressionPath.Key("values")));
            }
            var actual = templateLabels?[key] is YamlScalar { IsNull: false } label ? label.Value : null;
            var operatorName = ScalarText.StringAt(expression, "operator");
            var satisfied = LabelSelectorOperators.Satisfied(operatorName, actual, values);
            if (satisfied is null)
            {
                violations.Add(new SchemaViolation(SchemaRules.SelectorMismatch, $"{expressionPath}.operator must be {OperatorList}, but is {MessageText.Quote(operatorName ?? "")}", expressionPath.Key("operator")));
            }
            else if (ValuesProblem(operatorName!, expression.Sequence("values")?.Items.Count ?? 0) is { } valuesProblem)
            {
                // The API server rejects the expression itself; whether it would select the template is then moot.
                violations.Add(new SchemaViolation(SchemaRules.SelectorMismatch, $"{expressionPath}.values {valuesProblem}", expressionPath.Key("values")));
            }
            else if (satisfied == false)
            {
                unmet.Add($"{key} {operatorName}{(values.Count > 0 ? " (" + string.Join(", ", values) + ")" : "")}");
            }
        }
        if (unmet.Count > 0) violations.Add(SelectorMismatch(path, templateLabelsPath, string.Join("; ", unmet)));
    }

    private static readonly string OperatorList = string.Join(", ", LabelSelectorOperators.All.SkipLast(1)) + " or " + LabelSelectorOperators.All[^1];

    /// <summary>ValidateLabelSelectorRequirement's values check for a known operator.</summary>
    private static string? ValuesProblem(string operatorName, int count) => LabelSelectorOperators.TakesValues(operatorName)
        ? count == 0 ? $"must be non-empty when the operator is {operatorName}" : null
        : count > 0 ? $"must be empty when the operator is {operatorName} (it has {count})" : null;

    private static SchemaViolation SelectorMismatch(ObjectPath path, ObjectPath templateLabelsPath, string unmet) =>
        new(SchemaRules.SelectorMismatch, $"{path} does not match the labels of spec.template.metadata.labels (not satisfied: {unmet}); the API server rejects a workload whose selector does not select its own pods", templateLabelsPath);

    private static bool Has(YamlMapping? labels, string key, YamlNode expected) =>
        labels?[key] is YamlScalar actual && expected is YamlScalar e && actual.Value == e.Value;
}
