using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

/// <summary>
/// Parameter overrides kept in the source folder, merged as Argo CD's repo server merges them before it decides the
/// source type: <c>.argocd-source.yaml</c>, then <c>.argocd-source-&lt;instance name&gt;.yaml</c>, each a JSON merge
/// patch (RFC 7396) on the source; <c>repoURL</c>, <c>path</c>, <c>chart</c> and <c>targetRevision</c> are kept as the
/// Application says. A field an override sets is located at its line in the override file.
/// </summary>
internal static class SourceParameterFiles
{
    public const string ForAll = ".argocd-source.yaml";

    /// <summary>The per-Application file; Argo CD names it by the instance name (<c>namespace_name</c> outside its own namespace).</summary>
    public static string ForApplication(string instanceName) => $".argocd-source-{instanceName}.yaml";

    /// <summary>Fields an override file cannot change.</summary>
    private static readonly string[] Kept = ["repoURL", "path", "chart", "targetRevision"];

    /// <summary>The source blocks Argo CD unmarshals as objects: anything else there fails its unmarshalling.</summary>
    private static readonly string[] Blocks = ["helm", "kustomize", "directory", "plugin"];

    public sealed record Merged(ApplicationDefinition Application, SourceDefinition Source, IReadOnlyList<Finding> Problems);

    public static Merged Merge(ParsedRepository repository, ApplicationDefinition app, SourceDefinition source, YamlMapping normalized, string folder)
    {
        var merged = normalized;
        var located = new List<FieldSource>();
        var problems = new List<Finding>();
        foreach (var name in new[] { ForAll, ForApplication(app.InstanceName) })
        {
            var path = RepositoryPaths.Combine(folder, name)!;
            var full = Path.Combine(repository.Root, path);
            if (Directory.Exists(full) || !File.Exists(full)) continue; // Argo CD skips a missing file and a folder of that name
            Finding Problem(string message, YamlNode? at = null) => new(Stages.Render, Severity.Error, RenderRules.SourceParameters,
                $"Application {app.Identity}: {message}; Argo CD cannot generate its manifests", new SourceLocation(path, at?.Start.Line ?? 1, at?.Start.Column ?? 1), Application: app.Identity);
            if (repository.Read(path) is not { } file)
            {
                problems.Add(Problem($"{path} cannot be read safely (a link or not a regular file)"));
                continue;
            }
            if (file.Problem is { } refused)
            {
                problems.Add(Problem($"{path} was refused by the parse stage ({refused.Rule}: {refused.Message})"));
                continue;
            }
            // sigs.k8s.io/yaml reads the first document; the merge patch must be an object (null, a scalar or a list is refused).
            if (file.Documents.FirstOrDefault()?.Root is not YamlMapping patch)
            {
                problems.Add(Problem($"{path} is not a mapping, so it is not a JSON merge patch of the source", file.Documents.FirstOrDefault()?.Root));
                continue;
            }
            if (Blocks.Select(b => (Block: b, Node: patch[b])).FirstOrDefault(b => b.Node is not (null or YamlMapping or YamlScalar { IsNull: true })) is { Node: { } wrong } bad)
            {
                problems.Add(Problem($"{path}: {bad.Block} is {wrong.Describe()}, not an object", wrong));
                continue;
            }
            merged = (YamlMapping)MergePatch(merged, patch);
            foreach (var (at, node) in patch.Walk())
            {
                if (at.Depth > 0 && !Kept.Contains(at.Segments[0] as string)) located.Add(new FieldOverride(Append(source.At, at), new SourceLocation(path, node.Start.Line, node.Start.Column)));
            }
        }
        foreach (var key in Kept)
        {
            merged = normalized[key] is { } original ? merged.With(key, original) : Without(merged, key);
        }
        if (problems.Count > 0 || ReferenceEquals(merged, normalized)) return new Merged(app, source, problems);
        // Shallow paths first, so that the deepest override of a field is the last one and wins (ObjectProvenance reads them backwards).
        located = located.OrderBy(l => ((FieldOverride)l).Path.Depth).ToList();
        var body = SetAt(app.Object.Body, source.At, merged);
        var appObject = app.Object with { Body = body, Provenance = app.Object.Provenance with { Overrides = [.. app.Object.Provenance.Overrides, .. located] } };
        return new Merged(app with { Object = appObject }, ApplicationDefinition.SourceAt(merged, source.At), []);
    }

    /// <summary>RFC 7396: an object patch merges key by key (null removes), anything else replaces.</summary>
    public static YamlNode MergePatch(YamlNode? target, YamlNode patch)
    {
        if (patch is not YamlMapping changes) return patch;
        var result = target as YamlMapping ?? YamlMapping.Build(changes.Start, []);
        foreach (var (key, value) in changes.Entries)
        {
            result = value is YamlScalar { IsNull: true } ? Without(result, key.Value) : result.With(key.Value, MergePatch(result[key.Value], value));
        }
        return result;
    }

    private static YamlMapping Without(YamlMapping mapping, string key) =>
        mapping[key] is null ? mapping : YamlMapping.Build(mapping.Start, mapping.Entries.Where(e => e.Key.Value != key));

    private static ObjectPath Append(ObjectPath at, ObjectPath relative)
    {
        foreach (var segment in relative.Segments) at = segment is int i ? at.Index(i) : at.Key((string)segment);
        return at;
    }

    /// <summary>The body with the node at <paramref name="path"/> (mapping keys and list indexes that exist) replaced.</summary>
    private static YamlMapping SetAt(YamlMapping body, ObjectPath path, YamlNode value)
    {
        YamlNode Replace(YamlNode node, int depth)
        {
            if (depth == path.Segments.Length) return value;
            return (node, path.Segments[depth]) switch
            {
                (YamlMapping m, string key) when m[key] is { } child => m.With(key, Replace(child, depth + 1)),
                (YamlSequence s, int i) when i >= 0 && i < s.Items.Count => YamlNodes.Sequence(s.Items.Select((item, j) => j == i ? Replace(item, depth + 1) : item), s.Start),
                _ => node,
            };
        }
        return (YamlMapping)Replace(body, 0);
    }
}
