using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Live;

/// <summary>Stable rule ids of the live stage, with what each means (<c>rules list</c> shows them).</summary>
internal static class LiveRules
{
    /// <summary>The API server refused the object (validation, admission, a missing CRD or namespace, an immutable field, a conflict), or will refuse the Pods of a workload (Pod Security enforced in its namespace).</summary>
    public const string Rejected = "live/rejected";

    /// <summary>The API server accepted the object with a warning (Pod Security <c>would violate</c>, deprecation, unknown field).</summary>
    public const string Warning = "live/warning";

    /// <summary>A request about the object got no answer within its timeout.</summary>
    public const string Timeout = "live/timeout";

    /// <summary>An applied object cannot be read back.</summary>
    public const string MissingAfterApply = "live/missing-after-apply";

    /// <summary>A workload's controller never observed it (no ReplicaSet, no Pods would follow).</summary>
    public const string ControllerNotObserved = "live/controller-not-observed";

    /// <summary>With <c>--wait</c>: a Deployment, StatefulSet or DaemonSet did not become ready in time.</summary>
    public const string NotReady = "live/not-ready";

    /// <summary>No controllers run on the cluster (an envtest-shaped control plane): the checks that need them were not run.</summary>
    public const string ControllersAbsent = "live/controllers-absent";

    public static readonly IReadOnlyList<RuleSummary> All =
    [
        new(Rejected, Severity.Error, "the API server refuses the object, or will refuse the Pods of a workload (Pod Security enforced in its namespace)"),
        new(Warning, Severity.Warning, "the API server accepts the object with a warning (Pod Security at a level not enforced, deprecation, unknown field)"),
        new(Timeout, Severity.Error, "a request about the object got no answer within its timeout"),
        new(MissingAfterApply, Severity.Error, "an applied object cannot be read back"),
        new(ControllerNotObserved, Severity.Error, "a workload's controller never observed it, so no Pods would follow"),
        new(NotReady, Severity.Error, "with --wait: a Deployment, StatefulSet or DaemonSet did not become ready in time"),
        new(ControllersAbsent, Severity.Info, "no controllers run on the cluster: the checks that need them were not run"),
    ];
}
