using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Schema;

/// <summary>One row of the deprecation table (Pluto's <c>versions.yaml</c> format). An empty <see cref="Kind"/> covers every kind of the apiVersion.</summary>
public sealed record ApiDeprecation(
    string ApiVersion,
    string Kind,
    ReleaseVersion? DeprecatedIn,
    ReleaseVersion? RemovedIn,
    string? Replacement,
    ReleaseVersion? ReplacementAvailableIn,
    string Component)
{
    public bool IsKubernetes => Component == "k8s";

    public bool IsRemovedIn(ReleaseVersion target) => RemovedIn is { } removed && removed <= target;

    public bool IsDeprecatedIn(ReleaseVersion target) => DeprecatedIn is { } deprecated && deprecated <= target;

    public string ReplacementAdvice => Replacement is { Length: > 0 } r ? $"use {r} instead" : "it has no direct replacement";
}

/// <summary>Which apiVersions are deprecated or removed in which release, loaded from <c>deprecations/*.yaml</c>.</summary>
public sealed class DeprecationTable(IReadOnlyList<ApiDeprecation> entries)
{
    // Rows by apiVersion, in table order: every object is looked up, and a linear scan of the table per object showed.
    private readonly IReadOnlyDictionary<string, ApiDeprecation[]> _byApiVersion = entries
        .GroupBy(e => e.ApiVersion, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);

    public IReadOnlyList<ApiDeprecation> Entries { get; } = entries;

    public static DeprecationTable Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CannotValidateException($"cannot read the deprecation table {path}: {ex.Message}");
        }
        return Parse(text, path);
    }

    public static DeprecationTable Parse(string text, string source)
    {
        var read = YamlReader.Read(text);
        if (read.Problems.Count > 0) throw new CannotValidateException($"the deprecation table {source} is not valid YAML: {read.Problems[0].Message} at {read.Problems[0].At}");
        var entries = new List<ApiDeprecation>();
        foreach (var document in read.Documents)
        {
            if (document.Root is not YamlMapping root || root.Sequence("deprecated-versions") is not { } rows) continue;
            foreach (var row in rows.Items.OfType<YamlMapping>())
            {
                if (row.String("version") is not { Length: > 0 } apiVersion) continue;
                entries.Add(new ApiDeprecation(
                    apiVersion,
                    row.String("kind") ?? "",
                    ReleaseVersion.Parse(row.String("deprecated-in")),
                    ReleaseVersion.Parse(row.String("removed-in")),
                    row.String("replacement-api"),
                    ReleaseVersion.Parse(row.String("replacement-available-in")),
                    row.String("component") ?? "k8s"));
            }
        }
        if (entries.Count == 0) throw new CannotValidateException($"the deprecation table {source} lists no deprecated-versions");
        return new DeprecationTable(entries);
    }

    /// <summary>The row for this apiVersion and kind (an exact kind before a whole-apiVersion row), optionally of one component only.</summary>
    public ApiDeprecation? Find(string apiVersion, string kind, bool kubernetesOnly)
    {
        if (!_byApiVersion.TryGetValue(apiVersion, out var rows)) return null;
        ApiDeprecation? wildcard = null;
        foreach (var entry in rows)
        {
            if (kubernetesOnly && !entry.IsKubernetes) continue;
            if (entry.Kind == kind) return entry;
            if (entry.Kind.Length == 0) wildcard ??= entry;
        }
        return wildcard;
    }
}
