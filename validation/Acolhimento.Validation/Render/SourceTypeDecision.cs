using System.Text;
using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

/// <summary>Argo CD's names of source types (<c>ApplicationSourceType</c>).</summary>
internal static class SourceTypes
{
    public const string Directory = "Directory";
    public const string Kustomize = "Kustomize";
    public const string Helm = "Helm";
    public const string Plugin = "Plugin";

    /// <summary>What the report says when the source's path cannot even be resolved.</summary>
    public const string Unknown = "Unknown";
}

/// <summary>
/// How one source of this repository renders, decided once: its folder, its type, and the source as the renderer sees it
/// (parameter overrides merged). <see cref="Problems"/> non-empty means it does not render; <see cref="Type"/> is still what the report shows.
/// </summary>
internal sealed record SourceDecision(string Type, string? Folder, ApplicationDefinition Application, SourceDefinition Source, IReadOnlyList<Finding> Problems);

/// <summary>
/// Decides the type of an Application source as Argo CD does: the controller first drops source blocks that set nothing
/// (<c>NormalizeSource</c>), the repo server merges <see cref="SourceParameterFiles"/>, then an explicit block wins
/// (<c>ExplicitType</c>: more than one is refused), and otherwise discovery looks at the folder's own files
/// (<c>discovery.AppType</c>).
/// </summary>
internal static class SourceTypeDecision
{
    public static SourceDecision Decide(ParsedRepository repository, ApplicationDefinition app, SourceDefinition source)
    {
        var finding = SourceFindings.At(app, source);
        SourceDecision Refused(string type, string? folder, Finding problem) => new(type, folder, app, source, [problem]);
        if (source.Path is null) return Refused(SourceTypes.Unknown, null, finding(RenderRules.MissingPath, "source has no path", "path"));
        var folder = RepositoryPaths.Combine("", source.Path);
        if (folder is null) return Refused(SourceTypes.Unknown, null, finding(RenderRules.OutsideRepository, $"path \"{source.Path}\" leaves the repository", "path"));
        if (!Directory.Exists(Path.Combine(repository.Root, folder)))
            return Refused(Discovered(repository.Root, folder), folder, finding(RenderRules.MissingPath, $"path \"{source.Path}\" does not exist in this repository", "path"));
        // Argo CD's repo server reads the folder itself: none of it may lead out of the repository, loop, or be a FIFO or device.
        if (repository.Resolve(folder) is { Refused: true } link)
            return Refused(SourceTypes.Unknown, folder, finding(RenderRules.InputRefused, $"path \"{source.Path}\" is not read: {link.Problem}", "path"));
        if (RefusedInput.Unopenable(repository, folder, "Argo CD", oversized: false).FirstOrDefault() is { Path: not null } held)
            return Refused(SourceTypes.Unknown, folder, finding(RenderRules.InputRefused, held.Reason, "path"));

        var written = app.Object.Body.At(source.At) as YamlMapping ?? YamlMapping.Build(default, []);
        var merged = SourceParameterFiles.Merge(repository, app, source, Normalized(written), folder);
        if (merged.Problems.Count > 0) return new SourceDecision(SourceTypes.Unknown, folder, app, source, merged.Problems);
        (app, source) = (merged.Application, merged.Source);

        var explicitTypes = ExplicitTypes(source);
        if (explicitTypes.Count > 1)
        {
            var second = explicitTypes[1].ToLowerInvariant();
            return new SourceDecision(SourceTypes.Unknown, folder, app, source,
                [SourceFindings.At(app, source)(RenderRules.SourceTypeConflict, $"multiple application sources defined: {string.Join(",", explicitTypes)}; Argo CD refuses to generate its manifests", second)]);
        }
        return new SourceDecision(explicitTypes.Count == 1 ? explicitTypes[0] : Discovered(repository.Root, folder), folder, app, source, []);
    }

    /// <summary>Argo CD's <c>ExplicitType</c> order: the source blocks present, of a normalised source.</summary>
    public static IReadOnlyList<string> ExplicitTypes(SourceDefinition source) =>
        new (YamlMapping? Block, string Type)[] { (source.Kustomize, SourceTypes.Kustomize), (source.Helm, SourceTypes.Helm), (source.Directory, SourceTypes.Directory), (source.Plugin, SourceTypes.Plugin) }
            .Where(b => b.Block is not null).Select(b => b.Type).ToList();

