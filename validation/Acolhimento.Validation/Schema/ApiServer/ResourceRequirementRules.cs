using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Schema.ApiServer;

/// <summary>
/// What the API server checks in a container's <c>resources</c> beyond the quantity syntax OpenAPI describes
/// (<c>ValidateResourceRequirements</c>): no negative amounts, requests at most the limits, and for resources that cannot
/// be overcommitted (extended resources such as <c>nvidia.com/gpu</c>, and <c>hugepages-*</c>) a limit, a request equal to
/// it, and whole numbers for extended resources.
/// </summary>
internal static class ResourceRequirementRules
{
    public static void Check(YamlMapping resources, ObjectPath path, List<SchemaViolation> violations)
    {
        CheckNames(resources, path, violations);
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

    // k8s.io/kubernetes/pkg/apis/core/helper: standardResources and standardContainerResources (plus the hugepages- prefixes).
    private static readonly HashSet<string> StandardResources = new(StringComparer.Ordinal)
    {
        "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory", "requests.ephemeral-storage", "limits.cpu", "limits.memory",
        "limits.ephemeral-storage", "pods", "resourcequotas", "services", "replicationcontrollers", "secrets", "configmaps", "persistentvolumeclaims",
        "storage", "requests.storage", "services.nodeports", "services.loadbalancers",
    };

    private static readonly string[] ContainerResources = ["cpu", "memory", "ephemeral-storage"];
    private static readonly string[] ResourceLists = ["limits", "requests"];

    /// <summary>
    /// The names in requests and limits, as validateContainerResourceName checks them: a qualified name; without a
    /// domain one of the container resources (cpu, memory, ephemeral-storage, hugepages-*); with a domain other than
    /// kubernetes.io an extended resource name. A typo such as <c>memroy</c> is refused by the API server.
    /// </summary>
    private static void CheckNames(YamlMapping resources, ObjectPath path, List<SchemaViolation> violations)
    {
        foreach (var list in ResourceLists)
        {
            if (resources.Mapping(list) is not { } amounts) continue;
            foreach (var entry in amounts.Entries)
            {
                var name = entry.Key.Value;
                if (NameProblems(name) is not { Count: > 0 } problems) continue;
                var fieldPath = path.Key(list).Key(name);
                var suggestion = !name.Contains('/') ? FieldSuggestions.Closest(name, ContainerResources) : null;
                violations.Add(new SchemaViolation(SchemaRules.ResourceName,
                    $"{path}.{list}[{name}]: Invalid value: {MessageText.Quote(name)}: {string.Join("; ", problems)}" + (suggestion is null ? "" : $"; did you mean {EnumValues.Quote(suggestion)}?"),
                    fieldPath));
            }
        }
    }

    private static List<string> NameProblems(string name)
    {
        // cpu, memory and ephemeral-storage are nearly every name met: answered without building anything.
        if (ContainerResources.Contains(name)) return [];
        if (NameRules.QualifiedName(name) is { } syntax) return [$"it {syntax}"];
        var problems = new List<string>();
        if (!name.Contains('/'))
        {
            if (!StandardResources.Contains(name) && !IsQuotaHugePages(name)) problems.Add("must be a standard resource type or fully qualified");
            if (!ContainerResources.Contains(name) && !name.StartsWith("hugepages-", StringComparison.Ordinal)) problems.Add("must be a standard resource for containers");
        }
        else if (!IsNative(name) && !IsExtendedResourceName(name))
        {
            problems.Add("doesn't follow extended resource name standard");
        }
        return problems;
    }

    private static bool IsQuotaHugePages(string name) => name.StartsWith("hugepages-", StringComparison.Ordinal) || name.StartsWith("requests.hugepages-", StringComparison.Ordinal);

    // An extended resource also names a quota (requests.<name>), so that name must be qualified too.
    private static bool IsExtendedResourceName(string name) =>
        IsExtended(name) && NameRules.QualifiedName("requests." + name) is null;

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
