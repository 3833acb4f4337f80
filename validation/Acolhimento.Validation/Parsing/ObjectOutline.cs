using System.Collections.Frozen;
using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Parsing;

/// <summary>
/// How a released file is read again: the SHA-256 of the bytes the parse stage checked and the options it read them
/// with, so that the trees read later are the very trees it judged (a file changed in between cannot be validated).
/// </summary>
public sealed record ReleasedTrees(byte[] Digest, ParseOptions Options);

/// <summary>
/// What the stages between parse and schema read of a plain object: <c>apiVersion</c>, <c>kind</c> and the metadata that
/// identifies and orders it (<c>name</c>, <c>generateName</c>, <c>namespace</c>, Argo CD's <c>argocd.argoproj.io/*</c>
/// annotations such as the sync wave), as the parsed nodes (positions kept). A file of such objects keeps only their
/// outlines, about a tenth of their trees; the schema stage reads the whole trees again (<see cref="TreeReader"/>).
/// </summary>
internal static class ObjectOutline
{
    private const string ArgoCdAnnotationPrefix = "argocd.argoproj.io/";

    /// <summary>
    /// The outline's keys, one node each for every outline: a key's position is read only to report a field of the whole
    /// body, which the schema stage reads again; sharing them saves a third of an outline. Immutable nodes.
    /// </summary>
    private static readonly FrozenDictionary<string, YamlScalar> Keys = new[] { "apiVersion", "kind", "metadata", "name", "generateName", "namespace", "annotations" }
        .ToFrozenDictionary(k => k, k => YamlNodes.Scalar(k, style: ScalarStyle.Plain), StringComparer.Ordinal);

    /// <summary>
    /// Whether a checked file may keep only outlines: a manifest without problems whose documents are all objects of
    /// kinds no stage reads beyond their identity from the repository. Kept whole: Argo CD's (<c>argoproj.io</c>: the render
    /// follows Applications and ApplicationSets), Flux's (<c>*.fluxcd.io</c>: the render reports them and their folders)
    /// and CustomResourceDefinitions (the render and schema stages read their schemas and scope).
    /// </summary>
    public static bool Releasable(ParsedFile file) =>
        file is { File.Kind: FileKind.Manifest, Problem: null, Complete: true, Released: null }
        && file.Documents.All(d => d.Root switch
        {
            null or YamlScalar { IsNull: true } => true,
            YamlMapping body => IsPlainObject(body),
            _ => false,
        });

    private static bool IsPlainObject(YamlMapping body)
    {
        if (body["apiVersion"] is not YamlScalar { IsNull: false } apiVersion || body["kind"] is not YamlScalar { IsNull: false } kind) return false;
        var group = Findings.ObjectReference.GroupOf(apiVersion.Value);
        return group != Kubernetes.ApiGroups.ArgoProj && !group.EndsWith(".fluxcd.io", StringComparison.Ordinal)
            && !Kubernetes.CustomResourceDefinition.IsKind(group, kind.Value);
    }

    /// <summary>The file with its documents replaced by outlines, to be read again through <paramref name="released"/>.</summary>
    public static ParsedFile Release(ParsedFile file, ReleasedTrees released) =>
        file with
        {
            Documents = file.Documents.Select(d => d.Root is YamlMapping body ? d with { Root = Of(body) } : d).ToList(),
            Released = released,
        };

    /// <summary>The outline of one object (see the class); nodes not kept are left out, nodes kept are the parsed ones.</summary>
    public static YamlMapping Of(YamlMapping body)
    {
        var entries = new List<KeyValuePair<YamlScalar, YamlNode>>(3);
        foreach (var entry in body.Entries)
        {
            switch (entry.Key.Value)
            {
                case "apiVersion" or "kind" or "metadata":
                    entries.Add(new(Keys[entry.Key.Value], entry.Value is YamlMapping metadata && entry.Key.Value == "metadata" ? Metadata(metadata) : entry.Value));
                    break;
            }
        }
        return YamlMapping.Build(body.Start, entries);
    }

    private static YamlMapping Metadata(YamlMapping metadata)
    {
        var entries = new List<KeyValuePair<YamlScalar, YamlNode>>(4);
        foreach (var entry in metadata.Entries)
        {
            if (entry.Key.Value is "name" or "generateName" or "namespace") entries.Add(new(Keys[entry.Key.Value], entry.Value));
            else if (entry.Key.Value == "annotations" && entry.Value is YamlMapping annotations)
            {
                var argo = annotations.Entries.Where(a => a.Key.Value.StartsWith(ArgoCdAnnotationPrefix, StringComparison.Ordinal)).ToList();
                if (argo.Count > 0) entries.Add(new(Keys["annotations"], YamlMapping.Build(annotations.Start, argo)));
            }
        }
        return YamlMapping.Build(metadata.Start, entries);
    }
}
