using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Policy;

/// <summary>
/// Stable rule ids of the policy stage itself: its configuration, the waivers and a rule that fails. The organisation's
/// rules carry their own ids in their metadata (<see cref="RuleMetadata"/>, listed in <c>policy/README.md</c>).
/// </summary>
internal static class PolicyStageRules
{
    public const string InvalidConfiguration = "policy/invalid-config";
    public const string InvalidWaiver = "policy/invalid-waiver";
    public const string UnusedWaiver = "policy/unused-waiver";
    public const string ExpiredWaiver = "policy/expired-waiver";
    public const string RuleFailed = "policy/rule-failed";
    public const string ChecksSkipped = "policy/checks-skipped";

    public static readonly IReadOnlyList<RuleSummary> All =
    [
        new(InvalidConfiguration, Severity.Error, "policy/config.yaml is not valid, at the offending line"),
        new(InvalidWaiver, Severity.Error, "a waiver in policy/exceptions.yaml is not valid, at the offending line"),
        new(UnusedWaiver, Severity.Warning, "a waiver matches no finding"),
        new(ExpiredWaiver, Severity.Error, "a waiver is past its expiry date and waives nothing"),
        new(RuleFailed, Severity.Error, "a policy rule threw on this cluster's objects: the rule's checks did not run"),
        new(ChecksSkipped, Severity.Info, "the cluster's render failed, so rules that need its whole object set were not run there (named, with the render finding)"),
    ];
}
