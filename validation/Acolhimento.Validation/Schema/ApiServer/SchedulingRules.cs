using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Schema.ApiServer;

/// <summary>
/// The cross-field checks of core ValidateTolerations and ValidateNodeSelectorRequirement /
/// ValidateNodeFieldSelectorRequirement on a pod spec (and a PersistentVolume's node affinity): an empty toleration key
/// only with Exists, Exists without a value, an Equal value a label value, tolerationSeconds only with NoExecute; node
/// selector values per operator (In/NotIn some, Exists/DoesNotExist none, Gt/Lt one) and node field selectors on
/// metadata.name with In/NotIn and one value. Each is reported at the field the API server names.
/// </summary>
internal static class SchedulingRules
{
    public static void CheckPodSpec(YamlMapping spec, ObjectPath path, List<SchemaViolation> violations)
    {
        CheckTolerations(spec, path, violations);
        if (spec.Mapping("affinity")?.Mapping("nodeAffinity") is not { } nodeAffinity) return;
        var affinityPath = path.Key("affinity").Key("nodeAffinity");
        const string Required = "requiredDuringSchedulingIgnoredDuringExecution";
        if (nodeAffinity.Mapping(Required) is { } required) CheckNodeSelector(required, affinityPath.Key(Required), violations);
        const string Preferred = "preferredDuringSchedulingIgnoredDuringExecution";
        var preferred = nodeAffinity.Sequence(Preferred)?.Items ?? [];
        for (var i = 0; i < preferred.Count; i++)
        {
            if ((preferred[i] as YamlMapping)?.Mapping("preference") is { } term) CheckTerm(term, affinityPath.Key(Preferred).Index(i).Key("preference"), violations);
        }
    }

    /// <summary>A PersistentVolume's spec.nodeAffinity.required.</summary>
    public static void CheckVolumeNodeAffinity(YamlMapping spec, ObjectPath path, List<SchemaViolation> violations)
    {
        if (spec.Mapping("nodeAffinity")?.Mapping("required") is { } required) CheckNodeSelector(required, path.Key("nodeAffinity").Key("required"), violations);
    }

    private static void CheckTolerations(YamlMapping spec, ObjectPath path, List<SchemaViolation> violations)
    {
        var tolerations = spec.Sequence("tolerations")?.Items ?? [];
        for (var i = 0; i < tolerations.Count; i++)
        {
            if (tolerations[i] is not YamlMapping toleration) continue;
            var at = path.Key("tolerations").Index(i);
            var key = ScalarText.StringAt(toleration, "key") ?? "";
            var op = ScalarText.StringAt(toleration, "operator") ?? "";
            var value = ScalarText.StringAt(toleration, "value") ?? "";
            if (key.Length == 0 && op != "Exists")
            {
                violations.Add(new SchemaViolation(SchemaRules.Enum, $"{at}.operator must be Exists when key is empty (an empty key with Exists matches every taint)", at.Key("operator")));
            }
            if (toleration["tolerationSeconds"] is YamlScalar { IsNull: false } && ScalarText.StringAt(toleration, "effect") != "NoExecute")
            {
                violations.Add(new SchemaViolation(SchemaRules.Enum, $"{at}.effect must be NoExecute when tolerationSeconds is set", at.Key("effect")));
            }
            if (op == "Exists" && value.Length > 0)
            {
                violations.Add(new SchemaViolation(SchemaRules.Enum, $"{at}.value must be empty when operator is Exists, but is {MessageText.Quote(value)}", at.Key("operator")));
            }
            else if (op is "" or "Equal" && NameRules.LabelValue(value) is { } problem)
            {
                violations.Add(new SchemaViolation(SchemaRules.InvalidLabel, $"{at}.value {MessageText.Quote(value)} is not a valid label value: {problem}", at.Key("operator")));
            }
        }
    }

    private static void CheckNodeSelector(YamlMapping selector, ObjectPath path, List<SchemaViolation> violations)
    {
        var terms = selector.Sequence("nodeSelectorTerms")?.Items ?? [];
        for (var i = 0; i < terms.Count; i++)
        {
            if (terms[i] is YamlMapping term) CheckTerm(term, path.Key("nodeSelectorTerms").Index(i), violations);
        }
    }

    private static void CheckTerm(YamlMapping term, ObjectPath path, List<SchemaViolation> violations)
    {
        var expressions = term.Sequence("matchExpressions")?.Items ?? [];
        for (var j = 0; j < expressions.Count; j++)
        {
            if (expressions[j] is not YamlMapping requirement) continue;
            var at = path.Key("matchExpressions").Index(j);
            var op = ScalarText.StringAt(requirement, "operator");
            var count = requirement.Sequence("values")?.Items.Count ?? 0;
            // A node selector's operators are a LabelSelector's four (same names, same values rule) plus Gt and Lt.
            var problem = op switch
            {
                LabelSelectorOperators.In or LabelSelectorOperators.NotIn when count == 0 => $"must be specified when the operator is {op}",
                LabelSelectorOperators.Exists or LabelSelectorOperators.DoesNotExist when count > 0 => $"may not be specified when the operator is {op} (it has {count})",
                "Gt" or "Lt" when count != 1 => $"must hold exactly one value when the operator is {op} (it has {count})",
                _ => null,
            };
            if (problem is not null) violations.Add(new SchemaViolation(SchemaRules.MinMax, $"{at}.values {problem}", at.Key("values")));
        }
        var fields = term.Sequence("matchFields")?.Items ?? [];
        for (var j = 0; j < fields.Count; j++)
        {
            if (fields[j] is not YamlMapping requirement) continue;
            var at = path.Key("matchFields").Index(j);
            if (ScalarText.StringAt(requirement, "operator") is { } op && op is not (LabelSelectorOperators.In or LabelSelectorOperators.NotIn))
            {
                violations.Add(new SchemaViolation(SchemaRules.Enum, $"{at}.operator {MessageText.Quote(op)} is not a valid node field selector operator: supported values: \"In\", \"NotIn\"", at.Key("operator")));
            }
            else if ((requirement.Sequence("values")?.Items.Count ?? 0) is var count and not 1)
            {
                violations.Add(new SchemaViolation(SchemaRules.MinMax, $"{at}.values must hold exactly one value for a node field selector (it has {count})", at.Key("values")));
            }
            if (ScalarText.StringAt(requirement, "key") is { } key && key != "metadata.name")
            {
                violations.Add(new SchemaViolation(SchemaRules.Enum, $"{at}.key {MessageText.Quote(key)} is not a valid field selector key: supported values: \"metadata.name\"", at.Key("key")));
            }
        }
    }
}
