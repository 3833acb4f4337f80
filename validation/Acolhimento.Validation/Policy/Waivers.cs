using System.Globalization;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy;

/// <summary>Which findings a waiver covers; an absent field matches anything.</summary>
public sealed record WaiverSelector(string? Cluster, string? Namespace, string? Kind, string? Name)
{
    public bool Matches(Finding finding) =>
        (Cluster is null || Cluster == finding.Cluster)
        && (Namespace is null || Namespace == finding.Object?.Namespace)
        && (Kind is null || Kind == finding.Object?.Kind)
        && (Name is null || Name == finding.Object?.Name);

    public override string ToString()
    {
        var parts = new List<string>();
        if (Cluster is not null) parts.Add($"cluster={Cluster}");
        if (Namespace is not null) parts.Add($"namespace={Namespace}");
        if (Kind is not null) parts.Add($"kind={Kind}");
        if (Name is not null) parts.Add($"name={Name}");
        return parts.Count == 0 ? "any object" : string.Join(' ', parts);
    }
}

/// <summary>A dated, owned exception to one rule for the objects its selector picks.</summary>
public sealed record Waiver(string Id, string Rule, WaiverSelector Selector, string Reason, string Owner, DateOnly Expires, SourceLocation Location)
{
    /// <summary>A waiver is valid through its expiry date and expired from the day after.</summary>
    public bool IsExpired(DateOnly today) => today > Expires;

    public bool Covers(Finding finding) => finding.Rule == Rule && Selector.Matches(finding);
}

internal sealed record WaiverFileResult(IReadOnlyList<Waiver> Waivers, IReadOnlyList<Finding> Findings);

/// <summary>Reads <c>policy/exceptions.yaml</c>; a malformed entry becomes an error at its line and waives nothing.</summary>
internal static class WaiverFile
{
    public const string FileName = Discovery.HarnessFolders.PolicyWaivers;

    private static readonly string[] EntryKeys = ["id", "rule", "selector", "reason", "owner", "expires"];
    private static readonly string[] SelectorKeys = ["cluster", "namespace", "kind", "name"];

    public static WaiverFileResult Parse(string text, IReadOnlySet<string> knownRules, string file = FileName)
    {
        var findings = new List<Finding>();
        var root = PolicyYaml.ReadSingleMapping(text, file, PolicyStageRules.InvalidWaiver, findings);
        var fields = new PolicyYaml.Fields(file, PolicyStageRules.InvalidWaiver, findings);
        var waivers = new List<Waiver>();
        if (root is null) return new WaiverFileResult(waivers, findings);
        foreach (var entry in root.Entries.Where(e => e.Key.Value != "waivers"))
        {
            fields.Problem(entry.Key, $"unknown key \"{entry.Key.Value}\"; the file holds one list, \"waivers\"");
        }
        switch (root["waivers"])
        {
            case null:
                fields.Problem(root, "\"waivers\" is missing (write \"waivers: []\" when there are none)");
                break;
            case YamlScalar { IsNull: true }:
                break;
            case YamlSequence list:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var item in list.Items)
                {
                    if (item is not YamlMapping entry)
                    {
                        fields.Problem(item, $"a waiver must be a mapping with {string.Join(", ", EntryKeys)}, found {item.Describe()}");
                        continue;
                    }
                    var waiver = ReadEntry(entry, file, knownRules, fields);
                    if (waiver is null) continue;
                    if (!seen.Add(waiver.Id))
                    {
                        fields.Problem(entry["id"]!, $"waiver id \"{waiver.Id}\" is used twice; ids must be unique");
                        continue;
                    }
                    waivers.Add(waiver);
                }
                break;
            case var other:
                fields.Problem(other, $"\"waivers\" must be a list, found {other.Describe()}");
                break;
        }
        return new WaiverFileResult(waivers, findings);
    }

    private static Waiver? ReadEntry(YamlMapping entry, string file, IReadOnlySet<string> knownRules, PolicyYaml.Fields fields)
    {
        var before = fields.Count;
        foreach (var key in entry.Entries.Where(e => !EntryKeys.Contains(e.Key.Value, StringComparer.Ordinal)))
        {
            fields.Problem(key.Key, $"unknown waiver field \"{key.Key.Value}\"; fields are {string.Join(", ", EntryKeys)}");
        }
        var id = fields.RequiredString(entry, "id");
        var rule = fields.RequiredString(entry, "rule");
        if (rule is not null && !knownRules.Contains(rule))
        {
            fields.Problem(entry["rule"]!, $"waiver names unknown rule \"{rule}\"; see `policies list`");
        }
        var reason = fields.RequiredString(entry, "reason");
        var owner = fields.RequiredString(entry, "owner");
        var expires = ReadDate(entry, fields);
        var selector = ReadSelector(entry, fields);
        if (fields.Count > before || id is null || rule is null || reason is null || owner is null || expires is null || selector is null) return null;
        return new Waiver(id, rule, selector, reason, owner, expires.Value, new SourceLocation(file, entry.Start.Line, entry.Start.Column));
    }

    private static DateOnly? ReadDate(YamlMapping entry, PolicyYaml.Fields fields)
    {
        switch (entry["expires"])
        {
            case null:
                fields.Problem(entry, "\"expires\" is missing: every waiver needs an expiry date (YYYY-MM-DD)");
                return null;
            case YamlScalar s when DateOnly.TryParseExact(s.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date):
                return date;
            case var other:
                fields.Problem(other, $"\"expires\" must be a date written YYYY-MM-DD, found \"{(other as YamlScalar)?.Value ?? other.Describe()}\"");
                return null;
        }
    }

    private static WaiverSelector? ReadSelector(YamlMapping entry, PolicyYaml.Fields fields)
    {
        switch (entry["selector"])
        {
            case null:
                fields.Problem(entry, "\"selector\" is missing: name at least the cluster, namespace, kind or name the waiver covers");
                return null;
            case YamlMapping selector:
                foreach (var key in selector.Entries.Where(e => !SelectorKeys.Contains(e.Key.Value, StringComparer.Ordinal)))
                {
                    fields.Problem(key.Key, $"unknown selector field \"{key.Key.Value}\"; fields are {string.Join(", ", SelectorKeys)}");
                }
                string? Field(string key)
                {
                    if (selector[key] is null) return null;
                    return fields.RequiredString(selector, key);
                }
                var result = new WaiverSelector(Field("cluster"), Field("namespace"), Field("kind"), Field("name"));
                if (result is { Cluster: null, Namespace: null, Kind: null, Name: null })
                {
                    fields.Problem(selector, "the selector is empty: a waiver must say which objects it covers");
                    return null;
                }
                return result;
            case var other:
                fields.Problem(other, $"\"selector\" must be a mapping with {string.Join(", ", SelectorKeys)}, found {other.Describe()}");
                return null;
        }
    }
}
