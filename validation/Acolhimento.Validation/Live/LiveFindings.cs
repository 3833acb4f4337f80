using System.Text.RegularExpressions;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Live;

/// <summary>Rule ids of the live stage and how kubectl's messages become findings located at the source a person edits.</summary>
public static partial class LiveFindings
{
    /// <summary>The API server refused the object (validation, admission, a missing CRD or namespace, an immutable field, a conflict), or will refuse the Pods of a workload (Pod Security enforced in its namespace).</summary>
    public const string Rejected = "live/rejected";

    /// <summary>The API server accepted the object with a warning (Pod Security <c>would violate</c>, deprecation, unknown field).</summary>
    public const string Warning = "live/warning";

    /// <summary>A kubectl call for the object did not finish within its timeout.</summary>
    public const string Timeout = "live/timeout";

    /// <summary>An applied object cannot be read back.</summary>
    public const string MissingAfterApply = "live/missing-after-apply";

    /// <summary>A workload's controller never observed it (no ReplicaSet, no Pods would follow).</summary>
    public const string ControllerNotObserved = "live/controller-not-observed";

    /// <summary>With <c>--wait</c>: a Deployment, StatefulSet or DaemonSet did not become ready in time.</summary>
    public const string NotReady = "live/not-ready";

    public static string Describe(ApplyMode mode) => mode == ApplyMode.ServerDryRun ? "server dry run" : "server-side apply";

    /// <summary>One finding per field the error names (each at that field's source line), else one at the object.</summary>
    public static IEnumerable<Finding> FromError(LiveObject target, KubectlError error, ApplyMode mode)
    {
        var prefix = $"{Describe(mode)} rejected {target}";
        if (error.Causes.Count == 0)
        {
            yield return target.Source.Finding(Stages.Live, Severity.Error, Rejected, $"{prefix}: {error.Summary}");
            yield break;
        }
        foreach (var cause in error.Causes)
        {
            var path = FieldPaths.Resolve(cause.Path, target.Body);
            var reason = error.Reason is null ? "" : $" ({error.Reason})";
            yield return target.Source.Finding(Stages.Live, Severity.Error, Rejected, $"{prefix}{reason}: {cause.Path.TrimStart('.')}: {cause.Message}", Nonempty(path));
        }
    }

    /// <summary>A warning, or a rejection when the warning says Pod Security admission will refuse the workload's Pods.</summary>
    public static Finding FromWarning(LiveObject target, string warning, PodSecurityEnforcement enforcement) =>
        enforcement.ViolatedBy(target, warning) is { } enforced
            ? target.Source.Finding(Stages.Live, Severity.Error, Rejected,
                $"Pod Security admission will reject the Pods of {target}: namespace {target.Namespace} enforces {enforced}, and the API server warned: {warning}", WarningPath(target.Body, warning))
            : target.Source.Finding(Stages.Live, Severity.Warning, Warning, $"API server warning for {target}: {warning}", WarningPath(target.Body, warning));

    public static Finding TimedOut(LiveObject target, string what, TimeSpan after) =>
        target.Source.Finding(Stages.Live, Severity.Error, Timeout, $"{what} of {target} did not finish within {after.TotalSeconds:0} s");

    /// <summary>Where a warning points: the container a Pod Security warning names, a named unknown field, the apiVersion of a deprecation.</summary>
    public static ObjectPath? WarningPath(YamlMapping body, string warning)
    {
        if (UnknownField().Match(warning) is { Success: true } unknown) return Nonempty(FieldPaths.Resolve(unknown.Groups["path"].Value, body));
        if (warning.Contains("is deprecated", StringComparison.Ordinal) && body.KeyNode("apiVersion") is not null) return ObjectPath.Of("apiVersion");
        if (!warning.Contains("PodSecurity", StringComparison.Ordinal)) return null;
        if (PodSpecPath(body) is not { } podSpec) return null;
        var spec = body.At(podSpec) as YamlMapping;
        foreach (Match container in ContainerNames().Matches(warning))
        {
            var name = container.Groups["name"].Value;
            foreach (var list in (string[])["initContainers", "containers", "ephemeralContainers"])
            {
                var items = spec?.Sequence(list)?.Items ?? [];
                for (var i = 0; i < items.Count; i++)
                {
                    if (items[i] is YamlMapping c && c.String("name") == name) return podSpec.Key(list).Index(i);
                }
            }
        }
        return spec is null ? null : podSpec;
    }

    /// <summary>The pod spec inside a workload, or null for kinds without one.</summary>
    public static ObjectPath? PodSpecPath(YamlMapping body) => body.String("kind") switch
    {
        "Pod" => ObjectPath.Of("spec"),
        "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" or "Job" or "ReplicationController" => ObjectPath.Of("spec", "template", "spec"),
        "CronJob" => ObjectPath.Of("spec", "jobTemplate", "spec", "template", "spec"),
        _ => null,
    };

    private static ObjectPath? Nonempty(ObjectPath path) => path.Depth == 0 ? null : path;

    [GeneratedRegex(@"unknown field ""(?<path>[^""]+)""")]
    private static partial Regex UnknownField();

    /// <summary><c>container "api"</c>, <c>containers "api", "sidecar"</c>: each quoted name after the word.</summary>
    [GeneratedRegex(@"(?<=containers? (?:""[^""]+"", )*)""(?<name>[^""]+)""")]
    private static partial Regex ContainerNames();
}
