using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

/// <summary>
/// Renders one source of one Application from the working tree with the renderer of its type (<see cref="SourceRenderers"/>),
/// the type decided once by <see cref="SourceTypeDecision"/>; every renderer's output is held to the same accounting.
/// </summary>
internal sealed class SourceRenderer(RenderContext context)
{
    public async Task<SourceOutput> RenderAsync(SourceDecision decision, string cluster, string kubernetesVersion, CancellationToken ct)
    {
        if (decision.Problems.Count > 0 || decision.Folder is not { } folder) return SourceOutput.Failed([.. decision.Problems]);
        if (SourceRenderers.Find(decision.Type) is not { } renderer)
            return SourceOutput.Failed(SourceFindings.At(decision.Application, decision.Source)(RenderRules.CannotRenderOffline, $"source type {decision.Type} has no renderer in this harness; its objects are not checked", "path"));
        var output = await renderer.RenderAsync(context, new SourceRequest(decision.Application, decision.Source, folder, cluster, kubernetesVersion), ct);
        return Accounted(Identified(output, decision.Application), context.Repository, decision.Application, decision.Source, folder);
    }

    /// <summary>
    /// Objects and findings carry the Application's identity (namespace and name), whatever name a renderer gave them:
    /// two Applications of one name in different namespaces are two Applications.
    /// </summary>
    private static SourceOutput Identified(SourceOutput output, ApplicationDefinition app)
    {
        if (app.Identity == app.Name) return output;
        return output with
        {
            Objects = output.Objects.Select(o => o.Application == app.Name ? o with { Application = app.Identity } : o).ToList(),
            Findings = output.Findings.Select(f => f.Application == app.Name ? f with { Application = app.Identity } : f).ToList(),
        };
    }

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
