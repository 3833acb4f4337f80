using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy;

/// <summary>
/// The rules' parameters and which rules run (<see cref="Selection"/>: a profile and per-rule, per-path settings), read
/// from <c>policy/config.yaml</c>. Every field has a documented key; <see cref="Describe"/> renders a value for
/// <c>policies explain</c> and the README. A parameter is required when a rule that reads it runs.
/// </summary>
public sealed record PolicyConfiguration(
    IReadOnlyList<string> AllowedRegistries,
    IReadOnlyList<string> RequiredLabels,
    IReadOnlyList<string> UnlabelledKinds,
    IReadOnlyList<string> ProductionClusters,
    IReadOnlyList<string> ExemptNamespaces,
    string GpuResourceName,
    IReadOnlyDictionary<string, string> LlmSelector,
    PodSecurityLevel? PodSecurityFloor = null,
    IReadOnlyList<string>? CredentialEnvNames = null,
    IReadOnlyList<string>? CredentialLiteralClusters = null,
    RuleSelection? Selection = null)
{
    public const string FileName = "policy/config.yaml";
    public const string ProfileKey = "profile";
    public const string RulesKey = "rules";

    /// <summary>A repository without <c>policy/config.yaml</c>: the kubernetes profile, no parameters.</summary>
    public static readonly PolicyConfiguration KubernetesDefaults =
        new([], [], [], [], [], "", new Dictionary<string, string>(), Selection: new RuleSelection(RuleProfile.Kubernetes, []));

    public RuleSelection EffectiveSelection => Selection ?? new RuleSelection(RuleProfile.Organisation, []);

    public const string AllowedRegistriesKey = "allowedRegistries";
    public const string RequiredLabelsKey = "requiredLabels";
    public const string UnlabelledKindsKey = "unlabelledKinds";
    public const string ProductionClustersKey = "productionClusters";
    public const string ExemptNamespacesKey = "exemptNamespaces";
    public const string GpuResourceNameKey = "gpuResourceName";
    public const string LlmSelectorKey = "llmSelector";
    public const string PodSecurityFloorKey = "podSecurityFloor";
    public const string CredentialEnvNamesKey = "credentialEnvNames";
    public const string CredentialLiteralClustersKey = "credentialLiteralClusters";

    public static readonly IReadOnlyList<string> Keys =
    [
        AllowedRegistriesKey, RequiredLabelsKey, UnlabelledKindsKey, ProductionClustersKey, ExemptNamespacesKey, GpuResourceNameKey, LlmSelectorKey,
        PodSecurityFloorKey, CredentialEnvNamesKey, CredentialLiteralClustersKey,
    ];

    /// <summary>Pod Security level names as the <c>pod-security.kubernetes.io/*</c> labels spell them.</summary>
    public static readonly IReadOnlyDictionary<string, PodSecurityLevel> LevelNames = new Dictionary<string, PodSecurityLevel>(StringComparer.Ordinal)
    {
        ["privileged"] = PodSecurityLevel.Privileged,
        ["baseline"] = PodSecurityLevel.Baseline,
        ["restricted"] = PodSecurityLevel.Restricted,
    };

    public IReadOnlyList<string> CredentialNames => CredentialEnvNames ?? [];

    /// <summary>Whether an environment variable's name says it holds a credential: it ends with one of <see cref="CredentialNames"/> (case-insensitive), so DB_PASSWORD and PGPASSWORD are, PASSWORD_FILE and TOKEN_TTL are not.</summary>
    public bool IsCredentialName(string name) => CredentialNames.Any(word => name.EndsWith(word, StringComparison.OrdinalIgnoreCase));

    public bool ForbidsCredentialLiterals(string cluster) => (CredentialLiteralClusters ?? []).Contains(cluster, StringComparer.Ordinal);

    public bool IsProduction(string cluster) => ProductionClusters.Contains(cluster, StringComparer.Ordinal);

    public bool IsExempt(string @namespace) => ExemptNamespaces.Contains(@namespace, StringComparer.Ordinal);

    public bool NeedsLabels(string kind) => !UnlabelledKinds.Contains(kind, StringComparer.Ordinal);

    public string Describe(string key) => key switch
    {
        AllowedRegistriesKey => List(AllowedRegistries),
        RequiredLabelsKey => List(RequiredLabels),
        UnlabelledKindsKey => List(UnlabelledKinds),
        ProductionClustersKey => List(ProductionClusters),
        ExemptNamespacesKey => List(ExemptNamespaces),
        GpuResourceNameKey => GpuResourceName,
        LlmSelectorKey => "{" + string.Join(", ", LlmSelector.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {p.Value}")) + "}",
        PodSecurityFloorKey => PodSecurityFloor is { } floor ? LevelName(floor) : "(none: each namespace's enforce label)",
        CredentialEnvNamesKey => List(CredentialNames),
        CredentialLiteralClustersKey => List(CredentialLiteralClusters ?? []),
        _ => throw new ArgumentException($"unknown policy parameter {key}", nameof(key)),
    };

    public static string LevelName(PodSecurityLevel level) => level.ToString().ToLowerInvariant();

    private static string List(IReadOnlyList<string> values) => "[" + string.Join(", ", values) + "]";
}

