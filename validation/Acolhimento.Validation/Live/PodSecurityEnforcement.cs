using System.Text.RegularExpressions;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Live;

/// <summary>
/// The Pod Security policy each namespace enforces (<c>level:version</c>, as admission writes it in its messages). Admission
/// checks a workload (Deployment, Job, …) only against the namespace's <c>warn</c> and <c>audit</c> levels and accepts it; the
/// <c>enforce</c> level is applied to the Pods its controller creates later. So a "would violate" warning for the very policy
/// the namespace enforces means those Pods will be rejected: the object is accepted, the workload never runs.
/// </summary>
public sealed partial class PodSecurityEnforcement(IReadOnlyDictionary<string, string> enforcedByNamespace)
{
    public const string EnforceLabel = "pod-security.kubernetes.io/enforce";
    public const string EnforceVersionLabel = "pod-security.kubernetes.io/enforce-version";

    public static readonly PodSecurityEnforcement None = new(new Dictionary<string, string>(StringComparer.Ordinal));

    /// <summary>From the Namespace objects a cluster applies; a namespace without an enforce label enforces nothing worth naming.</summary>
    public static PodSecurityEnforcement Of(IEnumerable<LiveObject> namespaces)
    {
        var enforced = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var ns in namespaces.Where(o => o is { Group: "", Kind: "Namespace" }))
        {
            var labels = ns.Body.Mapping("metadata")?.Mapping("labels");
            if (labels?.String(EnforceLabel) is not { Length: > 0 } level) continue;
            var version = labels.String(EnforceVersionLabel) is { Length: > 0 } pinned ? pinned : "latest";
            enforced[ns.Name] = $"{level}:{version}";
        }
        return new PodSecurityEnforcement(enforced);
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
