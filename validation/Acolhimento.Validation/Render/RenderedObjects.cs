using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

public static class RenderedObjects
{
    /// <summary>Identity of a parsed object, or null when it lacks kind, apiVersion or name (the parse stage reports those).</summary>
    public static ObjectReference? Identify(YamlMapping body)
    {
        var apiVersion = body.String("apiVersion");
        var kind = body.String("kind");
        var metadata = body.Mapping("metadata");
        var name = metadata?.String("name") ?? metadata?.String("generateName");
        if (apiVersion is null || kind is null || name is null) return null;
        return new ObjectReference(apiVersion, kind, metadata?.String("namespace"), name);
    }

    /// <summary>Objects written directly in a file (plain directory sources, the bootstrap folder), traced to their own lines.</summary>
    public static IEnumerable<RenderedObject> FromFile(ParsedFile file, string cluster, string application)
    {
        for (var position = 0; position < file.Documents.Count; position++)
        {
            if (file.Documents[position].Root is not YamlMapping body || Identify(body) is not { } id) continue;
            yield return Written(file.Path, body, id, cluster, application, ReleasedDocument.Of(file, position));
        }
    }

    /// <summary>
    /// An object as written at <paramref name="body"/> in <paramref name="path"/>, traced to its own lines; when the parse stage
    /// released the file's trees, <paramref name="released"/> says where its whole body is read again.
    /// </summary>
    public static RenderedObject Written(string path, YamlMapping body, ObjectReference id, string cluster, string application, ReleasedDocument? released = null) =>
        new(id, body, new ObjectProvenance(new SourceLocation(path, body.Start.Line, body.Start.Column), new SourceDocument(path, body), []), cluster, application) { Released = released };

    /// <summary>Builds objects from YAML text as if written in <paramref name="path"/>; for fixtures and tests.</summary>
    public static IReadOnlyList<RenderedObject> FromText(string path, string yaml, string cluster = "test", string application = "test")
    {
        var (file, findings) = ParseStage.ParseText(path, yaml, FileKind.Manifest);
        if (findings.Count > 0)
        {
            throw new ArgumentException($"fixture {path} is not valid: " + string.Join("; ", findings.Select(f => $"{f.Location}: {f.Rule}: {f.Message}")));
        }
        return FromFile(file, cluster, application).ToList();
    }
}
