using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

/// <summary>
/// Turns Kustomize's build-metadata annotations (origin and transformations, injected into a temporary copy)
/// into provenance: the base document an object came from, the patches that touched it, and the overlay entries
/// (images, replicas, namespace, labels, name prefix) that set single fields. The annotations are removed again.
/// </summary>
internal sealed class KustomizeProvenance(ParsedRepository repository, SourceTexts texts)
{
    public const string OriginAnnotation = "config.kubernetes.io/origin";
    public const string TransformationsAnnotation = "alpha.config.kubernetes.io/transformations";

    // One instance traces one build: the objects of a build share their transformation annotations, patch entries and
    // target patterns, so each is read once per build instead of once per object. Not shared between threads.
    private readonly Dictionary<string, YamlNode?> _annotations = new(StringComparer.Ordinal);
    private readonly Dictionary<YamlNode, IReadOnlyList<SourceDocument>> _patchDocuments = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, System.Text.RegularExpressions.Regex?> _patterns = new(StringComparer.Ordinal);

    public (YamlMapping Body, ObjectProvenance Provenance) Trace(YamlMapping rendered, string buildRoot, SourceLocation fallback)
    {
        var annotations = rendered.Mapping("metadata")?.Mapping("annotations");
        var origin = annotations?.String(OriginAnnotation);
        var transformations = annotations?.String(TransformationsAnnotation);
        var body = WithoutBuildAnnotations(rendered);
        var kind = body.String("kind") ?? "";
        var name = body.Mapping("metadata")?.String("name") ?? "";

        SourceDocument? source = null;
        var location = fallback;
        if (origin is not null && Annotation(origin) is YamlMapping originMap)
        {
            if (originMap.String("path") is { } path && RepositoryPaths.Combine(buildRoot, path) is { } file && repository.Find(file) is { } parsed)
            {
                if (MatchDocument(parsed, kind, name) is { } document)
                {
                    source = new SourceDocument(file, document);
                    location = new SourceLocation(file, document.Start.Line, document.Start.Column);
                }
                else
                {
                    location = new SourceLocation(file, 1, 1);
                }
            }
            else if (originMap.String("configuredIn") is { } configuredIn && RepositoryPaths.Combine(buildRoot, configuredIn) is { } kustomizationFile)
            {
                location = GeneratorEntry(kustomizationFile, originMap.Mapping("configuredBy")?.String("kind"), name) ?? new SourceLocation(kustomizationFile, 1, 1);
            }
        }

        var overrides = new List<FieldSource>();
        if (transformations is not null && Annotation(transformations) is YamlSequence steps)
        {
            var seen = new HashSet<(string, string)>();
            IReadOnlyList<(ObjectPath Path, string Image)>? images = null; // walked once, for every images entry
            foreach (var step in steps.Items.OfType<YamlMapping>())
            {
                if (step.String("configuredIn") is not { } configuredIn || RepositoryPaths.Combine(buildRoot, configuredIn) is not { } file) continue;
                var transformer = step.Mapping("configuredBy")?.String("kind") ?? "";
                if (!seen.Add((file, transformer))) continue;
                if (repository.Find(file)?.Mappings.FirstOrDefault() is not { } kustomization) continue;
                overrides.AddRange(Transformer(transformer, file, kustomization, body, kind, name, () => images ??= ContainerImages(body)));
            }
        }
        return (body, new ObjectProvenance(location, source, overrides));
    }

    /// <summary>An annotation's YAML text read (once per build for each distinct text).</summary>
    private YamlNode? Annotation(string text)
    {
        if (!_annotations.TryGetValue(text, out var root)) _annotations[text] = root = YamlReader.Read(text).Documents.FirstOrDefault()?.Root;
        return root;
    }

