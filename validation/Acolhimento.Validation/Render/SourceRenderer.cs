using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

/// <summary>
/// Renders one source of one Application from the working tree: Kustomize, Helm or a plain directory,
/// decided as Argo CD decides, with tool output cached and traced back to repository lines.
/// </summary>
public sealed class SourceRenderer(RenderContext context)
{
    public async Task<SourceOutput> RenderAsync(ApplicationDefinition app, SourceDefinition source, string cluster, string kubernetesVersion, CancellationToken ct)
    {
        var finding = SourceFindings.At(app, source);
        if (source.Path is null) return SourceOutput.Failed(finding(RenderRules.MissingPath, "source has no path", "path"));
        var folder = RepositoryPaths.Combine("", source.Path);
        if (folder is null) return SourceOutput.Failed(finding(RenderRules.OutsideRepository, $"path \"{source.Path}\" leaves the repository", "path"));
        var full = Path.Combine(context.Repository.Root, folder);
        if (!Directory.Exists(full)) return SourceOutput.Failed(finding(RenderRules.MissingPath, $"path \"{source.Path}\" does not exist in this repository", "path"));
        if (source.Plugin is not null) return SourceOutput.Failed(finding(RenderRules.PluginRefused, "config management plugins run arbitrary code and cannot render offline; its objects are not checked and this cluster's render counts as failed", "plugin"));

        var output = IsChart(context.Repository, folder) ? await new HelmRenderer(context).RenderAsync(app, source, folder, cluster, kubernetesVersion, ct)
            : KustomizeSafety.FindKustomization(context.Repository, folder) is not null ? await new KustomizeRenderer(context).RenderAsync(app, source, folder, cluster, ct)
            : DirectoryRenderer.Render(context.Repository, app, source, folder, cluster);
        return Accounted(output, context.Repository, app, source, folder);
    }

    /// <summary>True when discovery found a <c>Chart.yaml</c> in <paramref name="folder"/> (repo-relative; "" is the root): Argo CD renders it with Helm.</summary>
    public static bool IsChart(ParsedRepository repository, string folder) =>
        repository.Find(folder.Length == 0 ? "Chart.yaml" : $"{folder}/Chart.yaml")?.File.Kind == FileKind.HelmChart;

    /// <summary>
    /// The invariant every renderer is held to: documents emitted = objects handed on + documents refused with a finding.
    /// A source that renders nothing although its folder holds manifests is an error too — never a quiet empty render.
    /// </summary>
    public static SourceOutput Accounted(SourceOutput output, ParsedRepository repository, ApplicationDefinition app, SourceDefinition source, string folder)
    {
        var finding = SourceFindings.At(app, source);
        var extra = new List<Finding>();
        var lost = output.Emitted - output.Objects.Count - output.Refused;
        if (lost != 0)
        {
            extra.Add(finding(RenderRules.ObjectsLost,
                $"{folder} emitted {output.Emitted} document(s) but {output.Objects.Count} object(s) were handed on and {output.Refused} refused with a finding: {Math.Abs(lost)} unaccounted for (a harness defect; the render counts as failed)",
                "path"));
        }
        if (output.Objects.Count == 0 && !output.Findings.Any(f => f.Severity == Severity.Error) && HoldsManifests(repository, folder) is { } what)
        {
            extra.Add(finding(RenderRules.EmptySource, $"{folder} renders no object although it holds {what}; Argo CD would sync nothing", "path"));
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

}
