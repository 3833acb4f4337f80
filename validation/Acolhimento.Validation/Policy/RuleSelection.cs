using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Render;

namespace Acolhimento.Validation.Policy;

/// <summary>
/// Sets of rules a repository starts from. <see cref="Kubernetes"/>: what is wrong on any cluster (references between
/// objects, Pod Security at the level each namespace declares, NetworkPolicies that cannot work); <see cref="Organisation"/>:
/// those plus this organisation's practices and parameters (images, labels, resources, the Pod Security floor…).
/// </summary>
public enum RuleProfile
{
    Kubernetes,
    Organisation,
}

/// <summary>
/// One entry of <c>rules:</c> in <c>policy/config.yaml</c>: a rule's severity (null = off) for findings located in
/// files matching <see cref="Paths"/> (every file when empty). Entries apply in order; the last that matches wins.
/// </summary>
public sealed record RuleSetting(string Rule, Severity? Severity, IReadOnlyList<string> Paths, SourceLocation At);

/// <summary>Which rules run and at which severity: the profile's rules at their own severity, changed by the settings in order.</summary>
public sealed record RuleSelection(RuleProfile Profile, IReadOnlyList<RuleSetting> Settings)
{
    public static readonly IReadOnlyDictionary<string, RuleProfile> ProfileNames = new Dictionary<string, RuleProfile>(StringComparer.Ordinal)
    {
        ["kubernetes"] = RuleProfile.Kubernetes,
        ["organisation"] = RuleProfile.Organisation,
    };

    /// <summary>Severity names a setting may use; <c>off</c> disables.</summary>
    public static readonly IReadOnlyDictionary<string, Severity?> SeverityNames = new Dictionary<string, Severity?>(StringComparer.Ordinal)
    {
        ["error"] = Severity.Error,
        ["warning"] = Severity.Warning,
        ["info"] = Severity.Info,
        ["off"] = null,
    };

    public static string Name(RuleProfile profile) => ProfileNames.First(p => p.Value == profile).Key;

    /// <summary>
    /// Severity of <c>schema/kind-without-schema</c>. Organisation: an error — this organisation pins the CRD of every
    /// kind it deploys, so a kind without one is an object that would reach a cluster unchecked. Kubernetes: a warning —
    /// on any repository the CRDs of operators (Argo Rollouts, KEDA…) are usually installed from outside it, which is not
    /// a defect; the warning still names every such kind once and says how to provide its schema.
    /// </summary>
    public Severity KindWithoutSchemaSeverity => Profile == RuleProfile.Kubernetes ? Severity.Warning : Severity.Error;

    /// <summary>
    /// Severity of <c>render/unpinned-external-source</c>. Organisation: an error — this organisation deploys only pinned
    /// upstream versions. Kubernetes: a warning — Argo CD accepts a source tracking a branch or HEAD, which is no defect
    /// on any repository, though what it deploys changes without a commit here.
    /// </summary>
    public Severity UnpinnedExternalSourceSeverity => Profile == RuleProfile.Kubernetes ? Severity.Warning : Severity.Error;

    public bool InProfile(RuleMetadata rule) => Profile == RuleProfile.Organisation || rule.Profile == RuleProfile.Kubernetes;

    /// <summary>Whether the rule can report anything: in the profile and not switched off everywhere, or switched on somewhere.</summary>
    public bool Runs(RuleMetadata rule) =>
        Settings.Any(s => s.Rule == rule.Id && s.Severity is not null)
        || (InProfile(rule) && !Settings.Any(s => s.Rule == rule.Id && s.Paths.Count == 0));

    /// <summary>The severity of the rule's findings located in <paramref name="file"/> (null = not reported).</summary>
    public Severity? SeverityFor(RuleMetadata rule, string? file)
    {
        Severity? severity = InProfile(rule) ? rule.Severity : null;
        foreach (var setting in Settings)
        {
            if (setting.Rule != rule.Id) continue;
            if (setting.Paths.Count == 0 || (file is not null && setting.Paths.Any(p => PathMatches(p, file)))) severity = setting.Severity;
        }
        return severity;
    }

    /// <summary>The rule's findings at the severity their files get; findings of files where the rule is off are dropped.</summary>
    public IEnumerable<Finding> Apply(RuleMetadata rule, IEnumerable<Finding> findings)
    {
        var uniform = !Settings.Any(s => s.Rule == rule.Id && s.Paths.Count > 0);
        var fixedSeverity = uniform ? SeverityFor(rule, null) : null;
        foreach (var finding in findings)
        {
            // A finding without a file (a rule failure, a whole-cluster statement) keeps the rule's overall severity.
            var severity = uniform ? fixedSeverity : SeverityFor(rule, finding.Location?.File);
            if (finding.Rule != rule.Id) yield return finding;
            else if (severity is { } s) yield return s == finding.Severity ? finding : finding with { Severity = s };
        }
    }

    /// <summary>
    /// A repository path pattern: <c>*</c> within a folder, <c>**</c> across folders, <c>?</c> one character; a pattern
    /// ending in <c>/</c> covers everything under that folder; a pattern without <c>/</c> also matches the file name alone.
    /// </summary>
    public static bool PathMatches(string pattern, string file) =>
        Glob.Matches(pattern.EndsWith('/') ? pattern + "**" : pattern, file);
}
