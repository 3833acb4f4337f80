using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy;

/// <summary>
/// The rules' parameters, read from <c>policy/config.yaml</c>. Every field has a documented key; <see cref="Describe"/>
/// renders a value for <c>policies explain</c> and the README.
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
    IReadOnlyList<string>? CredentialLiteralClusters = null)
{
    public const string FileName = "policy/config.yaml";

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

/// <summary>Reads <c>policy/config.yaml</c>; anything malformed becomes a finding at its line, never an exception.</summary>
public static class PolicyConfigurationReader
{
    public const string InvalidConfiguration = "policy/invalid-config";

    public static PolicyConfigurationResult Parse(string text, string file = PolicyConfiguration.FileName)
    {
        var findings = new List<Finding>();
        var root = PolicyYaml.ReadSingleMapping(text, file, InvalidConfiguration, findings);
        var fields = new PolicyYaml.Fields(file, InvalidConfiguration, findings);
        if (root is not null)
        {
            foreach (var entry in root.Entries)
            {
                if (!PolicyConfiguration.Keys.Contains(entry.Key.Value, StringComparer.Ordinal))
                {
                    fields.Problem(entry.Key, $"unknown parameter \"{entry.Key.Value}\"; known parameters are {string.Join(", ", PolicyConfiguration.Keys)}");
                }
            }
        }
        var configuration = new PolicyConfiguration(
            fields.RequiredStringList(root, PolicyConfiguration.AllowedRegistriesKey),
            fields.RequiredStringList(root, PolicyConfiguration.RequiredLabelsKey),
            fields.OptionalStringList(root, PolicyConfiguration.UnlabelledKindsKey),
            fields.RequiredStringList(root, PolicyConfiguration.ProductionClustersKey),
            fields.OptionalStringList(root, PolicyConfiguration.ExemptNamespacesKey),
            fields.RequiredString(root, PolicyConfiguration.GpuResourceNameKey) ?? "",
            fields.RequiredStringMap(root, PolicyConfiguration.LlmSelectorKey),
            Level(fields, root, fields.RequiredString(root, PolicyConfiguration.PodSecurityFloorKey)),
            fields.RequiredStringList(root, PolicyConfiguration.CredentialEnvNamesKey),
            fields.RequiredStringList(root, PolicyConfiguration.CredentialLiteralClustersKey));
        return new PolicyConfigurationResult(configuration, findings);
    }

    private static PodSecurityLevel? Level(PolicyYaml.Fields fields, YamlMapping? root, string? value)
    {
        if (value is null) return null;
        if (PolicyConfiguration.LevelNames.TryGetValue(value, out var level)) return level;
        fields.Problem(root![PolicyConfiguration.PodSecurityFloorKey]!, $"\"{PolicyConfiguration.PodSecurityFloorKey}\" must be one of {string.Join(", ", PolicyConfiguration.LevelNames.Keys)}, found \"{value}\"");
        return null;
    }
}
