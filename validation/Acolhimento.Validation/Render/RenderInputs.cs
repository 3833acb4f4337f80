using Acolhimento.Validation.Discovery;

namespace Acolhimento.Validation.Render;

/// <summary>
/// What a render can read, for the cache key and the workspace copy alike: the repository without Git's own folder, and without the harness's own top-level folders (<see cref="HarnessFolders.Own"/>),
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

    /// <summary>
    /// Every file a render can read, in ordinal order of full path: the one walk behind the render cache's fingerprint
    /// and the diff's changed-file list. Linked folders are not followed (a link could leave the repository or loop);
    /// a linked file is listed, and each caller decides how to read it.
    /// </summary>
    public IReadOnlyList<FileInfo> Files()
    {
        var files = new List<FileInfo>();
        var folders = new Stack<string>();
        folders.Push(_root);
        while (folders.Count > 0)
        {
            var folder = folders.Pop();
            foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos())
            {
                if (Excludes(folder, entry)) continue;
                if (entry is DirectoryInfo d)
                {
                    if (d.LinkTarget is null) folders.Push(d.FullName);
                }
                else if (entry is FileInfo f) files.Add(f);
            }
        }
        files.Sort((a, b) => StringComparer.Ordinal.Compare(a.FullName, b.FullName));
        return files;
    }

    /// <summary>True when <paramref name="entry"/>, found in <paramref name="folder"/>, is not something a render can read.</summary>
    /// <remarks>Build-output folder names (<c>bin</c>, <c>obj</c>, <c>node_modules</c>) are not skipped: Argo CD reads them like any folder, so a kustomization can too.</remarks>
    public bool Excludes(string folder, FileSystemInfo entry) =>
        (entry is DirectoryInfo && entry.Name == HarnessFolders.Git) || (!_rootIsRenderable && folder == _root && entry is DirectoryInfo && HarnessFolders.Own.Contains(entry.Name));
}
