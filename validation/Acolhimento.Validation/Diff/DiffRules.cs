using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Diff;

/// <summary>Stable rule ids of <c>diff --base</c> itself, with what each means (<c>rules list</c> shows them).</summary>
internal static class DiffRules
{
    public const string Stage = "diff";
    public const string BaseRenderFailed = "diff/base-render-failed";

    public static readonly IReadOnlyList<RuleSummary> All =
    [
        new(BaseRenderFailed, Severity.Warning, "the base revision of a cluster did not render completely: objects it lacks show as added, upgrade safety is judged on what rendered"),
    ];
}
