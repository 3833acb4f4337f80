using System.Text.RegularExpressions;
using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

/// <summary>
/// Kustomization entries that change nothing. Kustomize skips two kinds silently — a patch whose <c>target</c> selects
/// no object, an <c>images</c> entry whose name matches no container image — and stops the build on others (a
/// strategic-merge patch or a <c>replicas</c> entry naming no object, a JSON-patch operation on a path the target
/// lacks) with a message that names neither file nor line. Both are reported at the entry a person edits.
/// The silent ones are judged on the build's own output and provenance (no further kubectl run): each kustomization's
/// entries against the objects its resources produced, matched as Kustomize matches (reswrangler Select: a target's
/// name, namespace, group, version and kind are anchored regular expressions, name and namespace tried against the
/// object's values before and after the build's prefixes, suffixes and namespaces; images match on the name before
/// the tag and digest, the name read as a pattern).
/// </summary>
internal sealed class KustomizeNoOps(ParsedRepository repository, SourceTexts texts)
{
    private const string PatchNoMatch = RenderRules.KustomizePatchNoMatch;
    private const string ImageNoMatch = RenderRules.KustomizeImageNoMatch;
    private const string ReplicasNoMatch = RenderRules.KustomizeReplicasNoMatch;
    private const string JsonPatchPathMissing = RenderRules.KustomizeJsonPatchPathMissing;

    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>What a target or an images entry can be matched against: an object as Kustomize saw it at any level of the build.</summary>
    private sealed record Candidate(string OriginFile, string Group, string Version, string Kind, IReadOnlySet<string> Names, IReadOnlySet<string> Namespaces,
        IReadOnlyList<IReadOnlyDictionary<string, string>> LabelSets, IReadOnlyList<IReadOnlyDictionary<string, string>> AnnotationSets, IReadOnlySet<string> Images, RenderedObject Object);

    /// <summary>One kustomization of the build with the files whose objects it sees (its resources, recursively, and itself for generated objects).</summary>
    private sealed record Level(string File, YamlMapping Kustomization, IReadOnlySet<string> Scope);

    /// <summary>Silent no-ops of a build that succeeded, for the objects it emitted (with their provenance).</summary>
    public IReadOnlyList<Finding> Check(string buildFolder, IReadOnlyList<RenderedObject> objects)
    {
        var levels = Levels(buildFolder);
        if (levels.Count == 0) return [];
        var prefixes = levels.SelectMany(l => new[] { l.Kustomization.String("namePrefix") }).OfType<string>().Where(p => p.Length > 0).ToList();
        var suffixes = levels.SelectMany(l => new[] { l.Kustomization.String("nameSuffix") }).OfType<string>().Where(s => s.Length > 0).ToList();
        var namespaces = levels.Select(l => l.Kustomization.String("namespace")).OfType<string>().ToList();
        var renamedImages = levels.SelectMany(l => (l.Kustomization.Sequence("images")?.Items ?? []).OfType<YamlMapping>())
            .Select(e => e.String("newName")).OfType<string>().ToList();
        var candidates = objects.Select(o => CandidateOf(o, prefixes, suffixes, namespaces, renamedImages)).ToList();
        var patterns = new Patterns();

        var findings = new List<Finding>();
        var provenance = new KustomizeProvenance(repository, texts);
        var documents = new Dictionary<YamlMapping, IReadOnlyList<SourceDocument>>(ReferenceEqualityComparer.Instance);
        foreach (var level in levels)
        {
            foreach (var (_, entry) in PatchEntries(level)) documents[entry] = provenance.PatchDocuments(RepositoryPaths.Folder(level.File), level.File, entry);
        }
        var patches = documents.Values.SelectMany(d => d).ToList();
        foreach (var level in levels)
        {
            var visible = candidates.Where(c => level.Scope.Contains(c.OriginFile)).ToList();
            foreach (var (key, entry) in PatchEntries(level))
            {
                if (entry.Mapping("target") is not { } target) continue; // Kustomize refuses an untargeted patch that matches nothing (LocateFailure)
                var verdicts = visible.Select(c => (Candidate: c, Selected: Selects(target, c, patterns))).ToList();
                if (verdicts.All(v => v.Selected == false))
                {
                    findings.Add(At(level.File, entry, PatchNoMatch,
                        $"{key} entry targets {Describe(target)}, which selects no object of this build; Kustomize skips the patch silently"));
                    continue;
                }
                var selected = verdicts.Where(v => v.Selected == true).Select(v => v.Candidate).ToList();
                foreach (var document in documents[entry])
                {
                    if (document.Root is YamlSequence operations) findings.AddRange(SilentJsonPatchMisses(document.File, operations, selected, patches));
                }
            }
            foreach (var entry in (level.Kustomization.Sequence("images")?.Items ?? []).OfType<YamlMapping>())
            {
                if (entry.String("name") is not { } name || visible.Any(c => c.Images.Any(image => patterns.ImageMatches(image, name) != false))) continue;
                var known = visible.SelectMany(c => c.Images).Select(ImageName).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                findings.Add(At(level.File, entry, ImageNoMatch,
                    $"images entry {name} matches no container image of this build ({(known.Count == 0 ? "it has none" : "images: " + string.Join(", ", known))}); Kustomize leaves every image unchanged"));
            }
        }
        return findings;
    }

