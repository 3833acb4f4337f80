using Acolhimento.Validation.Discovery;

namespace Acolhimento.Validation.Render;

/// <summary>
/// What a render can read, for the cache key and the workspace copy alike: the repository without
/// <see cref="HarnessFolders.NeverRead"/>, and without the harness's own top-level folders (<see cref="HarnessFolders.Own"/>),
/// which no kustomization or chart can reach (Kustomize loads only from inside each kustomization's root, and no
/// kustomization or chart root is above them) — unless one sits at the very top, which could read anything.
/// </summary>
internal sealed class RenderInputs
{
    private readonly string _root;
    private readonly bool _rootIsRenderable;

    public RenderInputs(string root)
    {
        _root = root;
        _rootIsRenderable = RepositoryScanner.KustomizationFileNames.Any(n => File.Exists(Path.Combine(root, n))) || File.Exists(Path.Combine(root, "Chart.yaml"));
    }

    /// <summary>True when <paramref name="entry"/>, found in <paramref name="folder"/>, is not something a render can read.</summary>
    public bool Excludes(string folder, FileSystemInfo entry) =>
        HarnessFolders.NeverRead.Contains(entry.Name) || (!_rootIsRenderable && folder == _root && entry is DirectoryInfo && HarnessFolders.Own.Contains(entry.Name));
}
