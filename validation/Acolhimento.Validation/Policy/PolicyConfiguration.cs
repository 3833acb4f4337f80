using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy;

/// <summary>
/// The values of the rules' parameters and which rules run (<see cref="Selection"/>: a profile and per-rule, per-path
/// settings), read from <c>policy/config.yaml</c>. Each parameter is declared where it is read (<see cref="PolicyParameter"/>:
/// in its rule's class, or in <see cref="SharedParameters"/> when the stage reads it too); a value absent from the file is
/// the parameter's default. A parameter is required when a rule that reads it runs.
/// </summary>
public sealed record PolicyConfiguration(IReadOnlyDictionary<string, object?> Values, RuleSelection? Selection = null)
{
    public const string FileName = Discovery.HarnessFolders.PolicySettings;
    public const string ProfileKey = "profile";
    public const string RulesKey = "rules";

    /// <summary>A repository without <c>policy/config.yaml</c>: the kubernetes profile, every parameter at its default.</summary>
    public static readonly PolicyConfiguration KubernetesDefaults =
        new(new Dictionary<string, object?>(StringComparer.Ordinal), new RuleSelection(RuleProfile.Kubernetes, []));

    public RuleSelection EffectiveSelection => Selection ?? new RuleSelection(RuleProfile.Organisation, []);

    /// <summary>The parameter's value: as written in the file, else its default.</summary>
    public T Get<T>(PolicyParameter<T> parameter) => Values.TryGetValue(parameter.Name, out var value) && value is T typed ? typed : parameter.Default;

    /// <summary>This configuration with one parameter set (fixtures that run under another profile).</summary>
    public PolicyConfiguration With<T>(PolicyParameter<T> parameter, T value) =>
        this with { Values = new Dictionary<string, object?>(Values, StringComparer.Ordinal) { [parameter.Name] = value } };

    /// <summary>The parameter's value as <c>policies explain</c> and the README show it.</summary>
    public string Describe(PolicyParameter parameter) => parameter.Describe(Values.GetValueOrDefault(parameter.Name));

    /// <summary>Pod Security level names as the <c>pod-security.kubernetes.io/*</c> labels spell them.</summary>
    public static readonly IReadOnlyDictionary<string, PodSecurityLevel> LevelNames = new Dictionary<string, PodSecurityLevel>(StringComparer.Ordinal)
    {
        ["privileged"] = PodSecurityLevel.Privileged,
        ["baseline"] = PodSecurityLevel.Baseline,
        ["restricted"] = PodSecurityLevel.Restricted,
    };

    public static string LevelName(PodSecurityLevel level) => level.ToString().ToLowerInvariant();

    public bool IsProduction(string cluster) => Get(SharedParameters.ProductionClusters).Contains(cluster, StringComparer.Ordinal);

    public bool IsExempt(string @namespace) => Get(SharedParameters.ExemptNamespaces).Contains(@namespace, StringComparer.Ordinal);

    public PodSecurityLevel? PodSecurityFloor => Get(SharedParameters.PodSecurityFloor);
}

internal sealed record PolicyConfigurationResult(PolicyConfiguration Configuration, IReadOnlyList<Finding> Findings);

/// <summary>The settings <c>policy/config.yaml</c> holds besides parameters.</summary>
internal static class SettingKeys
{
    public static readonly IReadOnlyList<string> All = [PolicyConfiguration.ProfileKey, PolicyConfiguration.RulesKey];
}