    /// <summary>
    /// The entry a failed build's message is about, when Kustomize named one: a strategic-merge patch or replicas entry
    /// that selects nothing, or a JSON-patch operation on a missing path. Null when the message is about something else.
    /// </summary>
    public Finding? LocateFailure(string buildFolder, string toolMessage)
    {
        // kubectl writes the error plainly ("error: …") or as a klog line with the error quoted (err="… \"…\" …").
        var message = string.Join(' ', toolMessage.ReplaceLineEndings("\n").Split('\n')
            .Where(l => !l.StartsWith("# Warning", StringComparison.Ordinal)).Select(l => l.Trim())).Replace("\\\"", "\"", StringComparison.Ordinal);
        var levels = Levels(buildFolder);
        if (levels.Count == 0) return null;
        if (Match(StrategicMergeNoMatch, message) is { } smp) return StrategicMergeEntry(levels, smp);
        if (Match(ReplicasNoMatchMessage, message) is { } replicas) return ReplicasEntry(levels, replicas.Groups["name"].Value);
        if (Match(JsonPatchMissing, message) is { } json) return JsonPatchOperation(levels, json.Groups["op"].Value, json.Groups["path"].Value, json.Groups["reason"].Value);
        return null;
    }

    private static readonly Regex StrategicMergeNoMatch = new(
        @"no resource matches strategic merge patch ""(?<kind>[^.""]+)\.(?<version>[^.""]+)\.(?<group>[^/""]*)/(?<name>[^.""]+)\.(?<namespace>[^""]+)""", RegexOptions.None, PatternTimeout);

    private static readonly Regex ReplicasNoMatchMessage = new(
        @"resource with name (?<name>\S+) does not match a config with the following GVK", RegexOptions.None, PatternTimeout);

    private static readonly Regex JsonPatchMissing = new(
        @"(?:(?<op>add|remove|replace|copy|move|test) operation does not apply: doc is missing (?:from )?path: ""?(?<path>/[^"":\s]*)""?(?<reason>)"
        + @"|error in (?<op>add|remove|replace|copy|move|test) for path: '(?<path>[^']*)': (?<reason>[^:]+))",
        RegexOptions.None, PatternTimeout);

