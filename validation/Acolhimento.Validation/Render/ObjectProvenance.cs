using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

/// <summary>A document as written in a repository file: the base an object came from, or a patch applied to it.</summary>
public sealed record SourceDocument(string File, YamlNode Root);

/// <summary>Something that set fields of an object after its base: attributed instead of the base line it overwrote.</summary>
public abstract record FieldSource;

/// <summary>A single field set by an entry elsewhere (overlay <c>images:</c>, <c>replicas:</c>, <c>namespace:</c>, labels, a JSON patch op).</summary>
internal sealed record FieldOverride(ObjectPath Path, SourceLocation Location) : FieldSource;

/// <summary>A strategic-merge patch as written: every field it contains is attributed to it.</summary>
internal sealed record PatchSource(SourceDocument Patch) : FieldSource;

/// <summary>
/// Values a Helm values file (or an Application's inline values) set, each written in exactly one place: a rendered scalar
/// with one of these values is attributed to the line that set it, since that is the line a person edits.
/// </summary>
internal sealed record ValueOrigins(IReadOnlyDictionary<string, SourceLocation> ByValue) : FieldSource;

/// <summary>Something that knows, for some fields, the line that decided them (a Helm values key behind a template line).</summary>
internal abstract record FieldDecisions : FieldSource
{
    public abstract SourceLocation? Find(ObjectPath path);
}

/// <summary>
/// The Helm template an object was rendered from, as text: a field is attributed to the template line that writes
/// its key (and its value, when several lines write that key), since templates are not YAML until rendered.
/// </summary>
internal sealed record TemplateSource(string File, IReadOnlyList<string> Lines, int FirstLine) : FieldSource
{
    public SourceLocation? Find(ObjectPath path, YamlNode renderedBody)
    {
        if (path.Segments.LastOrDefault(s => s is string) is not string key) return null;
        var value = (renderedBody.At(path) as YamlScalar)?.Value;
        var candidates = new List<(int Line, int Column, bool ValueMatches)>();
        for (var i = Math.Max(0, FirstLine - 1); i < Lines.Count; i++)
        {
            var line = Lines[i];
            var trimmed = line.TrimStart(' ', '-');
            if (i > FirstLine - 1 && trimmed.StartsWith("kind:", StringComparison.Ordinal) && line.Length - line.TrimStart().Length == 0) break; // next object
            if (!trimmed.StartsWith(key + ":", StringComparison.Ordinal) && !trimmed.StartsWith($"\"{key}\":", StringComparison.Ordinal)) continue;
            var column = line.IndexOf(trimmed, StringComparison.Ordinal) + 1;
            candidates.Add((i + 1, column, value is not null && value.Length > 0 && line.Contains(value, StringComparison.Ordinal)));
        }
        var matching = candidates.Where(c => c.ValueMatches).ToList();
        var chosen = matching.Count == 1 ? matching[0] : candidates.Count == 1 ? candidates[0] : default;
        return chosen.Line > 0 ? new SourceLocation(File, chosen.Line, chosen.Column) : null;
    }
}

/// <summary>
/// Where an object and each of its fields came from. <see cref="Overrides"/> are in the order they were applied;
/// the last one that wrote a field wins, as in Kustomize.
/// </summary>
public sealed record ObjectProvenance(SourceLocation Origin, SourceDocument? Source, IReadOnlyList<FieldSource> Overrides)
{
    public static ObjectProvenance At(SourceLocation origin) => new(origin, null, []);

