using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

/// <summary>
/// Maps <c>helm template</c> output back to the chart: each document to its template file (Helm's <c># Source:</c> comments)
/// at the line that declares its kind, and scalar values to the values file line that set them where that line is unique.
/// </summary>
internal static class HelmProvenance
{
    private const string SourcePrefix = "# Source: ";

    /// <summary>The output lines (1-based, ascending) that are <c># Source:</c> comments, with the chart-relative template each names.</summary>
    public static IReadOnlyList<(int Line, string Template)> SourceComments(string output)
    {
        var result = new List<(int, string)>();
        var number = 0;
        foreach (var line in output.AsSpan().EnumerateLines()) // every line ending counts, as ReplaceLineEndings counts them
        {
            number++;
            if (line.StartsWith(SourcePrefix, StringComparison.Ordinal)) result.Add((number, line[SourcePrefix.Length..].Trim().ToString()));
        }
        return result;
    }

    /// <summary>The template named by the nearest <c># Source:</c> comment above a document (a binary search: charts emit thousands).</summary>
    public static string? TemplateFor(IReadOnlyList<(int Line, string Template)> comments, int documentLine)
    {
        int low = 0, high = comments.Count - 1, found = -1;
        while (low <= high)
        {
            var middle = low + (high - low) / 2;
            if (comments[middle].Line <= documentLine)
            {
                found = middle;
                low = middle + 1;
            }
            else high = middle - 1;
        }
        return found < 0 ? null : comments[found].Template;
    }

    /// <summary><c>mychart/templates/x.yaml</c> or <c>mychart/charts/sub/templates/x.yaml</c> → repository path under <paramref name="chartFolder"/>.</summary>
    public static string ToRepositoryPath(string chartFolder, string template)
    {
        var slash = template.IndexOf('/');
        var inChart = slash < 0 ? template : template[(slash + 1)..];
        return chartFolder.Length == 0 ? inChart : $"{chartFolder}/{inChart}";
    }

    /// <summary>The line in a template that declares <paramref name="kind"/> for the n-th object rendered from it.</summary>
    public static SourceLocation KindLine(string templatePath, string[] templateLines, string kind, int occurrence)
    {
        var matches = new List<int>();
        string plain = $"kind: {kind}", followed = plain + " ", quoted = $"kind: \"{kind}\"";
        for (var i = 0; i < templateLines.Length; i++)
        {
            var line = templateLines[i].AsSpan().Trim();
            if (line.SequenceEqual(plain) || line.StartsWith(followed, StringComparison.Ordinal) || line.SequenceEqual(quoted)) matches.Add(i + 1);
        }
        var lineNumber = matches.Count == 0 ? 1 : matches[Math.Min(occurrence, matches.Count - 1)];
        return new SourceLocation(templatePath, lineNumber, 1);
    }

    /// <summary>
    /// Scalar values set in values documents, later documents winning; a value written in two places of one
    /// document is ambiguous and left out (the object's template line is then the answer).
    /// </summary>
    public static Dictionary<string, SourceLocation> ValueIndex(IEnumerable<SourceDocument> valuesDocuments)
    {
        var result = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var document in valuesDocuments)
        {
            var seen = new Dictionary<string, SourceLocation?>(StringComparer.Ordinal);
            foreach (var (_, node) in document.Root.Walk())
            {
                if (node is YamlScalar { Kind: ScalarKind.String or ScalarKind.Int or ScalarKind.Float } v && IsDistinctive(v.Value))
                    seen[v.Value] = seen.ContainsKey(v.Value) ? null : new SourceLocation(document.File, v.Start.Line, v.Start.Column);
            }
            foreach (var (value, location) in seen)
            {
                if (location is not null) result[value] = location;
                else result.Remove(value);
            }
        }
        return result;
    }

    // Short or common values (1, true, "http") would attribute unrelated fields; only distinctive ones are traced.
    private static bool IsDistinctive(string value) => value.Length >= 4 && !value.Contains('\n');
}
