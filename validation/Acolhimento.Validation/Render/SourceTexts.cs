using System.Collections.Concurrent;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

/// <summary>Raw lines of repository files, read once per run; used to position text embedded in block scalars.</summary>
internal sealed class SourceTexts(string repositoryRoot)
{
    private readonly ConcurrentDictionary<string, string[]> _lines = new(StringComparer.Ordinal);

    public string[] Lines(string relativePath) =>
        _lines.GetOrAdd(relativePath, p =>
        {
            try
            {
                return File.ReadAllText(Path.Combine(repositoryRoot, p)).ReplaceLineEndings("\n").Split('\n');
            }
            catch (IOException)
            {
                return [];
            }
        });

    /// <summary>
    /// The text of a block scalar with every other line blanked, so that YAML read from it carries the positions
    /// it has in the file (an inline patch's field points at its own line of the kustomization).
    /// </summary>
    public string EmbeddedBlock(string relativePath, YamlScalar block)
    {
        if (block.Style is not (ScalarStyle.Literal or ScalarStyle.Folded)) return block.Value;
        var lines = Lines(relativePath);
        var first = block.Start.Line; // the line with the | indicator; content starts below it
        int? indent = null;
        var result = new string[Math.Min(lines.Length, first + block.Value.Count(c => c == '\n') + 2)];
        for (var i = 0; i < result.Length; i++) result[i] = "";
        for (var i = first; i < result.Length; i++)
        {
            var line = lines[i];
            if (line.Trim().Length == 0) continue;
            var lineIndent = line.Length - line.TrimStart(' ').Length;
            indent ??= lineIndent;
            if (lineIndent < indent) break;
            result[i] = line;
        }
        return string.Join('\n', result);
    }
}
