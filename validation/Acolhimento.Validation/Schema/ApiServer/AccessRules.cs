using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Schema.ApiServer;

/// <summary>
/// Checks of the rbac validation code (ValidatePolicyRule, ValidateRoleBindingSubject), Pod Security admission's
/// Namespace labels (a level privileged/baseline/restricted, a version "latest" or v1.N: the admission plugin refuses a
/// Namespace labelled otherwise), and a LimitRange's types (one limit per type, core ValidateLimitRange).
/// </summary>
internal static class AccessRules
{
    private const string PodSecurityPrefix = "pod-security.kubernetes.io/";
    private static readonly string[] PodSecurityLevels = ["privileged", "baseline", "restricted"];

    public static void Check(string group, string kind, YamlMapping body, List<SchemaViolation> violations)
    {
        switch (group, kind)
        {
            case (ApiGroups.Rbac, "Role" or "ClusterRole"):
                CheckPolicyRules(body, kind == "Role", violations);
                break;
            case (ApiGroups.Rbac, "RoleBinding" or "ClusterRoleBinding"):
                CheckSubjects(body, violations);
                break;
            case (ApiGroups.Core, "Namespace"):
                if (body.Mapping("metadata")?.Mapping("labels") is { } labels) CheckPodSecurityLabels(labels, ObjectPath.Of("metadata", "labels"), violations);
                break;
            case (ApiGroups.Core, "LimitRange"):
                CheckLimitTypes(body, violations);
                break;
        }
    }

    private static void CheckPolicyRules(YamlMapping body, bool namespaced, List<SchemaViolation> violations)
    {
        var rules = body.Sequence("rules")?.Items ?? [];
        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i] is not YamlMapping rule) continue;
            var path = ObjectPath.Of("rules", i);
            var nonResource = rule.Sequence("nonResourceURLs")?.Items.Count ?? 0;
            if (nonResource > 0)
            {
                if (namespaced) violations.Add(new SchemaViolation(SchemaRules.Alternatives, $"{path}.nonResourceURLs: namespaced rules cannot apply to non-resource URLs", path.Key("nonResourceURLs")));
                continue;
            }
            foreach (var field in new[] { "apiGroups", "resources" })
            {
                if ((rule.Sequence(field)?.Items.Count ?? 0) == 0)
                {
                    violations.Add(new SchemaViolation(SchemaRules.RequiredField, $"{path} is missing the required field \"{field}\" (resource rules must supply at least one)", path));
                }
            }
        }
    }

    private static void CheckSubjects(YamlMapping body, List<SchemaViolation> violations)
    {
        var subjects = body.Sequence("subjects")?.Items ?? [];
        for (var i = 0; i < subjects.Count; i++)
        {
            if (subjects[i] is not YamlMapping subject) continue;
            var path = ObjectPath.Of("subjects", i);
            var name = ScalarText.StringAt(subject, "name");
            var apiGroup = ScalarText.StringAt(subject, "apiGroup") ?? "";
            switch (ScalarText.StringAt(subject, "kind"))
            {
                case "ServiceAccount":
                    if (name is { Length: > 0 } && NameRules.Dns1123Subdomain(name) is { } problem)
                    {
                        violations.Add(new SchemaViolation(SchemaRules.InvalidName, $"{path}.name {MessageText.Quote(name)} is not a valid service account name: it {problem}", path.Key("name")));
                    }
                    if (apiGroup.Length > 0) violations.Add(new SchemaViolation(SchemaRules.Enum, $"{path}.apiGroup must be empty for a ServiceAccount, but is {MessageText.Quote(apiGroup)}", path.Key("apiGroup")));
                    break;
                case "User" or "Group":
                    // An empty apiGroup is defaulted to rbac.authorization.k8s.io.
                    if (apiGroup.Length > 0 && apiGroup != ApiGroups.Rbac) violations.Add(new SchemaViolation(SchemaRules.Enum, $"{path}.apiGroup must be {ApiGroups.Rbac}, but is {MessageText.Quote(apiGroup)}", path.Key("apiGroup")));
                    break;
            }
        }
    }

    private static void CheckPodSecurityLabels(YamlMapping labels, ObjectPath path, List<SchemaViolation> violations)
    {
        foreach (var entry in labels.Entries)
        {
            var key = entry.Key.Value;
            if (!key.StartsWith(PodSecurityPrefix, StringComparison.Ordinal) || entry.Value is not YamlScalar value) continue;
            var mode = key[PodSecurityPrefix.Length..];
            string? problem = mode switch
            {
                "enforce" or "audit" or "warn" when !PodSecurityLevels.Contains(value.Value) => $"must be one of {string.Join(", ", PodSecurityLevels)}",
                "enforce-version" or "audit-version" or "warn-version" when !IsPodSecurityVersion(value.Value) => "must be \"latest\" or \"v1.x\"",
                _ => null,
            };
            if (problem is not null)
            {
                violations.Add(new SchemaViolation(SchemaRules.InvalidLabel, $"label {MessageText.Quote(key)} is {MessageText.Quote(value.Value)}: Pod Security admission refuses the Namespace; it {problem}", path.Key(key)));
            }
        }
    }

    private static bool IsPodSecurityVersion(string value) =>
        value == "latest" || (value.StartsWith("v1.", StringComparison.Ordinal) && value.Length > 3 && value[3..].All(char.IsAsciiDigit) && (value.Length == 4 || value[3] != '0'));

    private static void CheckLimitTypes(YamlMapping body, List<SchemaViolation> violations)
    {
        var limits = body.Mapping("spec")?.Sequence("limits")?.Items ?? [];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < limits.Count; i++)
        {
            if (limits[i] is YamlMapping limit && ScalarText.StringAt(limit, "type") is { Length: > 0 } type && !seen.Add(type))
            {
                violations.Add(new SchemaViolation(SchemaRules.DuplicateEntry, $"spec.limits[{i}].type {MessageText.Quote(type)} is listed twice; a LimitRange has one limit per type", ObjectPath.Of("spec", "limits", i, "type")));
            }
        }
    }
}
