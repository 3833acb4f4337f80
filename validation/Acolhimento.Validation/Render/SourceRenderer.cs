using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

/// <summary>What rendering one Application source produced.</summary>
public sealed record SourceOutput(IReadOnlyList<RenderedObject> Objects, IReadOnlyList<Finding> Findings, IReadOnlySet<string> ReachedFolders)
{
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
    public const string UnsupportedSource = "render/unsupported-source";
    public const string InvalidValues = "render/invalid-values";

    public async Task<SourceOutput> RenderAsync(ApplicationDefinition app, SourceDefinition source, string cluster, string kubernetesVersion, CancellationToken ct)
    {
        var finding = Finder(app, source);
        if (source.Path is null) return SourceOutput.Failed(finding(MissingPath, "source has no path", "path"));
        var folder = RepositoryPaths.Combine("", source.Path);
        if (folder is null) return SourceOutput.Failed(finding(KustomizeSafety.OutsideRepository, $"path \"{source.Path}\" leaves the repository", "path"));
        var full = Path.Combine(context.Repository.Root, folder);
        if (!Directory.Exists(full)) return SourceOutput.Failed(finding(MissingPath, $"path \"{source.Path}\" does not exist in this repository", "path"));
        if (source.Plugin is not null) return SourceOutput.Failed(finding(KustomizeSafety.PluginRefused, "config management plugins run arbitrary code; not rendered on pull-request content", "plugin"));

        if (File.Exists(Path.Combine(full, "Chart.yaml"))) return await new HelmRenderer(context).RenderAsync(app, source, folder, cluster, kubernetesVersion, ct);
        if (KustomizeSafety.FindKustomization(context.Repository, folder) is not null) return await new KustomizeRenderer(context).RenderAsync(app, source, folder, cluster, ct);
        return DirectoryRenderer.Render(context.Repository, app, source, folder, cluster);
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
            ? $"rendering {folder} for Application {app.Name} timed out after {context.Options.ToolTimeout.TotalSeconds:0} s"
            : $"rendering {folder} for Application {app.Name} failed: {failure.Message}";
        return new SourceOutput([], [new Finding(Stages.Render, Severity.Error, rule, message, location, cluster, app.Name)], reached);
    }
}