/// <summary>Reads <c>policy/config.yaml</c>; anything malformed becomes a finding at its line, never an exception.</summary>
internal static class PolicyConfigurationReader
{
    /// <summary>
    /// Reads the file against <paramref name="rules"/> (the discovered rules when null): keys must be a setting or a
    /// parameter one of them declares, setting entries must name one of them, and every parameter a running rule reads
    /// must be present unless it is optional.
    /// </summary>
    public static PolicyConfigurationResult Parse(string text, string file = PolicyConfiguration.FileName, IReadOnlyList<IPolicyRule>? rules = null)
    {
        rules ??= RuleDiscovery.Discover();
        var declared = SharedParameters.Declared(rules);
        var findings = new List<Finding>();
        var root = PolicyYaml.ReadSingleMapping(text, file, PolicyStageRules.InvalidConfiguration, findings);
        var fields = new PolicyYaml.Fields(file, PolicyStageRules.InvalidConfiguration, findings);
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (root is null) return new PolicyConfigurationResult(new PolicyConfiguration(values), findings);
        var known = SettingKeys.All.Concat(declared.Select(p => p.Name)).ToList();
        foreach (var entry in root.Entries.Where(e => !known.Contains(e.Key.Value, StringComparer.Ordinal)))
        {
            fields.Problem(entry.Key, $"unknown parameter \"{entry.Key.Value}\"; known are {string.Join(", ", known)}");
        }
        foreach (var parameter in declared.Where(p => root[p.Name] is not null)) values[parameter.Name] = parameter.Read(fields, root);
        var configuration = new PolicyConfiguration(values, Selection(root, fields, rules));
        var running = rules.Where(r => configuration.EffectiveSelection.Runs(r.Metadata)).ToList();
        foreach (var parameter in declared.Where(p => root[p.Name] is null && !p.Optional))
        {
            var readers = running.Where(r => r.Metadata.ParameterList.Contains(parameter)).Select(r => r.Metadata.Id).ToList();
            if (readers.Count > 0)
            {
                fields.Problem(root, $"\"{parameter.Name}\" is missing: profile {RuleSelection.Name(configuration.EffectiveSelection.Profile)} runs {string.Join(", ", readers)}, which read{(readers.Count == 1 ? "s" : "")} it (set it, or switch the rule off under {PolicyConfiguration.RulesKey})");
            }
        }
        return new PolicyConfigurationResult(configuration, findings);
    }

    /// <summary>
    /// Only the profile of a configuration text (null: no file, the kubernetes profile), with no rule discovered: what the
    /// render and schema stages need to know of the policy (severities of unpinned sources and of kinds without a schema).
    /// The same decision <see cref="Parse"/> makes; a file it cannot read runs the organisation profile, as there.
    /// </summary>
    public static RuleProfile ProfileOf(string? text)
    {
        if (text is null) return PolicyConfiguration.KubernetesDefaults.EffectiveSelection.Profile;
        var ignored = new List<Finding>();
        var root = PolicyYaml.ReadSingleMapping(text, PolicyConfiguration.FileName, PolicyStageRules.InvalidConfiguration, ignored);
        return root is null ? new PolicyConfiguration(new Dictionary<string, object?>()).EffectiveSelection.Profile
            : Profile(root, new PolicyYaml.Fields(PolicyConfiguration.FileName, PolicyStageRules.InvalidConfiguration, ignored));
    }

    private static RuleProfile Profile(YamlMapping root, PolicyYaml.Fields fields)
    {
        switch (root[PolicyConfiguration.ProfileKey])
        {
            case null:
                fields.Problem(root, $"\"{PolicyConfiguration.ProfileKey}\" is missing: {string.Join(" or ", RuleSelection.ProfileNames.Keys)}");
                return RuleProfile.Organisation;
            case YamlScalar value when RuleSelection.ProfileNames.TryGetValue(value.Value, out var named):
                return named;
            case var other:
                fields.Problem(other, $"\"{PolicyConfiguration.ProfileKey}\" must be {string.Join(" or ", RuleSelection.ProfileNames.Keys)}, found {other.Describe()}");
                return RuleProfile.Organisation;
        }
    }

    private static RuleSelection Selection(YamlMapping root, PolicyYaml.Fields fields, IReadOnlyList<IPolicyRule> rules)
    {
        var profile = Profile(root, fields);
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
}
