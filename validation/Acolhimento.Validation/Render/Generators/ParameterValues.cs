using System.Globalization;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render.Generators;

/// <summary>
/// One parameter set a generator yields: nested values (string, long, double, bool, null, lists, maps) as Go templates
/// see them, and where it came from (for findings).
/// </summary>
/// <param name="At">Where in the ApplicationSet the set is written (a list element), when it is: a parameter it lacks is reported there.</param>
internal sealed record ParameterSet(IReadOnlyDictionary<string, object?> Values, string Origin, Yaml.ObjectPath? At = null)
{
    /// <summary>Flat keys as fasttemplate mode sees them (<c>path.basename</c>, <c>metadata.labels.env</c>, <c>list.0</c>).</summary>
    public IReadOnlyDictionary<string, string> Flat()
    {
        var flat = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string prefix, object? value)
        {
            switch (value)
            {
                case IReadOnlyDictionary<string, object?> map:
                    foreach (var (k, v) in map) Add(prefix.Length == 0 ? k : prefix + "." + k, v);
                    break;
                case IReadOnlyList<object?> list:
                    for (var i = 0; i < list.Count; i++) Add(prefix + "." + i, list[i]);
                    break;
                default:
                    flat[prefix] = value is null ? "" : TemplateValues.Print(value);
                    break;
            }
        }
        foreach (var (k, v) in Values) Add(k, v);
        return flat;
    }

    /// <summary>This set with <paramref name="other"/>'s values added (its values win on a clash).</summary>
    public ParameterSet With(ParameterSet other, string origin) =>
        new(Values.Concat(other.Values).GroupBy(p => p.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal), origin, At ?? other.At);
}

/// <summary>Conversions between YAML nodes and parameter values.</summary>
internal static class ParameterValues
{
    public static object? FromNode(YamlNode? node) => node switch
    {
        null => null,
        YamlMapping m => m.Entries.GroupBy(e => e.Key.Value, StringComparer.Ordinal).ToDictionary(g => g.Key, g => FromNode(g.Last().Value), StringComparer.Ordinal) as IReadOnlyDictionary<string, object?>,
        YamlSequence s => s.Items.Select(FromNode).ToList() as IReadOnlyList<object?>,
        YamlScalar v => v.Kind switch
        {
            ScalarKind.Null => null,
            ScalarKind.Bool => v.Value is "true" or "True" or "TRUE",
            ScalarKind.Int when long.TryParse(v.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => l,
            ScalarKind.Float when double.TryParse(v.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            _ => v.Value,
        },
        _ => null,
    };

    public static object? FromYaml(string text)
    {
        var read = YamlReader.Read(text);
        if (read.Problems.Count > 0) throw new TemplateException($"not valid YAML: {read.Problems[0].Message}");
        return read.Documents.Count == 0 ? null : FromNode(read.Documents[0].Root);
    }

    public static object? FromJson(string text) => FromYaml(text); // JSON is YAML

    public static string ToYaml(object? value) => YamlWriter.Write(ToNode(value)).TrimEnd('\n');

    public static YamlNode ToNode(object? value) => value switch
    {
        null => new YamlScalar(default, "null", ScalarStyle.Plain),
        string s => YamlNodes.Scalar(s),
        IReadOnlyDictionary<string, object?> map => YamlMapping.Build(default,
            map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new KeyValuePair<YamlScalar, YamlNode>(new YamlScalar(default, p.Key, ScalarStyle.Plain), ToNode(p.Value)))),
        IReadOnlyList<object?> list => YamlNodes.Sequence(list.Select(ToNode)),
        _ => new YamlScalar(default, TemplateValues.Print(value), ScalarStyle.Plain),
    };
}
