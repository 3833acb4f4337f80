namespace Acolhimento.Validation.Kubernetes;

/// <summary>
/// The operators of a LabelSelector's <c>matchExpressions</c>, what each means and which take values — once, for every
/// stage that evaluates or checks a selector (source: k8s.io/apimachinery <c>pkg/apis/meta/v1/types.go</c>
/// LabelSelectorOperator, <c>pkg/labels/selector.go</c> Requirement.Matches, and
/// <c>pkg/apis/meta/v1/validation/validation.go</c> ValidateLabelSelectorRequirement). The text form Kustomize's
/// targets use (<c>in</c>, <c>notin</c>, <c>!key</c>) is <see cref="LabelSelectorText"/>.
/// </summary>
internal static class LabelSelectorOperators
{
    public const string In = "In";
    public const string NotIn = "NotIn";
    public const string Exists = "Exists";
    public const string DoesNotExist = "DoesNotExist";

    public static readonly IReadOnlyList<string> All = [In, NotIn, Exists, DoesNotExist];

    /// <summary>
    /// Whether a requirement holds for a label: <paramref name="actual"/> is the label's value, null when the label is
    /// absent. Null when <paramref name="operatorName"/> is no operator (a selector the API server refuses).
    /// </summary>
    public static bool? Satisfied(string? operatorName, string? actual, IReadOnlyCollection<string> values) => operatorName switch
    {
        In => actual is not null && values.Contains(actual, StringComparer.Ordinal),
        NotIn => actual is null || !values.Contains(actual, StringComparer.Ordinal),
        Exists => actual is not null,
        DoesNotExist => actual is null,
        _ => null,
    };

    /// <summary>In and NotIn need values; Exists and DoesNotExist take none (ValidateLabelSelectorRequirement).</summary>
    public static bool TakesValues(string operatorName) => operatorName is In or NotIn;
}
