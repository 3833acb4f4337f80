using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

/// <summary>
/// What rendering one Application source produced. <see cref="Emitted"/> counts the documents the tool printed (or the
/// source's files hold) and <see cref="Refused"/> those reported with an error instead of handed on.
/// </summary>
public sealed record SourceOutput(IReadOnlyList<RenderedObject> Objects, IReadOnlyList<Finding> Findings, IReadOnlySet<string> ReachedFolders)
{
    public int Emitted { get; init; }

    public int Refused { get; init; }

    public static SourceOutput Failed(params Finding[] findings) => new([], findings, new HashSet<string>());
}

/// <summary>
/// Renders one source of one Application from the working tree: Kustomize, Helm or a plain directory,
/// decided as Argo CD decides, with tool output cached and traced back to repository lines.
/// </summary>
public sealed class SourceRenderer(RenderContext context)
{
    public const string MissingPath = "render/missing-source-path";
    public const string RenderFailed = "render/render-failed";
    public const string Timeout = "render/timeout";
    public const string MissingValuesFile = "render/missing-values-file";
    public const string InvalidValues = "render/invalid-values";
    public const string ObjectsLost = "render/objects-lost";
    public const string EmptySource = "render/empty-source";
    public const string CannotRenderOffline = "render/cannot-render-offline";

    public async Task<SourceOutput> RenderAsync(ApplicationDefinition app, SourceDefinition source, string cluster, string kubernetesVersion, CancellationToken ct)
    {
        var finding = Finder(app, source);
        if (source.Path is null) return SourceOutput.Failed(finding(MissingPath, "source has no path", "path"));
        var folder = RepositoryPaths.Combine("", source.Path);
        if (folder is null) return SourceOutput.Failed(finding(KustomizeSafety.OutsideRepository, $"path \"{source.Path}\" leaves the repository", "path"));
        var full = Path.Combine(context.Repository.Root, folder);
        if (!Directory.Exists(full)) return SourceOutput.Failed(finding(MissingPath, $"path \"{source.Path}\" does not exist in this repository", "path"));
        if (source.Plugin is not null) return SourceOutput.Failed(finding(KustomizeSafety.PluginRefused, "config management plugins run arbitrary code and cannot render offline; its objects are not checked and this cluster's render counts as failed", "plugin"));

        var output = File.Exists(Path.Combine(full, "Chart.yaml")) ? await new HelmRenderer(context).RenderAsync(app, source, folder, cluster, kubernetesVersion, ct)
            : KustomizeSafety.FindKustomization(context.Repository, folder) is not null ? await new KustomizeRenderer(context).RenderAsync(app, source, folder, cluster, ct)
            : DirectoryRenderer.Render(context.Repository, app, source, folder, cluster);
        return Accounted(output, context.Repository, app, source, folder);
    }

    /// <summary>
    /// The invariant every renderer is held to: documents emitted = objects handed on + documents refused with a finding.
    /// A source that renders nothing although its folder holds manifests is an error too — never a quiet empty render.
    /// </summary>
    public static SourceOutput Accounted(SourceOutput output, ParsedRepository repository, ApplicationDefinition app, SourceDefinition source, string folder)
    {
        var finding = Finder(app, source);
        var extra = new List<Finding>();
        var lost = output.Emitted - output.Objects.Count - output.Refused;
        if (lost != 0)
        {
            extra.Add(finding(ObjectsLost,
                $"{folder} emitted {output.Emitted} document(s) but {output.Objects.Count} object(s) were handed on and {output.Refused} refused with a finding: {Math.Abs(lost)} unaccounted for (a harness defect; the render counts as failed)",
                "path"));
        }
        if (output.Objects.Count == 0 && !output.Findings.Any(f => f.Severity == Severity.Error) && HoldsManifests(repository, folder) is { } what)
        {
            extra.Add(finding(EmptySource, $"{folder} renders no object although it holds {what}; Argo CD would sync nothing", "path"));
        }
        return extra.Count == 0 ? output : output with { Findings = [.. output.Findings, .. extra] };
    }

    /// <summary>What in <paramref name="folder"/> (recursively) promises objects: manifests, a kustomization, a chart, or JSON/Jsonnet files.</summary>
    private static string? HoldsManifests(ParsedRepository repository, string folder)
    {
        var prefix = folder.Length == 0 ? "" : folder + "/";
        var file = repository.Files.FirstOrDefault(f => f.Path.StartsWith(prefix, StringComparison.Ordinal)
            && (f.File.Kind is FileKind.Kustomization or FileKind.HelmChart || (f.File.Kind == FileKind.Manifest && f.Mappings.Any())));
        if (file is not null) return file.File.Kind switch { FileKind.Kustomization => $"a kustomization ({file.Path})", FileKind.HelmChart => $"a chart ({file.Path})", _ => $"manifests ({file.Path})" };
        return DirectoryRenderer.OtherManifestFiles(repository.Root, folder, recurse: true).FirstOrDefault() is { } other ? $"manifests ({other})" : null;
    }

    internal static Func<string, string, string?, Finding> Finder(ApplicationDefinition app, SourceDefinition source) =>
        (rule, message, field) => app.Object.Finding(Stages.Render, Severity.Error, rule, $"Application {app.Name}: {message}",
            field is null ? source.At : source.At.Key(field)) with { Application = app.Name };

    /// <summary>A tool failure as one finding, at the file the tool's message names or else at the Application's path.</summary>
    internal static SourceOutput Failure(RenderContext context, ApplicationDefinition app, SourceDefinition source, ToolFailure failure, string cluster, IReadOnlySet<string> reached, string folder)
    {
        var rule = failure.TimedOut ? Timeout : RenderFailed;
        var location = ToolMessageLocation.Find(failure.Message, context.Repository, folder) ?? app.Object.Locate(source.At.Key("path"));
        var message = failure.TimedOut
            ? $"rendering {folder} for Application {app.Name} timed out (one tool run may take {context.Options.ToolTimeout.TotalSeconds:0} s, all of them together {context.Options.Budget.TotalSeconds:0} s)"
            : $"rendering {folder} for Application {app.Name} failed: {failure.Message}";
        return new SourceOutput([], [new Finding(Stages.Render, Severity.Error, rule, message, location, cluster, app.Name)], reached);
    }
}
