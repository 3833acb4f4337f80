using System.Text.RegularExpressions;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Live;

/// <summary>
/// The Pod Security policy each namespace enforces (<c>level:version</c>, as admission writes it in its messages). Admission
/// checks a workload (Deployment, Job, …) only against the namespace's <c>warn</c> and <c>audit</c> levels and accepts it; the
/// <c>enforce</c> level is applied to the Pods its controller creates later. So a "would violate" warning for the very policy
/// the namespace enforces means those Pods will be rejected: the object is accepted, the workload never runs.
/// </summary>
public sealed partial class PodSecurityEnforcement(IReadOnlyDictionary<string, string> enforcedByNamespace, IReadOnlyDictionary<string, string>? warnedByNamespace = null)
{
    public const string EnforceLabel = "pod-security.kubernetes.io/enforce";
    public const string EnforceVersionLabel = "pod-security.kubernetes.io/enforce-version";
    public const string WarnLabel = "pod-security.kubernetes.io/warn";
    public const string WarnVersionLabel = "pod-security.kubernetes.io/warn-version";

    public static readonly PodSecurityEnforcement None = new(new Dictionary<string, string>(StringComparer.Ordinal));

    private readonly IReadOnlyDictionary<string, string> _warned = warnedByNamespace ?? new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>From the Namespace objects a cluster applies; a namespace without an enforce label enforces nothing worth naming.</summary>
    public static PodSecurityEnforcement Of(IEnumerable<LiveObject> namespaces)
    {
        var enforced = new Dictionary<string, string>(StringComparer.Ordinal);
        var warned = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var ns in namespaces.Where(o => o is { Group: "", Kind: "Namespace" }))
        {
            var labels = ns.Body.Mapping("metadata")?.Mapping("labels");
            if (Policy(labels, EnforceLabel, EnforceVersionLabel) is { } enforcing) enforced[ns.Name] = enforcing;
            if (Policy(labels, WarnLabel, WarnVersionLabel) is { } warning) warned[ns.Name] = warning;
        }
        return new PodSecurityEnforcement(enforced, warned);
    }

    /// <summary>
    /// The enforced policy of a namespace whose workloads the API server does not already judge by it: admission warns about
    /// a workload's pod template only at the <c>warn</c> level, so when that is not the enforced policy, nothing on the
    /// workload says its Pods will be refused — a Pod built from the template must be sent to find out (see
    /// <see cref="PodTemplateDryRun"/>). Null when the namespace enforces nothing, or warns at exactly what it enforces
    /// (then <see cref="ViolatedBy"/> turns the warning into the rejection, and a second verdict would be the same error twice).
    /// </summary>
    public string? UnwarnedEnforcement(string? @namespace) =>
        @namespace is not null && enforcedByNamespace.TryGetValue(@namespace, out var enforced)
        && !(_warned.TryGetValue(@namespace, out var warned) && warned == enforced)
            ? enforced
            : null;

    /// <summary><c>level:version</c> from a mode's two labels, the version defaulting to <c>latest</c> as admission does.</summary>
    private static string? Policy(YamlMapping? labels, string levelLabel, string versionLabel)
    {
        if (labels?.String(levelLabel) is not { Length: > 0 } level) return null;
        var version = labels.String(versionLabel) is { Length: > 0 } pinned ? pinned : "latest";
        return $"{level}:{version}";
    }

    /// <summary>The enforced policy a warning says the object's Pods would violate; null when the warning is not about that policy.</summary>
    public string? ViolatedBy(LiveObject target, string warning) =>
        target.Namespace is { } ns && enforcedByNamespace.TryGetValue(ns, out var enforced)
        && WouldViolate().Match(warning) is { Success: true } match && match.Groups["policy"].Value == enforced
            ? enforced
            : null;

    [GeneratedRegex(@"^would violate PodSecurity ""(?<policy>[^""]+)"":")]
    private static partial Regex WouldViolate();
}
