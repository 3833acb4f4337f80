using System.Text.RegularExpressions;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

/// <summary>A named template (<c>{{ define "x" }}</c>) of a chart's helper files, as lines of its file.</summary>
internal sealed record HelperDefinition(string Name, string File, IReadOnlyList<string> Lines, int FirstIndex, int EndIndex);

/// <summary>
/// A field a template writes from a values decision — with <c>.Values.x</c> on the line that writes it, or inside an
/// <c>if</c>/<c>with</c>/<c>range</c> on <c>.Values.x</c> — is attributed to the values line that set <c>x</c>: the line a
/// person edits, and one place however many templates (or helpers they include) turn that value into fields.
/// </summary>
internal sealed record ValuesDecisions(TemplateSource Template, IReadOnlyList<HelperDefinition> Helpers, HelmValues Values) : FieldDecisions
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(200);
    private static readonly Regex ValuesReference = new(@"\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)", RegexOptions.None, Timeout);
    private static readonly Regex Action = new(@"\{\{-?\s*(?<kw>else\s+if|if|else|with|range|end|define|block)\b(?<rest>.*?)-?\}\}", RegexOptions.None, Timeout);
    private static readonly Regex Include = new(@"\b(?:include|template)\s+""(?<name>[^""]+)""", RegexOptions.None, Timeout);
    private static readonly Regex Define = new(@"\{\{-?\s*define\s+""(?<name>[^""]+)""", RegexOptions.None, Timeout);

    /// <summary>The values line behind the field at <paramref name="path"/>, when exactly one values key decides it.</summary>
    public override SourceLocation? Find(ObjectPath path)
    {
        if (path.Segments.LastOrDefault(s => s is string) is not string key) return null;
        try
        {
            var lines = Template.Lines;
            var start = Math.Max(0, Template.FirstLine - 1);
            var end = ObjectEnd(lines, start);
            var found = Decisions(lines, 0, start, end, key).ToList();
            if (found.Count == 0)
            {
                var included = IncludedHelpers(lines, start, end);
                found = included.SelectMany(h => Decisions(h.Lines, h.FirstIndex, h.FirstIndex, h.EndIndex, key)).ToList();
            }
            var distinct = found.Distinct().ToList();
            return distinct.Count == 1 ? distinct[0] : null;
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    /// <summary>Reads a chart's helper files into their named templates.</summary>
    public static IReadOnlyList<HelperDefinition> ReadHelpers(IEnumerable<(string File, IReadOnlyList<string> Lines)> helperFiles)
    {
        var result = new List<HelperDefinition>();
        foreach (var (file, lines) in helperFiles)
        {
            for (var i = 0; i < lines.Count; i++)
            {
                if (Define.Match(lines[i]) is not { Success: true } define) continue;
                var depth = 0;
                var endIndex = lines.Count - 1;
                for (var j = i; j < lines.Count; j++)
                {
                    foreach (Match action in Action.Matches(lines[j]))
                    {
                        var kw = action.Groups["kw"].Value;
                        if (kw is "if" or "with" or "range" or "define" or "block") depth++;
                        else if (kw == "end") depth--;
                    }
                    if (depth <= 0)
                    {
                        endIndex = j;
                        break;
                    }
                }
                result.Add(new HelperDefinition(define.Groups["name"].Value, file, lines, i, endIndex));
                i = endIndex;
            }
        }
        return result;
    }

    private static int ObjectEnd(IReadOnlyList<string> lines, int start)
    {
        for (var i = start + 1; i < lines.Count; i++)
        {
            if (lines[i].StartsWith("---", StringComparison.Ordinal)) return i - 1;
        }
        return lines.Count - 1;
    }

    /// <summary>Helpers the object's template includes, directly or through other helpers.</summary>
    private List<HelperDefinition> IncludedHelpers(IReadOnlyList<string> lines, int start, int end)
    {
        var byName = Helpers.GroupBy(h => h.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var result = new List<HelperDefinition>();
        var pending = new Queue<string>(Names(lines, start, end));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (pending.Count > 0)
        {
            var name = pending.Dequeue();
            if (!seen.Add(name) || !byName.TryGetValue(name, out var helper)) continue;
            result.Add(helper);
            foreach (var inner in Names(helper.Lines, helper.FirstIndex, helper.EndIndex)) pending.Enqueue(inner);
        }
        return result;
    }

    private static IEnumerable<string> Names(IReadOnlyList<string> lines, int start, int end)
    {
        for (var i = start; i <= end && i < lines.Count; i++)
        {
            foreach (Match include in Include.Matches(lines[i])) yield return include.Groups["name"].Value;
        }
    }

    /// <summary>For each line between <paramref name="start"/> and <paramref name="end"/> that writes <paramref name="key"/>, the values line deciding it (when one does).</summary>
    private IEnumerable<SourceLocation?> Decisions(IReadOnlyList<string> lines, int regionStart, int start, int end, string key)
    {
        for (var i = start; i <= end && i < lines.Count; i++)
        {
            var trimmed = lines[i].TrimStart(' ', '-');
            if (!trimmed.StartsWith(key + ":", StringComparison.Ordinal) && !trimmed.StartsWith($"\"{key}\":", StringComparison.Ordinal)) continue;
            // A value the line composes with other text ("overlays/{{ .Values.env }}") is the template's decision, not the value's.
            var value = trimmed[(trimmed.IndexOf(':') + 1)..].Trim();
            var reference = value.Contains("{{", StringComparison.Ordinal) ? WholeValueReference(value) : EnclosingReference(lines, regionStart, i);
            yield return reference is null ? null : Values.ExactOriginOf(reference)?.Value;
        }
    }

    /// <summary>The values key a field's whole value is (<c>{{ .Values.x }}</c>, quoted or piped through functions), as a JSON pointer.</summary>
    private static string? WholeValueReference(string value)
    {
        var unquoted = value.Length >= 2 && value[0] is '"' or '\'' && value[^1] == value[0] ? value[1..^1] : value;
        if (WholeAction.Match(unquoted) is not { Success: true } action) return null;
        var references = ValuesReference.Matches(action.Groups["expr"].Value).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();
        return references.Count == 1 ? ToPointer(references[0]) : null;
    }

    private static readonly Regex WholeAction = new(@"^\{\{-?(?<expr>(?:(?!\}\}).)*)-?\}\}$", RegexOptions.None, Timeout);

    /// <summary>The values key of the innermost enclosing if/with/range (or else-if) that names one, as a JSON pointer.</summary>
    private static string? EnclosingReference(IReadOnlyList<string> lines, int regionStart, int index)
    {
        var depth = 0;
        for (var i = index - 1; i >= regionStart; i--)
        {
            foreach (var action in Action.Matches(lines[i]).Reverse())
            {
                var kw = action.Groups["kw"].Value;
                if (kw == "end")
                {
                    depth++;
                    continue;
                }
                if (kw is "define" or "block") return null;
                if (depth > 0)
                {
                    if (kw is "if" or "with" or "range") depth--;
                    continue;
                }
                if (ValuesReference.Match(action.Groups["rest"].Value) is { Success: true } reference) return ToPointer(reference.Groups[1].Value);
            }
        }
        return null;
    }

    private static string ToPointer(string dotted) =>
        dotted.Split('.', StringSplitOptions.RemoveEmptyEntries).Aggregate("", HelmValues.Pointer);
}