public sealed record PolicyConfigurationResult(PolicyConfiguration Configuration, IReadOnlyList<Finding> Findings);

/// <summary>The settings <c>policy/config.yaml</c> holds besides parameters.</summary>
internal static class SettingKeys
{
    public static readonly IReadOnlyList<string> All = [PolicyConfiguration.ProfileKey, PolicyConfiguration.RulesKey];
}

/// <summary>Reads <c>policy/config.yaml</c>; anything malformed becomes a finding at its line, never an exception.</summary>
public static class PolicyConfigurationReader
{

    /// <summary>
    /// Reads the file against <paramref name="rules"/> (the discovered rules when null): setting entries must name one of
    /// them, and every parameter a running rule reads must be present.
    /// </summary>
    public static PolicyConfigurationResult Parse(string text, string file = PolicyConfiguration.FileName, IReadOnlyList<IPolicyRule>? rules = null)
    {
        rules ??= RuleDiscovery.Discover();
        var findings = new List<Finding>();
        var root = PolicyYaml.ReadSingleMapping(text, file, PolicyStageRules.InvalidConfiguration, findings);
        var fields = new PolicyYaml.Fields(file, PolicyStageRules.InvalidConfiguration, findings);
        if (root is not null)
        {
            foreach (var entry in root.Entries)
            {
                if (!PolicyConfiguration.Keys.Contains(entry.Key.Value, StringComparer.Ordinal) && !SettingKeys.All.Contains(entry.Key.Value, StringComparer.Ordinal))
                {
                    fields.Problem(entry.Key, $"unknown parameter \"{entry.Key.Value}\"; known are {string.Join(", ", SettingKeys.All.Concat(PolicyConfiguration.Keys))}");
                }
            }
        }
        bool Has(string key) => root?[key] is not null;
        var configuration = new PolicyConfiguration(
            fields.OptionalStringList(root, PolicyConfiguration.AllowedRegistriesKey),
            fields.OptionalStringList(root, PolicyConfiguration.RequiredLabelsKey),
            fields.OptionalStringList(root, PolicyConfiguration.UnlabelledKindsKey),
            fields.OptionalStringList(root, PolicyConfiguration.ProductionClustersKey),
            fields.OptionalStringList(root, PolicyConfiguration.ExemptNamespacesKey),
            Has(PolicyConfiguration.GpuResourceNameKey) ? fields.RequiredString(root, PolicyConfiguration.GpuResourceNameKey) ?? "" : "",
            Has(PolicyConfiguration.LlmSelectorKey) ? fields.RequiredStringMap(root, PolicyConfiguration.LlmSelectorKey) : new Dictionary<string, string>(),
            Has(PolicyConfiguration.PodSecurityFloorKey) ? Level(fields, root, fields.RequiredString(root, PolicyConfiguration.PodSecurityFloorKey)) : null,
            fields.OptionalStringList(root, PolicyConfiguration.CredentialEnvNamesKey),
            fields.OptionalStringList(root, PolicyConfiguration.CredentialLiteralClustersKey),
            root is null ? null : Selection(root, fields, rules));
        if (root is not null)
        {
            // Optional everywhere: an empty list is a meaningful value of these.
            var optional = new[] { PolicyConfiguration.UnlabelledKindsKey, PolicyConfiguration.ExemptNamespacesKey };
            var running = rules.Where(r => configuration.EffectiveSelection.Runs(r.Metadata)).ToList();
            foreach (var key in PolicyConfiguration.Keys.Where(k => !Has(k) && !optional.Contains(k)))
            {
                var readers = running.Where(r => r.Metadata.ParameterNames.Contains(key)).Select(r => r.Metadata.Id).ToList();
                if (readers.Count > 0)
                {
                    fields.Problem(root, $"\"{key}\" is missing: profile {RuleSelection.Name(configuration.EffectiveSelection.Profile)} runs {string.Join(", ", readers)}, which read{(readers.Count == 1 ? "s" : "")} it (set it, or switch the rule off under {PolicyConfiguration.RulesKey})");
                }
            }
        }
        return new PolicyConfigurationResult(configuration, findings);
    }

