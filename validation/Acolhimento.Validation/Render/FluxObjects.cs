using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

/// <summary>
/// Flux CD objects (groups <c>*.toolkit.fluxcd.io</c>: Kustomization, HelmRelease, GitRepository, OCIRepository,
/// HelmRepository…). This gate renders what Argo CD applies, not what Flux reconciles: a repository holding them gets
/// one error saying what goes unchecked (a run that passed would pass objects it never saw), and the folders Flux
/// reads are not dead configuration.
/// </summary>
internal static class FluxObjects
{
    /// <summary>Flux's API groups: the toolkit's (<c>*.toolkit.fluxcd.io</c>) and its extensions' (<c>source.extensions.fluxcd.io</c>: ArtifactGenerator).</summary>
    private const string GroupSuffix = ".fluxcd.io";

    private sealed record FluxObject(ParsedFile File, YamlMapping Body, string Kind);

    public static bool IsFlux(string? apiVersion) =>
        apiVersion is not null && apiVersion.IndexOf('/') is var slash and >= 0 && apiVersion.AsSpan(0, slash).EndsWith(GroupSuffix, StringComparison.Ordinal);

    private static List<FluxObject> Find(ParsedRepository repository) =>
        repository.Files.Where(f => f.File.Kind == FileKind.Manifest)
            .SelectMany(f => f.Mappings.Where(m => IsFlux(m.String("apiVersion")) && m.String("kind") is not null).Select(m => new FluxObject(f, m, m.String("kind")!)))
            .ToList();

    /// <summary>
    /// One error for the whole repository, at its first Flux object: what Flux reconciles reaches a cluster unchecked,
    /// so the run does not pass. Waivers cover policy rules only, so no file of the repository can turn it into a pass.
    /// </summary>
    public static Finding? Finding(ParsedRepository repository)
    {
        var found = Find(repository);
        if (found.Count == 0) return null;
        var first = found[0];
        var kinds = found.GroupBy(o => o.Kind, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}");
        var folders = found.Select(o => RepositoryPaths.Folder(o.File.Path)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var shown = string.Join(", ", folders.Take(5).Select(f => (f.Length == 0 ? "." : f) + "/")) + (folders.Count > 5 ? $" and {folders.Count - 5} more" : "");
        return new Finding(Stages.Render, Severity.Error, RenderRules.FluxNotRendered,
            $"not checked: Flux repositories are not rendered by this gate: {string.Join(", ", kinds)} in {shown} are reconciled by Flux, whose output is not computed here, "
            + "so what they apply reaches a cluster unchecked (their own files get the syntax and object checks only, and the folders they read are not reported as dead configuration); "
            + "check the Flux part with a gate that renders Flux",
            new SourceLocation(first.File.Path, first.Body.Start.Line, first.Body.Start.Column));
    }

    /// <summary>
    /// Folders Flux reads: those holding Flux objects, each Flux Kustomization's <c>spec.path</c> (unless it is a path inside
    /// an ExternalArtifact, not in this repository), each HelmRelease's chart path, each folder an ArtifactGenerator copies
    /// from (<c>@alias/path/**</c>), and every kustomization folder their kustomizations reach; with everything under them.
    /// </summary>
    public static IReadOnlyList<string> Folders(ParsedRepository repository)
    {
        var roots = new HashSet<string>(StringComparer.Ordinal);
        foreach (var o in Find(repository))
        {
            roots.Add(RepositoryPaths.Folder(o.File.Path));
            var spec = o.Body.Mapping("spec");
            var inArtifact = spec?.Mapping("sourceRef")?.String("kind") == "ExternalArtifact";
            var path = o.Kind == "Kustomization" && !inArtifact ? spec?.String("path") : o.Kind == "HelmRelease" ? spec?.Mapping("chart")?.Mapping("spec")?.String("chart") : null;
            if (path is not null && path.Contains('/') && RepositoryPaths.Combine("", path) is { } folder) roots.Add(folder);
            if (o.Kind == "ArtifactGenerator") roots.UnionWith(CopiedFolders(spec));
        }
        if (roots.Count == 0) return [];
        var kustomizations = repository.Files.Where(f => f.File.Kind == FileKind.Kustomization)
            .ToDictionary(f => RepositoryPaths.Folder(f.Path), f => f, StringComparer.Ordinal);
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(roots);
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            if (!reached.Add(folder)) continue;
            foreach (var (kustomizationFolder, file) in kustomizations.Where(k => Covers(folder, k.Key)))
            {
                foreach (var reference in file.Mappings.SelectMany(m => new[] { "resources", "bases", "components" }.SelectMany(k => m.Sequence(k)?.Items ?? [])).OfType<YamlScalar>())
                {
                    if (RepositoryPaths.Combine(kustomizationFolder, reference.Value) is { } target && !reached.Contains(target)) pending.Push(target);
                }
            }
        }
        return reached.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The repository folders an ArtifactGenerator copies from: each <c>copy[].from</c> is <c>@alias/path</c> with a glob in
    /// its last segments; the folder is the path up to the first segment with a glob character, or the file's folder.
    /// </summary>
    private static IEnumerable<string> CopiedFolders(YamlMapping? spec)
    {
        var copies = (spec?.Sequence("artifacts")?.Items ?? []).OfType<YamlMapping>().SelectMany(a => (a.Sequence("copy")?.Items ?? []).OfType<YamlMapping>());
        foreach (var from in copies.Select(c => c.String("from")).OfType<string>())
        {
            if (!from.StartsWith('@') || from.IndexOf('/') is not (var slash and > 0)) continue;
            var segments = from[(slash + 1)..].Split('/', StringSplitOptions.RemoveEmptyEntries);
            var plain = segments.TakeWhile(s => s.IndexOfAny(['*', '?', '[', '{']) < 0).ToList();
            // A path without a glob names a file (or a folder copied whole): its folder is read either way.
            if (plain.Count == segments.Length && plain.Count > 0 && plain[^1].Contains('.')) plain.RemoveAt(plain.Count - 1);
            if (RepositoryPaths.Combine("", string.Join('/', plain)) is { } folder) yield return folder;
        }
    }

    /// <summary>True when <paramref name="folder"/> is <paramref name="root"/> or lies under it.</summary>
    public static bool Covers(string root, string folder) =>
        root.Length == 0 || folder == root || folder.StartsWith(root + "/", StringComparison.Ordinal);
}
