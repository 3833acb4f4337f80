using System.Text.RegularExpressions;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Live;

/// <summary>Pod Security levels, least strict first (admission's <c>CompareLevels</c> order).</summary>
internal enum PodSecurityLevel
{
    Privileged,
    Baseline,
    Restricted,
}

/// <summary>A level at a policy version, written as admission writes it in its messages: <c>restricted:latest</c>, <c>baseline:v1.35</c>.</summary>
internal sealed record PodSecurityPolicy(PodSecurityLevel Level, string Version)
{
    public static readonly PodSecurityPolicy Privileged = new(PodSecurityLevel.Privileged, "latest");

    public override string ToString() => $"{Level.ToString().ToLowerInvariant()}:{Version}";
}

/// <summary>What admission evaluates in one namespace: the policy each mode applies (audit only writes audit annotations, nothing a client sees).</summary>
internal sealed record NamespacePodSecurity(PodSecurityPolicy Enforce, PodSecurityPolicy Warn, PodSecurityPolicy Audit)
{
    public static readonly NamespacePodSecurity Default = new(PodSecurityPolicy.Privileged, PodSecurityPolicy.Privileged, PodSecurityPolicy.Privileged);
}

/// <summary>
/// The Pod Security policy of each namespace, resolved from its labels as admission resolves them
/// (pod-security-admission <c>api.PolicyToEvaluate</c>, over the default configuration: every mode <c>privileged:latest</c>).
/// Admission checks a workload (Deployment, Job, …) only against the namespace's <c>warn</c> and <c>audit</c> policies and
/// accepts it; the <c>enforce</c> policy is applied to the Pods its controller creates later. So a "would violate" warning
/// for the very policy the namespace enforces means those Pods will be rejected: the object is accepted, the workload never runs.
/// </summary>
internal sealed partial class PodSecurityEnforcement(IReadOnlyDictionary<string, NamespacePodSecurity> byNamespace)
{
    public const string Prefix = "pod-security.kubernetes.io/";
    public const string EnforceLabel = Prefix + "enforce";
    public const string WarnLabel = Prefix + "warn";
    public const string AuditLabel = Prefix + "audit";

    public static readonly PodSecurityEnforcement None = new(new Dictionary<string, NamespacePodSecurity>(StringComparer.Ordinal));

    /// <summary>From the Namespace objects a cluster applies.</summary>
    public static PodSecurityEnforcement Of(IEnumerable<LiveObject> namespaces) => new(namespaces
        .Where(o => o is { Group: "", Kind: "Namespace" })
        .GroupBy(o => o.Name, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => Resolve(g.Last().Body.Mapping("metadata")?.Mapping("labels")), StringComparer.Ordinal));

    /// <summary>
    /// A namespace's labels as admission reads them. A label that does not parse falls back as admission's does: an enforce
    /// level to <c>restricted</c> (fail closed), a warn or audit level to <c>privileged</c> (fail open), a version to
    /// <c>latest</c>. Since Kubernetes 1.26 a valid <c>enforce</c> level stricter than the warn level, with no <c>warn</c>
    /// label, is also the warn level (at the enforce version, unless <c>warn-version</c> is set).
    /// </summary>
    public static NamespacePodSecurity Resolve(YamlMapping? labels)
    {
        var policy = NamespacePodSecurity.Default;
        if (labels is null || labels.Entries.Count == 0) return policy;
        string? Label(string name) => labels.String(name);

        var enforceLevel = Label(EnforceLabel) is { } enforce ? ParseLevel(enforce) : null;
        var enforceVersion = Label(EnforceLabel + "-version") is { } ev ? ParseVersion(ev) : policy.Enforce.Version;
        var warnLabel = Label(WarnLabel);
        var warnVersionLabel = Label(WarnLabel + "-version");
        var auditLevel = Label(AuditLabel) is { } audit ? ParseLevel(audit) ?? PodSecurityLevel.Privileged : policy.Audit.Level;
        var auditVersion = Label(AuditLabel + "-version") is { } av ? ParseVersion(av) : policy.Audit.Version;

        var enforcePolicy = new PodSecurityPolicy(Label(EnforceLabel) is null ? policy.Enforce.Level : enforceLevel ?? PodSecurityLevel.Restricted, enforceVersion);
        var warnPolicy = new PodSecurityPolicy(
            warnLabel is null ? policy.Warn.Level : ParseLevel(warnLabel) ?? PodSecurityLevel.Privileged,
            warnVersionLabel is null ? policy.Warn.Version : ParseVersion(warnVersionLabel));
        if (warnLabel is null && enforceLevel is { } valid && valid > warnPolicy.Level)
        {
            warnPolicy = new PodSecurityPolicy(valid, warnVersionLabel is null ? enforcePolicy.Version : warnPolicy.Version);
        }
        return new NamespacePodSecurity(enforcePolicy, warnPolicy, new PodSecurityPolicy(auditLevel, auditVersion));
    }

    /// <summary>The policy admission applies in a namespace (the default when the cluster does not define it).</summary>
    public NamespacePodSecurity Of(string? @namespace) =>
        @namespace is not null && byNamespace.TryGetValue(@namespace, out var policy) ? policy : NamespacePodSecurity.Default;

    /// <summary>
    /// The enforced policy of a namespace whose workloads the API server does not already judge by it: admission warns about
    /// a workload's pod template only at the <c>warn</c> policy, so when that is not the enforced one, nothing on the
    /// workload says its Pods will be refused — a Pod built from the template must be sent to find out (see
    /// <see cref="PodTemplateDryRun"/>). Null when the namespace enforces nothing, or warns at exactly what it enforces
    /// (then <see cref="ViolatedBy"/> turns the warning into the rejection, and a second verdict would be the same error twice).
    /// </summary>
    public string? UnwarnedEnforcement(string? @namespace) =>
        Of(@namespace) is { Enforce.Level: not PodSecurityLevel.Privileged } policy && policy.Warn != policy.Enforce ? policy.Enforce.ToString() : null;

    /// <summary>The enforced policy a warning says the object's Pods would violate; null when the warning is not about that policy.</summary>
    public string? ViolatedBy(LiveObject target, string warning) =>
        target.Namespace is not null && Of(target.Namespace) is { Enforce.Level: not PodSecurityLevel.Privileged } policy
        && WouldViolate().Match(warning) is { Success: true } match && match.Groups["policy"].Value == policy.Enforce.ToString()
            ? policy.Enforce.ToString()
            : null;

    private static PodSecurityLevel? ParseLevel(string level) => level switch
    {
        "privileged" => PodSecurityLevel.Privileged,
        "baseline" => PodSecurityLevel.Baseline,
        "restricted" => PodSecurityLevel.Restricted,
        _ => null,
    };

    /// <summary><c>latest</c> or <c>v1.N</c> (no leading zero), else <c>latest</c> as admission falls back.</summary>
    private static string ParseVersion(string version) => version == "latest" || VersionPattern().IsMatch(version) ? version : "latest";

    [GeneratedRegex(@"^v1\.(?:[0-9]|[1-9][0-9]*)$")]
    private static partial Regex VersionPattern();

    [GeneratedRegex(@"^would violate PodSecurity ""(?<policy>[^""]+)"":")]
    private static partial Regex WouldViolate();
}