    private static RuleSelection Selection(YamlMapping root, PolicyYaml.Fields fields, IReadOnlyList<IPolicyRule> rules)
    {
        var profile = RuleProfile.Organisation;
        switch (root[PolicyConfiguration.ProfileKey])
        {
            case null:
                fields.Problem(root, $"\"{PolicyConfiguration.ProfileKey}\" is missing: {string.Join(" or ", RuleSelection.ProfileNames.Keys)}");
                break;
            case YamlScalar value when RuleSelection.ProfileNames.TryGetValue(value.Value, out var named):
                profile = named;
                break;
            case var other:
                fields.Problem(other, $"\"{PolicyConfiguration.ProfileKey}\" must be {string.Join(" or ", RuleSelection.ProfileNames.Keys)}, found {other.Describe()}");
                break;
        }
        var settings = new List<RuleSetting>();
        switch (root[PolicyConfiguration.RulesKey])
        {
            case null:
            case YamlScalar { IsNull: true }:
                break;
            case YamlSequence entries:
                var known = rules.Select(r => r.Metadata.Id).ToHashSet(StringComparer.Ordinal);
                foreach (var item in entries.Items)
                {
                    if (Setting(item, fields, known) is { } setting) settings.Add(setting);
                }
                break;
            case var other:
                fields.Problem(other, $"\"{PolicyConfiguration.RulesKey}\" must be a list of {{rule, severity, paths}} entries, found {other.Describe()}");
                break;
        }
        return new RuleSelection(profile, settings);
    }

    private static readonly string[] SettingFields = ["rule", "severity", "paths"];

    private static RuleSetting? Setting(YamlNode item, PolicyYaml.Fields fields, IReadOnlySet<string> known)
    {
        if (item is not YamlMapping entry)
        {
            fields.Problem(item, $"a {PolicyConfiguration.RulesKey} entry must be a mapping with rule, severity and optional paths, found {item.Describe()}");
            return null;
        }
        var problems = fields.Count;
        foreach (var key in entry.Entries.Where(e => !SettingFields.Contains(e.Key.Value, StringComparer.Ordinal)))
        {
            fields.Problem(key.Key, $"unknown field \"{key.Key.Value}\" in a {PolicyConfiguration.RulesKey} entry; known are {string.Join(", ", SettingFields)}");
        }
        var rule = fields.RequiredString(entry, "rule");
        if (rule is not null && !known.Contains(rule)) fields.Problem(entry["rule"]!, $"unknown rule \"{rule}\"; `policies list` shows the rules");
        // Read as written: YAML 1.1 readers would take a bare `off` for the boolean false.
        var severityText = entry["severity"] is YamlScalar { Value: "off" } ? "off" : fields.RequiredString(entry, "severity");
        Severity? severity = null;
        if (severityText is not null && !RuleSelection.SeverityNames.TryGetValue(severityText, out severity))
        {
            fields.Problem(entry["severity"]!, $"\"severity\" must be one of {string.Join(", ", RuleSelection.SeverityNames.Keys)}, found \"{severityText}\"");
        }
        var paths = fields.OptionalStringList(entry, "paths");
        if (fields.Count > problems || rule is null) return null;
        return new RuleSetting(rule, severity, paths, new SourceLocation(fields.File, entry.Start.Line, entry.Start.Column));
    }

    private static PodSecurityLevel? Level(PolicyYaml.Fields fields, YamlMapping? root, string? value)
    {
        if (value is null) return null;
        if (PolicyConfiguration.LevelNames.TryGetValue(value, out var level)) return level;
        fields.Problem(root![PolicyConfiguration.PodSecurityFloorKey]!, $"\"{PolicyConfiguration.PodSecurityFloorKey}\" must be one of {string.Join(", ", PolicyConfiguration.LevelNames.Keys)}, found \"{value}\"");
        return null;
    }
}