    private static readonly System.Text.RegularExpressions.Regex OriginPathLine = new(
        @"config\.kubernetes\.io/origin:\s*\|[-+]?[ \t]*\r?\n[ \t]+path:[ \t]*(?<path>[^\s#]+)", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));

    /// <summary>The origin path written in a document's raw text, for documents too broken to read as YAML.</summary>
    public static string? OriginPath(string documentText)
    {
        try
        {
            var match = OriginPathLine.Match(documentText);
            return match.Success ? match.Groups["path"].Value.Trim('"', '\'') : null;
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            return null;
        }
    }

    private IEnumerable<FieldSource> Transformer(string transformer, string file, YamlMapping kustomization, YamlMapping body, string kind, string name,
        Func<IReadOnlyList<(ObjectPath Path, string Image)>> containerImages)
    {
        SourceLocation At(YamlNode node) => new(file, node.Start.Line, node.Start.Column);
        switch (transformer)
        {
            case "PatchTransformer" or "PatchStrategicMergeTransformer" or "PatchJson6902Transformer":
                foreach (var source in Patches(file, kustomization, kind, name)) yield return source;
                break;
            case "ImageTagTransformer":
                foreach (var entry in (kustomization.Sequence("images")?.Items ?? []).OfType<YamlMapping>())
                {
                    var imageName = entry.String("name");
                    var where = (YamlNode?)entry.KeyNode("newTag") ?? (YamlNode?)entry.KeyNode("digest") ?? (YamlNode?)entry.KeyNode("newName") ?? entry;
                    foreach (var (path, image) in containerImages())
                    {
                        var repo = ImageRepository(image);
                        if (repo == imageName || repo == entry.String("newName")) yield return new FieldOverride(path, At(where));
                    }
                }
                break;
            case "ReplicaCountTransformer":
                foreach (var entry in (kustomization.Sequence("replicas")?.Items ?? []).OfType<YamlMapping>())
                {
                    if (entry.String("name") is { } target && name.Contains(target, StringComparison.Ordinal))
                        yield return new FieldOverride(ObjectPath.Of("spec", "replicas"), At((YamlNode?)entry.KeyNode("count") ?? entry));
                }
                break;
            case "NamespaceTransformer":
                if (kustomization.KeyNode("namespace") is { } ns) yield return new FieldOverride(ObjectPath.Of("metadata", "namespace"), At(ns));
                break;
            case "PrefixTransformer" or "SuffixTransformer" or "PrefixSuffixTransformer":
                var fix = kustomization.KeyNode(transformer == "SuffixTransformer" ? "nameSuffix" : "namePrefix") ?? kustomization.KeyNode("nameSuffix");
                if (fix is not null) yield return new FieldOverride(ObjectPath.Of("metadata", "name"), At(fix));
                break;
            case "LabelTransformer":
                foreach (var (key, node) in LabelEntries(kustomization)) yield return new FieldOverride(ObjectPath.Of("metadata", "labels", key), At(node));
                break;
            case "AnnotationsTransformer":
                foreach (var entry in kustomization.Mapping("commonAnnotations")?.Entries ?? [])
                    yield return new FieldOverride(ObjectPath.Of("metadata", "annotations", entry.Key.Value), At(entry.Key));
                break;
        }
    }

    private static IEnumerable<(string Key, YamlNode Node)> LabelEntries(YamlMapping kustomization)
    {
        foreach (var entry in kustomization.Mapping("commonLabels")?.Entries ?? []) yield return (entry.Key.Value, entry.Key);
        foreach (var group in (kustomization.Sequence("labels")?.Items ?? []).OfType<YamlMapping>())
        {
            foreach (var entry in group.Mapping("pairs")?.Entries ?? []) yield return (entry.Key.Value, entry.Key);
        }
    }

    private IEnumerable<FieldSource> Patches(string file, YamlMapping kustomization, string kind, string name)
    {
        var folder = RepositoryPaths.Folder(file);
        var entries = (kustomization.Sequence("patches")?.Items ?? []).Concat(kustomization.Sequence("patchesJson6902")?.Items ?? [])
            .Concat(kustomization.Sequence("patchesStrategicMerge")?.Items ?? []);
        foreach (var entry in entries)
        {
            var target = (entry as YamlMapping)?.Mapping("target");
            if (target is not null && !TargetMatches(target, kind, name)) continue;
            foreach (var document in PatchDocuments(folder, file, entry))
            {
                switch (document.Root)
                {
                    case YamlMapping smp when target is not null || Matches(smp, kind, name):
                        yield return new PatchSource(document);
                        break;
                    case YamlSequence operations when target is not null:
                        foreach (var op in operations.Items.OfType<YamlMapping>())
                        {
                            if (op.String("path") is { } pointer)
                                yield return new FieldOverride(FromJsonPointer(pointer), new SourceLocation(document.File, op.Start.Line, op.Start.Column));
                        }
                        break;
                }
            }
        }
    }

    /// <summary>The documents of a patch entry, positioned in the file that holds them (a patch file, or the kustomization for inline patches).</summary>
    internal IReadOnlyList<SourceDocument> PatchDocuments(string folder, string kustomizationFile, YamlNode entry)
    {
        // An entry node belongs to one kustomization file, so the node alone keys its documents.
        if (!_patchDocuments.TryGetValue(entry, out var documents)) _patchDocuments[entry] = documents = ReadPatchDocuments(folder, kustomizationFile, entry).ToList();
        return documents;
    }

    private IEnumerable<SourceDocument> ReadPatchDocuments(string folder, string kustomizationFile, YamlNode entry)
    {
        var pathNode = entry is YamlMapping m ? m["path"] as YamlScalar : entry as YamlScalar;
        var inline = entry is YamlMapping mm ? mm["patch"] as YamlScalar : null;
        if (pathNode is { } p && !p.Value.Contains('\n') && RepositoryPaths.Combine(folder, p.Value) is { } patchFile && repository.Find(patchFile) is { } parsed)
        {
            foreach (var root in parsed.Documents.Select(d => d.Root).OfType<YamlNode>()) yield return new SourceDocument(patchFile, root);
            yield break;
        }
        var block = inline ?? (entry as YamlScalar);
        if (block is null) yield break;
        var embedded = texts.EmbeddedBlock(kustomizationFile, block);
        foreach (var root in YamlReader.Read(embedded).Documents.Select(d => d.Root).OfType<YamlNode>()) yield return new SourceDocument(kustomizationFile, root);
    }

    private bool TargetMatches(YamlMapping target, string kind, string name)
    {
        bool Matches(string? pattern, string value)
        {
            if (pattern is null) return true;
            if (!_patterns.TryGetValue(pattern, out var regex))
            {
                try
                {
                    regex = new System.Text.RegularExpressions.Regex("^(?:" + pattern + ")$", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
                }
                catch (ArgumentException)
                {
                    regex = null; // not a pattern: the target matches nothing
                }
                _patterns[pattern] = regex;
            }
            return regex is null ? throw new ArgumentException(pattern) : regex.IsMatch(value);
        }
        try
        {
            return Matches(target.String("kind"), kind) && (Matches(target.String("name"), name) || target.String("name") is { } n && name.Contains(n, StringComparison.Ordinal));
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool Matches(YamlMapping patch, string kind, string name) =>
        patch.String("kind") == kind && patch.Mapping("metadata")?.String("name") is { } patchName && name.Contains(patchName, StringComparison.Ordinal);

    private static YamlMapping? MatchDocument(ParsedFile file, string kind, string renderedName) =>
        file.Mappings.Where(d => d.String("kind") == kind)
            .OrderByDescending(d => d.Mapping("metadata")?.String("name") is { } n && renderedName.Contains(n, StringComparison.Ordinal) ? n.Length : -1)
            .FirstOrDefault();

    private SourceLocation? GeneratorEntry(string kustomizationFile, string? generatorKind, string renderedName)
    {
        var key = generatorKind switch { "SecretGenerator" => "secretGenerator", _ => "configMapGenerator" };
        var kustomization = repository.Find(kustomizationFile)?.Mappings.FirstOrDefault();
        var entry = (kustomization?.Sequence(key)?.Items ?? []).OfType<YamlMapping>()
            .Where(e => e.String("name") is { } n && renderedName.Contains(n, StringComparison.Ordinal))
            .OrderByDescending(e => e.String("name")!.Length).FirstOrDefault();
        return entry is null ? null : new SourceLocation(kustomizationFile, entry.Start.Line, entry.Start.Column);
    }

    /// <summary>
    /// The image of every container list item (<c>containers</c>, <c>initContainers</c>, <c>ephemeralContainers</c>) anywhere in
    /// <paramref name="node"/>, in the order of <see cref="YamlNavigation.Walk"/>; a path is built only for what is found.
    /// </summary>
    internal static IReadOnlyList<(ObjectPath Path, string Image)> ContainerImages(YamlNode node)
    {
        List<(ObjectPath, string)>? found = null;
        var segments = new List<object>();
        var work = new Stack<(YamlNode Node, int Depth, object? Segment)>();
        work.Push((node, 0, null));
        while (work.Count > 0)
        {
            var (current, depth, segment) = work.Pop();
            segments.RemoveRange(depth, segments.Count - depth);
            if (segment is not null) segments.Add(segment);
            switch (current)
            {
                case YamlMapping m:
                    foreach (var e in m.Entries) work.Push((e.Value, segments.Count, e.Key.Value));
                    break;
                case YamlSequence s:
                    if (segment is "containers" or "initContainers" or "ephemeralContainers")
                    {
                        for (var i = 0; i < s.Items.Count; i++)
                        {
                            if (s.Items[i] is YamlMapping c && c.String("image") is { } image)
                                (found ??= []).Add((ObjectPath.Of([.. segments, i, "image"]), image));
                        }
                    }
                    for (var i = 0; i < s.Items.Count; i++) work.Push((s.Items[i], segments.Count, i));
                    break;
            }
        }
        return found ?? [];
    }

    internal static string ImageRepository(string image) => Kubernetes.ImageNames.Split(image).Name;

    private static ObjectPath FromJsonPointer(string pointer)
    {
        var path = ObjectPath.Root;
        foreach (var raw in pointer.Split('/').Skip(1))
        {
            var token = JsonPointer.Unescape(raw);
            path = int.TryParse(token, out var index) ? path.Index(index) : path.Key(token);
        }
        return path;
    }

    private static YamlMapping WithoutBuildAnnotations(YamlMapping rendered)
    {
        var metadata = rendered.Mapping("metadata");
        var annotations = metadata?.Mapping("annotations");
        if (metadata is null || annotations is null) return rendered;
        var kept = annotations.Entries.Where(e => e.Key.Value is not (OriginAnnotation or TransformationsAnnotation)).ToList();
        var newMetadata = kept.Count == 0
            ? metadata.Entries.Where(e => e.Key.Value != "annotations")
            : metadata.Entries.Select(e => e.Key.Value == "annotations" ? new KeyValuePair<YamlScalar, YamlNode>(e.Key, YamlMapping.Build(annotations.Start, kept)) : e);
        return YamlMapping.Build(rendered.Start, rendered.Entries.Select(e =>
            e.Key.Value == "metadata" ? new KeyValuePair<YamlScalar, YamlNode>(e.Key, YamlMapping.Build(metadata.Start, newMetadata)) : e));
    }
}
