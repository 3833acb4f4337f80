using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Schema;

/// <summary>
/// What the API server checks in a container's <c>resources</c> beyond the quantity syntax OpenAPI describes
/// (<c>ValidateResourceRequirements</c>): no negative amounts, requests at most the limits, and for resources that cannot
/// be overcommitted (extended resources such as <c>nvidia.com/gpu</c>, and <c>hugepages-*</c>) a limit, a request equal to
/// it, and whole numbers for extended resources.
/// </summary>
public static class ResourceRequirementRules
{
    public static void Check(YamlMapping resources, ObjectPath path, List<SchemaViolation> violations)
    {
        var limits = Amounts(resources.Mapping("limits"));
        var requests = Amounts(resources.Mapping("requests"));
        foreach (var (name, limit) in limits)
        {
            CheckAmount("limits", name, limit, path, violations);
        }
        foreach (var (name, request) in requests)
        {
            var requestPath = path.Key("requests").Key(name);
            if (!CheckAmount("requests", name, request, path, violations)) continue;
            var hasLimit = limits.TryGetValue(name, out var limit);
            if (!IsOvercommitAllowed(name))
            {
                if (!hasLimit) violations.Add(Violation(requestPath, $"requests.{name} is {request.Text}, but no limit is set: a limit must be set for resources that cannot be overcommitted, and the request must equal it"));
                else if (limit.Value is { } l && request.Value != l) violations.Add(Violation(requestPath, $"requests.{name} {request.Text} must be equal to the {name} limit of {limit.Text}: this resource cannot be overcommitted"));
            }
            else if (hasLimit && limit.Value is { } l && request.Value > l)
            {
                violations.Add(Violation(requestPath, $"requests.{name} {request.Text} must be less than or equal to the {name} limit of {limit.Text}"));
            }
        }
    }

    /// <summary>One request or limit: its text and value in base units (null when it is not a quantity this check can compare).</summary>
    private readonly record struct Amount(string Text, decimal? Value);

    private static Dictionary<string, Amount> Amounts(YamlMapping? map)
    {
        var amounts = new Dictionary<string, Amount>(StringComparer.Ordinal);
        if (map is null) return amounts;
        foreach (var entry in map.Entries)
        {
            if (entry.Value is YamlScalar { IsNull: false } scalar && scalar.Kind is ScalarKind.String or ScalarKind.Int or ScalarKind.Float)
            {
                amounts.TryAdd(entry.Key.Value, new Amount(scalar.Value, Quantity.Value(scalar.Value)));
            }
        }
        return amounts;
    }

    /// <summary>Whether the amount itself is acceptable (reporting why not); a quantity that cannot be read is left to the schema's quantity check.</summary>
    private static bool CheckAmount(string list, string name, Amount amount, ObjectPath resourcesPath, List<SchemaViolation> violations)
    {
        if (amount.Value is not { } value) return false;
        var path = resourcesPath.Key(list).Key(name);
        if (value < 0)
        {
            violations.Add(Violation(path, $"{list}.{name} is {amount.Text}, but must be greater than or equal to 0"));
            return false;
        }
        if (IsExtended(name) && decimal.Truncate(value) != value)
        {
            violations.Add(Violation(path, $"{list}.{name} is {amount.Text}, but an extended resource must be a whole number"));
            return false;
        }
        return true;
    }

    // k8s.io/kubernetes/pkg/apis/core/helper: a native resource has no domain or the kubernetes.io domain.
    private static bool IsNative(string name) => !name.Contains('/') || name.Contains("kubernetes.io/", StringComparison.Ordinal);

    private static bool IsExtended(string name) => !IsNative(name) && !name.StartsWith("requests.", StringComparison.Ordinal);

    private static bool IsOvercommitAllowed(string name) => IsNative(name) && !name.StartsWith("hugepages-", StringComparison.Ordinal);

    private static SchemaViolation Violation(ObjectPath path, string message) => new(SchemaRules.ResourceRequirements, message, path);
}
