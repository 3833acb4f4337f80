using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

/// <summary>
/// A Kustomize source: checked for unsafe inputs first, built by kubectl's kustomize in a prepared copy of the
/// repository (cached), and traced back to bases, patches and overlay entries.
/// </summary>
internal sealed class KustomizeRenderer(RenderContext context)
{
    /// <param name="scanned">The safety scan of <paramref name="folder"/> when the caller made it already (a copy with remote bases and charts placed).</param>
    public async Task<SourceOutput> RenderAsync(ApplicationDefinition app, SourceDefinition source, string folder, string cluster, CancellationToken ct, KustomizeSafety.ScanResult? scanned = null)
    {
        var enableHelm = context.Configuration.KustomizeBuild.EnableHelm;
        var scan = scanned ?? KustomizeSafety.Scan(context.Repository, folder, enableHelm);
        if (scan.Findings.Count > 0) return new SourceOutput([], scan.Findings.Select(f => f with { Cluster = cluster, Application = app.Name }).ToList(), scan.ReachedFolders);
        if (scan.NeedsExternals) return await Remote.KustomizeExternals.RenderAsync(context, app, source, folder, cluster, scan, ct);

        var options = source.Kustomize;
        // Argo CD adds the destination's version and APIs to a build with --enable-helm (kustomize 5.3 and later).
        var helm = enableHelm ? HelmArguments(context.Capabilities(cluster)) : [];
        var key = RenderCache.Key([ "kustomize", context.Tools.KustomizeVersion, folder, options?.ToJsonString() ?? "", await context.InputsKeyAsync(scan.Reads),
            .. helm.Count == 0 ? Array.Empty<string>() : ["helm", context.Tools.HelmVersion, .. helm] ]);
        var output = await context.CachedAsync(key, async () =>
        {
            using var workspace = context.Workspace(folder, options);
            var tools = await context.ResolveToolsAsync(ct);
            var result = await context.RunToolAsync(new ProcessSpec(tools.Kubectl, [.. KustomizeArguments(workspace.PathOf(folder), enableHelm), .. helm.Count == 0 ? [] : (string[])["--helm-command", tools.Helm, .. helm]], context.Options.ToolTimeout,
                Environment: ToolEnvironment.Isolated(workspace.Root)), ct);
            return (result, workspace.Unroot(result.StandardError + result.StandardOutput));
        });
        var noOps = new KustomizeNoOps(context.Repository, context.Texts);
        if (output.Failure is { } failure)
        {
            // Entries Kustomize refuses (a patch or replicas entry selecting nothing, a JSON patch on a missing path) are reported at the entry, in the gate's words.
            return !failure.TimedOut && noOps.LocateFailure(folder, failure.Output) is { } entry
                ? new SourceOutput([], [entry with { Cluster = cluster, Application = app.Name }], scan.ReachedFolders)
                : SourceFindings.Failure(context, app, source, failure, cluster, scan.ReachedFolders, folder);
        }

        var provenance = new KustomizeProvenance(context.Repository, context.Texts);
        var objects = new List<RenderedObject>();
        var appOverrides = ApplicationKustomizeOverrides(app, source);
        var kustomizationFile = KustomizeSafety.FindKustomization(context.Repository, folder)!.Path;
        var documents = ToolOutputReader.Read(output.Text);
        var refused = new List<Finding>();
        foreach (var emitted in documents.Objects)
        {
            var (clean, trace) = provenance.Trace(emitted.Body, folder, new SourceLocation(kustomizationFile, 1, 1));
            if (RenderedObjects.Identify(clean) is not { } id)
            {
                // Only build annotations were removed, so this cannot happen; if it does, it is said, not swallowed.
                refused.Add(ToolOutputFindings.Refused(new RefusedDocument(emitted.OutputLine, RenderRules.NotAnObject, "the object lost its identity when build annotations were removed", emitted.Text),
                    trace.Origin, "kubectl kustomize", app, cluster));
                continue;
            }
            objects.Add(new RenderedObject(id, clean, trace with { Overrides = [.. trace.Overrides, .. appOverrides] }, cluster, app.Name));
        }
        foreach (var document in documents.Refused)
        {
            var origin = KustomizeProvenance.OriginPath(document.Text) is { } path && RepositoryPaths.Combine(folder, path) is { } file && File.Exists(Path.Combine(context.Repository.Root, file))
                ? new SourceLocation(file, 1, 1)
                : new SourceLocation(kustomizationFile, 1, 1);
            refused.Add(ToolOutputFindings.Refused(document, origin, "kubectl kustomize", app, cluster));
        }
        // With documents refused the object set is incomplete: entries would seem to select nothing. The refusal already fails.
        var skipped = refused.Count > 0 ? [] : noOps.Check(folder, objects).Select(f => f with { Cluster = cluster, Application = app.Name });
        return new SourceOutput(objects, [.. refused, .. skipped], scan.ReachedFolders) { Emitted = documents.Emitted, Refused = refused.Count };
    }

    /// <summary>
    /// Safe settings spelled out rather than trusted to defaults: files only from inside each kustomization's root,
    /// no plugins, no exec functions, no Helm inflation.
    /// </summary>
    internal static IReadOnlyList<string> KustomizeArguments(string folder, bool enableHelm = false) =>
        ["kustomize", folder, "--load-restrictor", "LoadRestrictionsRootOnly", "--enable-alpha-plugins=false", enableHelm ? "--enable-helm" : "--enable-helm=false"];

    /// <summary>What Helm inside Kustomize is told about the destination cluster, as Argo CD passes it (<c>--helm-kube-version</c>, <c>--helm-api-versions</c>).</summary>
    private static IReadOnlyList<string> HelmArguments(Helm.ClusterCapabilities capabilities) =>
        [.. string.IsNullOrEmpty(capabilities.KubeVersion) ? [] : (string[])["--helm-kube-version", capabilities.KubeVersion], .. capabilities.ApiVersions.SelectMany(v => (string[])["--helm-api-versions", v])];

    /// <summary>Fields an Application's own kustomize options set are attributed to those options in the Application.</summary>
    private static IEnumerable<FieldSource> ApplicationKustomizeOverrides(ApplicationDefinition app, SourceDefinition source)
    {
        if (source.Kustomize is not { } options) yield break;
        var at = source.At.Key("kustomize");
        if (options["namePrefix"] is not null || options["nameSuffix"] is not null)
            yield return new FieldOverride(ObjectPath.Of("metadata", "name"), app.Object.Locate(at.Key(options["namePrefix"] is not null ? "namePrefix" : "nameSuffix")));
        if (options["namespace"] is not null) yield return new FieldOverride(ObjectPath.Of("metadata", "namespace"), app.Object.Locate(at.Key("namespace")));
        foreach (var entry in options.Mapping("commonLabels")?.Entries ?? [])
            yield return new FieldOverride(ObjectPath.Of("metadata", "labels", entry.Key.Value), app.Object.Locate(at.Key("commonLabels").Key(entry.Key.Value)));
        foreach (var entry in options.Mapping("commonAnnotations")?.Entries ?? [])
            yield return new FieldOverride(ObjectPath.Of("metadata", "annotations", entry.Key.Value), app.Object.Locate(at.Key("commonAnnotations").Key(entry.Key.Value)));
    }
}
