namespace Acolhimento.Validation.Render;

/// <summary>
/// One kind of Application source Argo CD renders (its <c>ApplicationSourceType</c>). Which kind a source is, is
/// decided once, by <see cref="SourceTypeDecision"/>; the renderer only renders.
/// </summary>
internal interface ISourceRenderer
{
    /// <summary>Argo CD's name of the source type: <c>Directory</c>, <c>Kustomize</c>, <c>Helm</c>, <c>Plugin</c>.</summary>
    string Type { get; }

    /// <summary>The objects of one source and the findings about it; never throws for bad input (that is a finding).</summary>
    Task<SourceOutput> RenderAsync(RenderContext context, SourceRequest request, CancellationToken ct);
}

/// <summary>One source of one Application to render: the source as Argo CD sees it (overrides merged) and its folder in the repository.</summary>
internal sealed record SourceRequest(ApplicationDefinition Application, SourceDefinition Source, string Folder, string Cluster, string KubernetesVersion);

/// <summary>The registry of source renderers: a new source type is one class here plus its rule in <see cref="SourceTypeDecision"/>.</summary>
internal static class SourceRenderers
{
    public static IReadOnlyList<ISourceRenderer> All { get; } =
    [
        new DirectorySource(),
        new KustomizeSource(),
        new HelmSource(),
        new PluginSource(),
    ];

    public static ISourceRenderer? Find(string type) => All.FirstOrDefault(r => string.Equals(r.Type, type, StringComparison.Ordinal));
}

/// <summary>Plain manifests (YAML and JSON) and Jsonnet, evaluated with the pinned interpreter (<see cref="Jsonnet.JsonnetEvaluation"/>).</summary>
internal sealed class DirectorySource : ISourceRenderer
{
    public string Type => SourceTypes.Directory;

    public async Task<SourceOutput> RenderAsync(RenderContext context, SourceRequest request, CancellationToken ct)
    {
        var (files, jsonnet) = DirectoryRenderer.Read(context.Repository, request.Application, request.Source, request.Folder, request.Cluster);
        if (jsonnet.Count == 0) return files;
        var evaluated = await Jsonnet.JsonnetEvaluation.RenderAsync(context, request, jsonnet, ct);
        return files with
        {
            Objects = [.. files.Objects, .. evaluated.Objects],
            Findings = [.. files.Findings, .. evaluated.Findings],
            Emitted = files.Emitted + evaluated.Emitted,
            Refused = files.Refused + evaluated.Refused,
        };
    }
}

internal sealed class KustomizeSource : ISourceRenderer
{
    public string Type => SourceTypes.Kustomize;

    public Task<SourceOutput> RenderAsync(RenderContext context, SourceRequest request, CancellationToken ct) =>
        KustomizeSafety.FindKustomization(context.Repository, request.Folder) is null
            // An explicit kustomize block on a folder without a kustomization: Argo CD runs kustomize build, which fails.
            ? Task.FromResult(SourceOutput.Failed(SourceFindings.At(request.Application, request.Source)(RenderRules.RenderFailed,
                $"kustomize build finds no {string.Join(", ", Discovery.RepositoryScanner.KustomizationFileNames.Order(StringComparer.Ordinal))} in {request.Folder}; Argo CD fails this source", "path")))
            : new KustomizeRenderer(context).RenderAsync(request.Application, request.Source, request.Folder, request.Cluster, ct);
}

internal sealed class HelmSource : ISourceRenderer
{
    public string Type => SourceTypes.Helm;

    /// <summary>Dependencies that are not vendored are placed from the chart cache first, as Argo CD's <c>helm dependency build</c> would fetch them.</summary>
    public Task<SourceOutput> RenderAsync(RenderContext context, SourceRequest request, CancellationToken ct)
    {
        var dependencies = Charts.ChartDependencies.Of(context.Repository.Root, request.Folder);
        return dependencies is { Missing.Count: 0, Problems.Count: 0 }
            ? new HelmRenderer(context).RenderAsync(request.Application, request.Source, request.Folder, request.Cluster, request.KubernetesVersion, ct)
            : Charts.DependencyWorkspace.RenderAsync(context, request, dependencies, ct);
    }
}

/// <summary>Config management plugins run arbitrary code in Argo CD's sidecars: never run here, always said.</summary>
internal sealed class PluginSource : ISourceRenderer
{
    public string Type => SourceTypes.Plugin;

    public Task<SourceOutput> RenderAsync(RenderContext context, SourceRequest request, CancellationToken ct)
    {
        var plugin = request.Source.Plugin?.String("name") is { Length: > 0 } name ? $"config management plugin {name}" : "a config management plugin (chosen by discovery)";
        var into = request.Application.DestinationNamespace is { } ns ? $" into namespace {ns}" : "";
        return Task.FromResult(SourceOutput.Failed(SourceFindings.At(request.Application, request.Source)(RenderRules.PluginRefused,
            $"cannot check: {plugin} renders {request.Folder}/ and runs arbitrary code, so it cannot render offline; what this source would deploy{into} is not checked. "
            + $"Every other source and object of cluster {request.Cluster} is still checked; the checks that need its whole object set are skipped and listed (policy/checks-skipped)", "plugin")));
    }
}
