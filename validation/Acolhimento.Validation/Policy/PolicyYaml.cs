using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy;

/// <summary>Shared reading of the hand-written policy files: each problem is an error finding at its file and line.</summary>
internal static class PolicyYaml
{
    public static YamlMapping? ReadSingleMapping(string text, string file, string rule, List<Finding> findings)
    {
        var result = YamlReader.Read(text);
        foreach (var problem in result.Problems)
        {
            findings.Add(Error(rule, $"{file} cannot be read: {problem.Message}", file, problem.At));
        }
        var roots = result.Documents.Where(d => d.Root is not null and not YamlScalar { IsNull: true }).ToList();
        if (roots.Count == 0)
        {
            if (result.Problems.Count == 0) findings.Add(Error(rule, $"{file} is empty", file, new Mark(1, 1)));
            return null;
        }
        if (roots.Count > 1) findings.Add(Error(rule, $"{file} must hold one YAML document, found {roots.Count}", file, roots[1].Start));
        if (roots[0].Root is YamlMapping mapping) return mapping;
        findings.Add(Error(rule, $"{file} must be a mapping, found {roots[0].Root!.Describe()}", file, roots[0].Root!.Start));
        return null;
    }

    public static Finding Error(string rule, string message, string file, Mark at) =>
        new(Stages.Policy, Severity.Error, rule, message, new SourceLocation(file, at.Line, at.Column));

    /// <summary>Typed field access that records a finding for each missing or mistyped value.</summary>
    public sealed class Fields(string file, string rule, List<Finding> findings)
    {
        public int Count => findings.Count;

        public string File => file;

        public void Problem(YamlNode at, string message) => findings.Add(Error(rule, message, file, at.Start));

        public IReadOnlyList<string> RequiredStringList(YamlMapping? owner, string key)
        {
            if (owner is null) return [];
            if (owner[key] is null)
            {
                Problem(owner, $"\"{key}\" is missing");
                return [];
            }
            return OptionalStringList(owner, key);
        }

        public IReadOnlyList<string> OptionalStringList(YamlMapping? owner, string key)
        {
            switch (owner?[key])
            {
                case null:
                case YamlScalar { IsNull: true }:
                    return [];
                case YamlSequence sequence:
                    var values = new List<string>();
                    foreach (var item in sequence.Items)
                    {
                        if (item is YamlScalar { Kind: ScalarKind.String } s && s.Value.Length > 0) values.Add(s.Value);
                        else Problem(item, $"\"{key}\" items must be non-empty strings, found {item.Describe()}");
                    }
                    return values;
                case var other:
                    Problem(other, $"\"{key}\" must be a list of strings, found {other.Describe()}");
                    return [];
            }
        }

        public string? RequiredString(YamlMapping? owner, string key)
        {
            if (owner is null) return null;
            switch (owner[key])
            {
                case null:
                    Problem(owner, $"\"{key}\" is missing");
                    return null;
                case YamlScalar { Kind: ScalarKind.String } s when s.Value.Trim().Length > 0:
                    return s.Value.Trim();
                case var other:
                    Problem(other, $"\"{key}\" must be a non-empty string, found {other.Describe()}");
                    return null;
            }
        }

        public IReadOnlyDictionary<string, string> RequiredStringMap(YamlMapping? owner, string key)
        {
            var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
            if (owner is null) return map;
            switch (owner[key])
            {
                case null:
                    Problem(owner, $"\"{key}\" is missing");
                    break;
                case YamlMapping mapping:
                    foreach (var entry in mapping.Entries)
                    {
                        if (entry.Value is YamlScalar { IsNull: false } v && v.Kind != ScalarKind.Null) map[entry.Key.Value] = v.Value;
                        else Problem(entry.Value, $"\"{key}.{entry.Key.Value}\" must be a string, found {entry.Value.Describe()}");
                    }
                    if (map.Count == 0) Problem(mapping, $"\"{key}\" must name at least one label");
                    break;
                case var other:
                    Problem(other, $"\"{key}\" must be a mapping of label to value, found {other.Describe()}");
                    break;
            }
            return map;
        }
    }
}