    /// <summary>
    /// Argo CD's discovery for a folder: of its own files (links included, folders not), in byte order of name, the last
    /// whose name ends in <c>Chart.yaml</c> (Helm) or is a kustomization file name (Kustomize) decides; none: Directory.
    /// So <c>kustomization.yaml</c> wins over <c>Chart.yaml</c>, and <c>values-Chart.yaml</c> wins over <c>kustomization.yaml</c>.
    /// </summary>
    public static string Discovered(string root, string folder)
    {
        var full = Path.Combine(root, folder);
        if (!Directory.Exists(full)) return SourceTypes.Directory;
        var type = SourceTypes.Directory;
        foreach (var name in new DirectoryInfo(full).EnumerateFileSystemInfos().Where(e => e is FileInfo || e.LinkTarget is not null)
                     .Select(e => e.Name).OrderBy(n => Encoding.UTF8.GetBytes(n), DirectoryRenderer.ByteOrder.Instance))
        {
            if (name.EndsWith("Chart.yaml", StringComparison.Ordinal)) type = SourceTypes.Helm;
            if (RepositoryScanner.KustomizationFileNames.Contains(name)) type = SourceTypes.Kustomize;
        }
        return type;
    }

    /// <summary>
    /// The source as Argo CD's controller keeps it (<c>NormalizeSource</c>): a helm, kustomize or plugin block that sets
    /// none of the fields that count is dropped; a directory block likewise unless it has include or exclude.
    /// </summary>
    public static YamlMapping Normalized(YamlMapping source)
    {
        var result = source;
        foreach (var (block, counts) in Counting)
        {
            if (source[block] is YamlScalar { IsNull: true }) result = YamlMapping.Build(result.Start, result.Entries.Where(e => e.Key.Value != block));
            if (source.Mapping(block) is not { } options || counts(options)) continue;
            result = block == "directory" && (Set(options, "include") || Set(options, "exclude"))
                ? result.With(block, YamlMapping.Build(options.Start, options.Entries.Where(e => e.Key.Value is "include" or "exclude" && Set(options, e.Key.Value))))
                : YamlMapping.Build(result.Start, result.Entries.Where(e => e.Key.Value != block));
        }
        return result;
    }

    /// <summary>Per source block, whether it sets a field Argo CD's <c>IsZero</c> counts (pkg/apis/application/v1alpha1/types.go).</summary>
    private static readonly (string Block, Func<YamlMapping, bool> Counts)[] Counting =
    [
        ("kustomize", k => Any(k, Set, "namePrefix", "nameSuffix", "version", "namespace", "kubeVersion")
            || Any(k, NonEmpty, "images", "replicas", "commonLabels", "commonAnnotations", "patches", "components", "apiVersions") || k.Boolean("ignoreMissingComponents") == true),
        ("helm", h => Any(h, Set, "version", "releaseName", "values", "kubeVersion", "namespace") || h["valuesObject"] is YamlMapping or YamlScalar { IsNull: false }
            || Any(h, NonEmpty, "valueFiles", "parameters", "fileParameters", "apiVersions")
            || Any(h, (m, key) => m.Boolean(key) == true, "passCredentials", "ignoreMissingValueFiles", "skipCrds", "skipTests", "skipSchemaValidation")),
        ("directory", d => d.Boolean("recurse") == true || d.Boolean("disableExtensionFilter") == true
            || (d.Mapping("jsonnet") is { } j && Any(j, NonEmpty, "extVars", "tlas", "libs"))),
        ("plugin", p => Set(p, "name") || Any(p, NonEmpty, "env", "parameters")),
    ];

    private static bool Any(YamlMapping m, Func<YamlMapping, string, bool> test, params string[] keys) => keys.Any(k => test(m, k));

    private static bool Set(YamlMapping m, string key) => m[key] is YamlScalar { IsNull: false } s && s.Value.Length > 0;

    private static bool NonEmpty(YamlMapping m, string key) => m[key] switch
    {
        YamlSequence s => s.Items.Count > 0,
        YamlMapping map => map.Entries.Count > 0,
        YamlScalar { IsNull: false } => true, // a wrong type: Argo CD's API would refuse it; treated as set so it is not silently dropped
        _ => false,
    };
}