    public SourceLocation Locate(ObjectPath path, YamlNode renderedBody)
    {
        for (var i = Overrides.Count - 1; i >= 0; i--)
        {
            if (Overrides[i] is FieldOverride field && path.StartsWith(field.Path)) return field.Location;
        }
        if (renderedBody.At(path) is YamlScalar scalar)
        {
            for (var i = Overrides.Count - 1; i >= 0; i--)
            {
                if (Overrides[i] is ValueOrigins values && values.ByValue.TryGetValue(scalar.Value, out var setAt)) return setAt;
            }
        }
        foreach (var decisions in Overrides.OfType<FieldDecisions>())
        {
            if (decisions.Find(path) is { } decided) return decided;
        }
        foreach (var template in Overrides.OfType<TemplateSource>())
        {
            if (template.Find(path, renderedBody) is { } written) return written;
        }
        (SourceLocation Location, int Depth)? best = null;
        void Consider(SourceDocument document)
        {
            var (location, depth) = SourceMatch.Deepest(document, renderedBody, path);
            if (location is not null && (best is null || depth > best.Value.Depth)) best = (location, depth);
        }
        for (var i = Overrides.Count - 1; i >= 0 && !SourceMatch.IsIdentity(path); i--)
        {
            if (Overrides[i] is PatchSource patch)
            {
                var (location, depth) = SourceMatch.Deepest(patch.Patch, renderedBody, path);
                if (location is not null && depth == path.Depth) return location; // the patch wrote this very field
            }
        }
        if (Source is not null) Consider(Source);
        foreach (var patch in Overrides.OfType<PatchSource>()) Consider(patch.Patch);
        return best is { Depth: > 0 } found ? found.Location : Origin;
    }
}

/// <summary>Walks a source document alongside the rendered object, matching list items by their merge key, as Kustomize merges them.</summary>
internal static class SourceMatch
{
    private static readonly string[] MergeKeys = ["name", "containerPort", "mountPath", "devicePath", "port", "ip", "topologyKey"];

    /// <summary>
    /// Fields a patch repeats only to say which object or list item it patches (kind, metadata.name, a list item's
    /// merge key): they were written by the base, not set by the patch.
    /// </summary>
    public static bool IsIdentity(ObjectPath path)
    {
        var s = path.Segments;
        if (s.Length == 1 && s[0] is "apiVersion" or "kind") return true;
        if (s.Length == 2 && s[0] is "metadata" && s[1] is "name" or "namespace") return true;
        return s.Length >= 2 && s[^2] is int && s[^1] is string key && MergeKeys.Contains(key);
    }

    public static (SourceLocation? Location, int Depth) Deepest(SourceDocument document, YamlNode renderedRoot, ObjectPath path)
    {
        YamlNode? source = document.Root;
        YamlNode? rendered = renderedRoot;
        Mark? at = null;
        var depth = 0;
        foreach (var segment in path.Segments)
        {
            switch (segment, source, rendered)
            {
                case (string key, YamlMapping s, _):
                    var keyNode = s.KeyNode(key);
                    if (keyNode is null) return Result(document, at, depth);
                    source = s[key];
                    rendered = (rendered as YamlMapping)?[key];
                    at = keyNode.Start;
                    break;
                case (int index, YamlSequence s, YamlSequence r) when index < r.Items.Count:
                    source = MatchItem(s, r.Items[index], index);
                    if (source is null) return Result(document, at, depth);
                    rendered = r.Items[index];
                    at = source.Start;
                    break;
                default:
                    return Result(document, at, depth);
            }
            depth++;
        }
        return Result(document, at, depth);
    }

    private static (SourceLocation?, int) Result(SourceDocument document, Mark? at, int depth) =>
        at is { } mark ? (new SourceLocation(document.File, mark.Line, mark.Column), depth) : (null, 0);

    private static YamlNode? MatchItem(YamlSequence source, YamlNode renderedItem, int index)
    {
        if (renderedItem is YamlMapping rendered)
        {
            foreach (var key in MergeKeys)
            {
                if (rendered[key] is not YamlScalar value) continue;
                foreach (var candidate in source.Items)
                {
                    if (candidate is YamlMapping m && m[key] is YamlScalar v && v.Value == value.Value) return candidate;
                }
                return null; // the item has a merge key no source item carries: it was not written here
            }
        }
        return index < source.Items.Count ? source.Items[index] : null;
    }
}
