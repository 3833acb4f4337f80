using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

/// <summary>One document a tool emitted that is a readable object, with the output line it starts at.</summary>
/// <param name="Output">The whole output; the document is <paramref name="Span"/> of it, cut out only when asked for.</param>
internal sealed record EmittedObject(YamlMapping Body, ObjectReference Id, int OutputLine, string Output, Range Span)
{
    public string Text => Output[Span];
}

/// <summary>One document a tool emitted that cannot be handed on, with why and the output line it starts at.</summary>
internal sealed record RefusedDocument(int OutputLine, string Rule, string Message, string Text);

/// <summary>
/// Everything a tool emitted: each non-empty document is either an object or refused with a reason, never neither,
/// so <see cref="Emitted"/> = objects + refused holds by construction.
/// </summary>
internal sealed record ToolDocuments(IReadOnlyList<EmittedObject> Objects, IReadOnlyList<RefusedDocument> Refused)
{
    public int Emitted => Objects.Count + Refused.Count;
}

/// <summary>
/// The one way the render stage reads what kubectl kustomize or helm template printed. The output is split at document
/// markers first and each document is read on its own under the parse stage's limits, so a document the reader refuses
/// (too deep, alias bomb, syntax) costs only itself and is reported — it never silently takes the documents after it along.
/// </summary>
internal static class ToolOutputReader
{
    public static ToolDocuments Read(string output, YamlLimits? limits = null)
    {
        var objects = new List<EmittedObject>();
        var refused = new List<RefusedDocument>();
        // Documents are read in place (no copy of each) and share the strings of repeated keys and values.
        var pool = new StringPool(Math.Clamp(output.Length / 32, 16, 4096)); // sized to the output: a chart may print a few lines
        foreach (var (startLine, range) in Split(output))
        {
            var document = output.AsSpan()[range];
            if (IsBlank(document)) continue;
            var read = YamlReader.Read(document, limits, pool);
            // Positions are counted from the document's first line; the output line adds the document's offset.
            if (read.Problems.Count > 0)
            {
                var problem = read.Problems[0];
                refused.Add(new RefusedDocument(startLine + problem.At.Line - 1, problem.Rule,
                    $"{problem.Message} (at line {problem.At.Line} of the document)", output[range]));
                continue;
            }
            var roots = read.Documents.Where(d => d.Root is not null && d.Root is not YamlScalar { IsNull: true }).ToList();
            if (roots.Count == 0) continue; // only comments or an explicit null: nothing was emitted
            var root = roots[0].Root!;
            var line = startLine + root.Start.Line - 1;
            if (root is not YamlMapping body)
            {
                refused.Add(new RefusedDocument(line, RenderRules.NotAnObject, $"the tool emitted {root.Describe()}, not a Kubernetes object", output[range]));
                continue;
            }
            if (RenderedObjects.Identify(body) is not { } id)
            {
                refused.Add(new RefusedDocument(line, RenderRules.NotAnObject,
                    "the tool emitted an object without a string apiVersion, kind and metadata.name; Argo CD cannot apply it", output[range]));
                continue;
            }
            objects.Add(new EmittedObject(body, id, line, output, range));
        }
        return new ToolDocuments(objects, refused);
    }

    /// <summary>
    /// Splits at lines that are a document marker (<c>---</c> or <c>...</c> at column 0). YAML forbids such lines inside
    /// any scalar, so the split agrees with a YAML parser; each piece keeps its first output line (1-based).
    /// </summary>
    internal static IEnumerable<(int StartLine, Range Text)> Split(string output)
    {
        var start = 0;
        var startLine = 1;
        var line = 1;
        var position = 0;
        while (position < output.Length)
        {
            var end = output.IndexOf('\n', position);
            var next = end < 0 ? output.Length : end + 1;
            var lineLength = (end < 0 ? output.Length : end) - position;
            if (IsMarker(output.AsSpan(position, lineLength).TrimEnd('\r')))
            {
                if (position > start) yield return (startLine, start..position);
                // "--- {a: b}": content after the marker belongs to the next document, on this line
                var inline = lineLength > 4 && output[position] == '-' && !output.AsSpan(position + 4, lineLength - 4).IsWhiteSpace();
                start = inline ? position + 4 : next;
                startLine = inline ? line : line + 1;
            }
            position = next;
            line++;
        }
        if (start < output.Length) yield return (startLine, start..output.Length);
    }

    private static bool IsMarker(ReadOnlySpan<char> line)
    {
        if (!(line.StartsWith("---") || line.StartsWith("..."))) return false;
        return line.Length == 3 || line[3] is ' ' or '\t';
    }

    private static bool IsBlank(ReadOnlySpan<char> text)
    {
        foreach (var raw in text.EnumerateLines())
        {
            var trimmed = raw.TrimStart();
            if (trimmed.Length > 0 && trimmed[0] != '#') return false;
        }
        return true;
    }
}

/// <summary>Findings for documents a tool emitted that could not be handed on, at the source that produced them.</summary>
internal static class ToolOutputFindings
{
    public static Finding Refused(RefusedDocument document, SourceLocation source, string tool, ApplicationDefinition app, string cluster) =>
        new(Stages.Render, Severity.Error, document.Rule.StartsWith("render/", StringComparison.Ordinal) ? document.Rule : RenderRules.UnreadableOutput,
            $"Application {app.Name}: {tool} emitted a document from {source.File} that cannot be read ({document.Rule}: {document.Message}); its object is not rendered and this cluster's render counts as failed",
            source, cluster, app.Name);
}
