using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Render;

namespace Acolhimento.Validation.Pipeline;

/// <summary>
/// A run that checked nothing is never a pass: a declared cluster whose render holds no object, or a repository that holds
/// Kubernetes configuration while no cluster is declared, makes the run "could not validate" (exit 2) with one sentence
/// saying what was not checked and how to declare it. Without this, a repository shaped unlike ours passed with 0 objects.
/// </summary>
internal static class NothingChecked
{
    /// <summary>Why the run checked nothing it should have, or null when every selected cluster rendered objects.</summary>
    /// <param name="shard">A share of the clusters: one that fell no cluster is not "no cluster declared" (every shard of a repository without clusters says so).</param>
    public static string? Reason(ParsedRepository repository, RenderResult rendered, IReadOnlyList<string> clusterFilter, ClusterShard? shard = null)
    {
        var empty = rendered.Clusters.Where(c => c.Objects.Count == 0).Select(c => c.Name).ToList();
        if (empty.Count > 0)
        {
            return $"cluster{(empty.Count == 1 ? "" : "s")} {string.Join(", ", empty)} rendered no object, so nothing of {(empty.Count == 1 ? "it" : "them")} was checked: "
                + $"point each cluster's entryPoints in {Configuration.RepositoryConfiguration.FileName} at the folder Argo CD starts from (its Applications, app-of-apps chart or kustomization)";
        }
        // A clusters/<name>/ folder left undeclared, or Flux objects, render nothing either: those errors alone do not make the run "checked".
        var failed = rendered.Findings.Any(f => f.Stage == Findings.Stages.Render && f.Severity == Findings.Severity.Error && f.Rule is not (RenderRules.UndeclaredCluster or RenderRules.FluxNotRendered));
        if (rendered.Clusters.Count > 0 || clusterFilter.Count > 0 || failed) return null;
        if (shard is not null && ClusterLayout.ClusterNames(repository.Root).Count > 0) return null;
        if (ConfigurationHeld(repository) is not { } held) return null;
        var undeclared = rendered.Findings.Where(f => f.Rule == RenderRules.UndeclaredCluster).ToList();
        return $"no cluster is declared, yet the repository holds Kubernetes configuration ({held}) that nothing checked: "
            + $"declare each cluster in {Configuration.RepositoryConfiguration.FileName} under spec.clusters with its entryPoints (`init` proposes them), or add a clusters/<name>/ folder"
            + (undeclared.Count > 0 ? $"; {undeclared.Count} clusters/<name>/ folder(s) are not declared either (see the render/undeclared-cluster findings)" : "");
    }

    /// <summary>The first file that promises objects (a manifest, a kustomization or a chart) and how many there are, or null.</summary>
    private static string? ConfigurationHeld(ParsedRepository repository)
    {
        var files = repository.Files.Where(f => f.File.Kind is FileKind.Kustomization or FileKind.HelmChart
            || (f.File.Kind == FileKind.Manifest && f.Mappings.Any())).Select(f => f.Path).Order(StringComparer.Ordinal).ToList();
        return files.Count == 0 ? null : $"{files.Count} file(s) of manifests, kustomizations or charts, the first {files[0]}";
    }
}
