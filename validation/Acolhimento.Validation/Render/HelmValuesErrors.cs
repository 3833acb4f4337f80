using System.Text.RegularExpressions;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

/// <summary>
/// Helm's values.schema.json errors ("- syncPolicy.automated: Invalid type ...") mapped to the values-file line that
/// set the offending value — the line a person edits — rather than to the chart.
/// </summary>
internal static partial class HelmValuesErrors
{
    private const string Marker = "values don't meet the specifications of the schema";

    [GeneratedRegex(@"^- (?<path>[^:\s][^:]*): (?<message>.+)$")]
    private static partial Regex ErrorLine();

    public sealed record ValuesError(string Message, SourceLocation Location);

    /// <param name="valuesDocuments">Values documents in the order Helm merges them (later ones win).</param>
    /// <param name="fallback">Where an error goes when no values file wrote the value (a required value that is missing).</param>
    public static IReadOnlyList<ValuesError> Map(string helmOutput, IReadOnlyList<SourceDocument> valuesDocuments, SourceLocation fallback)
    {
        if (!helmOutput.Contains(Marker, StringComparison.Ordinal)) return [];
        var errors = new List<ValuesError>();
        foreach (var line in helmOutput.ReplaceLineEndings("\n").Split('\n'))
        {
            var match = ErrorLine().Match(line.Trim());
            if (!match.Success) continue;
            var path = match.Groups["path"].Value.Trim();
            var message = $"{path}: {match.Groups["message"].Value.Trim()}";
            errors.Add(new ValuesError(message, Locate(path, valuesDocuments) ?? fallback));
        }
        return errors;
    }

    private static SourceLocation? Locate(string dottedPath, IReadOnlyList<SourceDocument> valuesDocuments)
    {
        if (dottedPath == "(root)") return null;
        var path = ObjectPath.Root;
        foreach (var part in dottedPath.Split('.'))
        {
            path = int.TryParse(part, out var index) ? path.Index(index) : path.Key(part);
        }
        for (var i = valuesDocuments.Count - 1; i >= 0; i--)
        {
            var document = valuesDocuments[i];
            var parent = document.Root.At(path.Parent) as YamlMapping;
            var key = path.Segments.LastOrDefault() as string;
            if (key is not null && parent?.KeyNode(key) is { } keyNode) return new SourceLocation(document.File, keyNode.Start.Line, keyNode.Start.Column);
            if (document.Root.At(path) is { } node) return new SourceLocation(document.File, node.Start.Line, node.Start.Column);
        }
        return null;
    }
}
