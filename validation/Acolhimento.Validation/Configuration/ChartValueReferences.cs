using System.Text.RegularExpressions;
using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Configuration;

/// <summary>A field of an Application an app-of-apps chart writes, with the value its chart's values.yaml gives it.</summary>
internal sealed record ChartValue(string Chart, string Field, string Value);

/// <summary>
/// What <c>init</c> reads of an app-of-apps chart whose Applications take their repository URL or destination from Helm
/// values (<c>repoURL: {{ .Values.spec.source.repoURL }}</c>, as argocd-example-apps writes them): the chart's own
/// values.yaml value of each such reference. Only a plain <c>.Values</c> path is read; anything computed is left alone.
/// </summary>
internal static partial class ChartValueReferences
{
    /// <summary>Fields whose values say which repository and which cluster an Application uses.</summary>
    public static readonly IReadOnlyList<string> Fields = ["repoURL", "server"];

    [GeneratedRegex(@"^\s*(?:-\s+)?(repoURL|server):\s*[""']?\{\{-?\s*\.Values\.([A-Za-z0-9_.]+)\s*-?\}\}[""']?\s*(?:#.*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex ValueReference();

    /// <summary>Each field the templates of <paramref name="charts"/> fill from a values path, with the chart's default value for it.</summary>
    public static IReadOnlyList<ChartValue> Read(ParsedRepository repository, IEnumerable<string> charts)
    {
        var found = new List<ChartValue>();
        foreach (var chart in charts)
        {
            var values = repository.Files.FirstOrDefault(f => f.Path == RepositoryPaths.Combine(chart, "values.yaml"))?.Mappings.FirstOrDefault();
            var templates = Path.Combine(repository.Root, chart, "templates");
            if (values is null || !Directory.Exists(templates)) continue;
            foreach (var template in Directory.EnumerateFiles(templates, "*", SearchOption.AllDirectories).Where(f => new FileInfo(f).Length < 1024 * 1024).Order(StringComparer.Ordinal))
            {
                foreach (var line in File.ReadLines(template))
                {
                    if (ValueReference().Match(line) is not { Success: true } m) continue;
                    if (At(values, m.Groups[2].Value) is { Length: > 0 } value) found.Add(new ChartValue(chart, m.Groups[1].Value, value));
                }
            }
        }
        return found.Distinct().ToList();
    }

    private static string? At(YamlMapping values, string path)
    {
        YamlNode? node = values;
        foreach (var key in path.Split('.'))
        {
            node = (node as YamlMapping)?[key];
            if (node is null) return null;
        }
        return node is YamlScalar { IsNull: false } scalar ? scalar.Value : null;
    }
}