    private static Match? Match(Regex regex, string text)
    {
        try
        {
            var match = regex.Match(text);
            return match.Success ? match : null;
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    private Finding? StrategicMergeEntry(IReadOnlyList<Level> levels, Match message)
    {
        var kind = message.Groups["kind"].Value;
        var name = message.Groups["name"].Value;
        var provenance = new KustomizeProvenance(repository, texts);
        foreach (var level in levels)
        {
            var folder = RepositoryPaths.Folder(level.File);
            var entries = (level.Kustomization.Sequence("patches")?.Items ?? []).Where(e => (e as YamlMapping)?.Mapping("target") is null)
                .Concat(level.Kustomization.Sequence("patchesStrategicMerge")?.Items ?? []);
            foreach (var entry in entries)
            {
                foreach (var document in provenance.PatchDocuments(folder, level.File, entry))
                {
                    if (document.Root is YamlMapping patch && patch.String("kind") == kind && patch.Mapping("metadata")?.String("name") == name)
                    {
                        var where = document.File == level.File ? "inline strategic-merge patch" : $"strategic-merge patch {document.File}";
                        return At(level.File, entry, PatchNoMatch, $"{where} is for {kind} {name}, which is not an object of this build; Kustomize stops the build");
                    }
                }
            }
        }
        return null;
    }

    private static Finding? ReplicasEntry(IReadOnlyList<Level> levels, string name)
    {
        foreach (var level in levels)
        {
            foreach (var entry in (level.Kustomization.Sequence("replicas")?.Items ?? []).OfType<YamlMapping>())
            {
                if (entry.String("name") == name)
                {
                    return At(level.File, entry, ReplicasNoMatch,
                        $"replicas entry {name} names no Deployment, StatefulSet, ReplicaSet or ReplicationController of this build; Kustomize stops the build");
                }
            }
        }
        return null;
    }

    private Finding? JsonPatchOperation(IReadOnlyList<Level> levels, string op, string path, string reason)
    {
        var provenance = new KustomizeProvenance(repository, texts);
        // Kustomize's "error in <op> for path" names only the last key for a move's source; a full pointer otherwise.
        bool PathMatches(YamlMapping operation) =>
            operation.String("path") == path || operation.String("from") == path
            || (!path.StartsWith('/') && (operation.String("from")?.EndsWith("/" + path, StringComparison.Ordinal) == true || operation.String("path")?.EndsWith("/" + path, StringComparison.Ordinal) == true));
        foreach (var level in levels)
        {
            var folder = RepositoryPaths.Folder(level.File);
            foreach (var key in new[] { "patches", "patchesJson6902" })
            {
                foreach (var entry in (level.Kustomization.Sequence(key)?.Items ?? []).OfType<YamlMapping>())
                {
                    foreach (var document in provenance.PatchDocuments(folder, level.File, entry))
                    {
                        if (document.Root is not YamlSequence operations) continue;
                        foreach (var operation in operations.Items.OfType<YamlMapping>())
                        {
                            if (operation.String("op") != op || !PathMatches(operation)) continue;
                            var target = entry.Mapping("target") is { } t ? $" of {Describe(t)}" : "";
                            var why = reason.Trim() is { Length: > 0 } r ? $" ({r.TrimEnd('.')})" : "";
                            return new Finding(Stages.Render, Severity.Error, JsonPatchPathMissing,
                                $"JSON patch {op} {(operation.String("from") is { } from && op is "move" or "copy" ? $"from {from} " : "")}at {operation.String("path")}: the path does not exist in the target{target}{why}; Kustomize stops the build",
                                new SourceLocation(document.File, operation.Start.Line, operation.Start.Column));
                        }
                    }
                }
            }
        }
        return null;
    }

    private static IEnumerable<(string Key, YamlMapping Entry)> PatchEntries(Level level) =>
        new[] { "patches", "patchesJson6902" }.SelectMany(key => (level.Kustomization.Sequence(key)?.Items ?? []).OfType<YamlMapping>().Select(e => (key, e)));

    /// <summary>
    /// Operations Kustomize applies without complaint although their path is not in the target: <c>replace</c> on a
    /// missing key adds it (a typo in the path then adds a field nobody reads), <c>copy</c>/<c>move</c> from a missing path.
    /// Judged on each selected object's source document; a path that another patch or a Kustomize transformer may have
    /// created first, or an object without a source document, is given the benefit of the doubt.
    /// </summary>
    private static IEnumerable<Finding> SilentJsonPatchMisses(string file, YamlSequence operations, IReadOnlyList<Candidate> selected, IReadOnlyList<SourceDocument> patches)
    {
        foreach (var operation in operations.Items.OfType<YamlMapping>())
        {
            var op = operation.String("op");
            var pointer = op switch { "replace" => operation.String("path"), "copy" or "move" => operation.String("from"), _ => null };
            if (pointer is null || JsonPointer.Segments(pointer) is not { } segments || MayBeWrittenByTransformer(segments)) continue;
            if (patches.Any(p => !ReferenceEquals(p.Root, operations) && MayCreate(p.Root, pointer, segments))) continue;
            var missing = selected.Where(c => c.Object.Provenance.Source?.Root is { } source && !JsonPointer.Exists(source, segments)).ToList();
            if (missing.Count == 0) continue;
            var what = string.Join(", ", missing.Select(c => $"{c.Kind} {c.Object.Name} ({c.Object.Provenance.Source!.File})"));
            var effect = op == "replace" ? "Kustomize adds it instead of replacing, so a mistyped path adds a field and changes nothing" : $"Kustomize {op}s nothing";
            yield return new Finding(Stages.Render, Severity.Error, JsonPatchPathMissing,
                $"JSON patch {op} {(op == "replace" ? "at" : "from")} {pointer}: the path does not exist in {what}; {effect}",
                new SourceLocation(file, operation.Start.Line, operation.Start.Column));
        }
    }

    /// <summary>Fields Kustomize's own transformers write (labels, annotations, selectors, namespace, name, replicas, images).</summary>
    private static bool MayBeWrittenByTransformer(IReadOnlyList<string> segments) =>
        segments.Any(s => s is "labels" or "annotations" or "selector" or "namespace" or "image")
        || segments is ["metadata", "name"] or ["spec", "replicas"];

    /// <summary>Whether another patch document may write <paramref name="pointer"/> (or a parent of it) before this one.</summary>
    private static bool MayCreate(YamlNode patch, string pointer, IReadOnlyList<string> segments)
    {
        switch (patch)
        {
            case YamlSequence others:
                return others.Items.OfType<YamlMapping>().Any(o => o.String("op") is "add" or "replace" or "copy" or "move"
                    && o.String("path") is { } path && (path == pointer || pointer.StartsWith(path + "/", StringComparison.Ordinal)));
            case YamlMapping strategic:
                YamlNode? node = strategic;
                foreach (var segment in segments)
                {
                    switch (node)
                    {
                        case YamlMapping m when m[segment] is { } next:
                            node = next;
                            break;
                        case YamlSequence:
                            return true; // lists merge by key: which element a pointer index means cannot be told here
                        default:
                            return false;
                    }
                }
                return true;
            default:
                return false;
        }
    }

    /// <summary>The kustomizations of the build, top first, each with the files whose objects it sees. Components see what their parent sees.</summary>
    private List<Level> Levels(string buildFolder)
    {
        var levels = new List<Level>();
        var scopes = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);

        HashSet<string> Visit(string folder, IReadOnlySet<string>? parentScope, HashSet<string> onPath)
        {
            if (scopes.TryGetValue(folder, out var known)) return known;
            var scope = new HashSet<string>(StringComparer.Ordinal);
            var file = KustomizeSafety.FindKustomization(repository, folder);
            if (file?.Mappings.FirstOrDefault() is not { } kustomization || !onPath.Add(folder)) return scope;
            scope.Add(file.Path);
            foreach (var key in new[] { "resources", "bases" })
            {
                foreach (var entry in (kustomization.Sequence(key)?.Items ?? []).OfType<YamlScalar>())
                {
                    if (RepositoryPaths.Combine(folder, entry.Value) is not { } target) continue;
                    if (KustomizeSafety.FindKustomization(repository, target) is not null) scope.UnionWith(Visit(target, null, onPath));
                    else scope.Add(target);
                }
            }
            var level = new Level(file.Path, kustomization, scope);
            levels.Add(level);
            foreach (var entry in (kustomization.Sequence("components")?.Items ?? []).OfType<YamlScalar>())
            {
                if (RepositoryPaths.Combine(folder, entry.Value) is { } component) scope.UnionWith(Visit(component, scope, onPath));
            }
            if (parentScope is not null) scope.UnionWith(parentScope);
            onPath.Remove(folder);
            scopes[folder] = scope;
            return scope;
        }

        Visit(buildFolder, null, new HashSet<string>(StringComparer.Ordinal));
        levels.Reverse(); // Visit adds children first; report from the top
        return levels;
    }

    private static readonly Regex HashedName = new("^(?<name>.+)-[a-z0-9]{10}$", RegexOptions.None, PatternTimeout);

    private static Candidate CandidateOf(RenderedObject o, IReadOnlyList<string> prefixes, IReadOnlyList<string> suffixes, IReadOnlyList<string> namespaces, IReadOnlyList<string> renamedImages)
    {
        var source = o.Provenance.Source?.Root as YamlMapping;
        var sourceMetadata = source?.Mapping("metadata");
        var names = new HashSet<string>(StringComparer.Ordinal) { o.Name };
        if (sourceMetadata?.String("name") is { } original) names.Add(original);
        // Generated objects have no source document: their name before the content hash is their name in the generator.
        if (source is null && HashedName.Match(o.Name) is { Success: true } hashed) names.Add(hashed.Groups["name"].Value);
        foreach (var name in names.ToList())
        {
            foreach (var prefix in prefixes.Where(p => name.StartsWith(p, StringComparison.Ordinal))) names.Add(name[prefix.Length..]);
        }
        foreach (var name in names.ToList())
        {
            foreach (var suffix in suffixes.Where(s => name.EndsWith(s, StringComparison.Ordinal))) names.Add(name[..^suffix.Length]);
        }
        // Kustomize compares a selector's namespace with the effective namespace: "default" for a namespaced object without one.
        var spaces = new HashSet<string>(StringComparer.Ordinal) { o.Namespace ?? "", "default" };
        if (sourceMetadata?.String("namespace") is { } sourceNamespace) spaces.Add(sourceNamespace);
        spaces.UnionWith(namespaces);
        var images = KustomizeProvenance.ContainerImages(o.Body).Select(i => i.Image).ToHashSet(StringComparer.Ordinal);
        if (source is not null) images.UnionWith(KustomizeProvenance.ContainerImages(source).Select(i => i.Image));
        images.UnionWith(renamedImages);
        IReadOnlyDictionary<string, string> Map(YamlMapping? m) =>
            m?.Entries.Where(e => e.Value is YamlScalar).ToDictionary(e => e.Key.Value, e => ((YamlScalar)e.Value).Value, StringComparer.Ordinal)
            ?? new Dictionary<string, string>(StringComparer.Ordinal);
        return new Candidate(o.Location.File, o.Id.Group, o.Id.Version, o.Kind, names, spaces,
            [o.Labels, Map(sourceMetadata?.Mapping("labels"))], [o.Annotations, Map(sourceMetadata?.Mapping("annotations"))], images, o);
    }

    /// <summary>Whether a patch target selects the candidate: true, false, or null when it cannot be decided (then it is not called a no-op).</summary>
    private static bool? Selects(YamlMapping target, Candidate candidate, Patterns patterns)
    {
        bool? Field(string key, Func<Regex, bool> test)
        {
            if (target.String(key) is not { Length: > 0 } pattern) return true;
            if (patterns.Anchored(pattern) is not { } regex) return null;
            try
            {
                return test(regex);
            }
            catch (RegexMatchTimeoutException)
            {
                return null;
            }
        }
        var checks = new[]
        {
            Field("group", r => r.IsMatch(candidate.Group)),
            Field("version", r => r.IsMatch(candidate.Version)),
            Field("kind", r => r.IsMatch(candidate.Kind)),
            Field("name", r => candidate.Names.Any(r.IsMatch)),
            Field("namespace", r => candidate.Namespaces.Any(r.IsMatch)),
            target.String("labelSelector") is { } labels ? candidate.LabelSets.Select(set => LabelSelectorText.Matches(labels, set)).Aggregate(Or) : true,
            target.String("annotationSelector") is { } annotations ? candidate.AnnotationSets.Select(set => LabelSelectorText.Matches(annotations, set)).Aggregate(Or) : true,
        };
        return checks.Any(c => c == false) ? false : checks.All(c => c == true) ? true : null;
    }

    private static bool? Or(bool? a, bool? b) => a == true || b == true ? true : a == false && b == false ? false : null;

    /// <summary>Kustomize's image match: the entry's name, read as a pattern, followed by an optional tag and digest; null when the name is no valid pattern.</summary>
    internal static bool? ImageMatches(string image, string name) => new Patterns().ImageMatches(image, name);

    /// <summary>The patterns of one check, each compiled once (a build's targets and images are matched against every object); null for text that is no pattern.</summary>
    private sealed class Patterns
    {
        private readonly Dictionary<string, Regex?> _anchored = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Regex?> _images = new(StringComparer.Ordinal);

        /// <summary>A target field's pattern, anchored as Kustomize anchors it.</summary>
        public Regex? Anchored(string pattern) => Compiled(_anchored, pattern, "^(?:" + pattern + ")$");

        public bool? ImageMatches(string image, string name)
        {
            try
            {
                if (Compiled(_images, name, "^" + name + "(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$") is { } regex) return regex.IsMatch(image);
            }
            catch (RegexMatchTimeoutException)
            {
            }
            return image == name || ImageName(image) == name ? true : null;
        }

        private static Regex? Compiled(Dictionary<string, Regex?> known, string key, string pattern)
        {
            if (known.TryGetValue(key, out var regex)) return regex;
            try
            {
                regex = new Regex(pattern, RegexOptions.None, PatternTimeout);
            }
            catch (ArgumentException)
            {
                regex = null;
            }
            return known[key] = regex;
        }
    }

    private static string ImageName(string image) => KustomizeProvenance.ImageRepository(image);

    private static string Describe(YamlMapping target)
    {
        var parts = new[] { "group", "version", "kind", "name", "namespace", "labelSelector", "annotationSelector" }
            .Where(k => target.String(k) is { Length: > 0 }).Select(k => $"{k}={target.String(k)}").ToList();
        return parts.Count == 0 ? "every object" : string.Join(' ', parts);
    }

    private static Finding At(string file, YamlNode entry, string rule, string message) =>
        new(Stages.Render, Severity.Error, rule, message, new SourceLocation(file, entry.Start.Line, entry.Start.Column));
}
