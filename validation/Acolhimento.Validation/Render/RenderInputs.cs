using Acolhimento.Validation.Discovery;

namespace Acolhimento.Validation.Render;

/// <summary>
/// What a render can read, for the workspace copy and the diff's changed-file list: the repository without Git's own
/// folder, and without the harness's own top-level folders (<see cref="HarnessFolders.Own"/>), which no kustomization
/// or chart can reach (Kustomize loads only from inside each kustomization's root, and no kustomization or chart root is
/// above them) — unless one sits at the very top, which could read anything. The render cache's key takes the harness
/// folders too (<paramref name="withHarnessFolders"/>): a Helm value file may name any file of the repository.
/// </summary>
internal sealed class RenderInputs(string root, bool withHarnessFolders = false)
{
    private readonly bool _rootIsRenderable = withHarnessFolders
        || RepositoryScanner.KustomizationFileNames.Any(n => File.Exists(Path.Combine(root, n))) || File.Exists(Path.Combine(root, "Chart.yaml"));

    /// <summary>
    /// Every file a render can read, in ordinal order of full path: regular files and links (a caller reads a link as
    /// its target only through <see cref="RepositoryLinks"/>); FIFOs, sockets and devices are left out — they are never
    /// opened, and a source whose folder holds one is not rendered. Linked folders are not entered (their targets are
    /// walked where they are).
    /// </summary>
    public IReadOnlyList<FileInfo> Files()
    {
        var files = RepositoryTree.Walk(root, "", Excludes)
            .Where(e => e.Type is EntryType.RegularFile or EntryType.SymbolicLink)
            .Select(e => new FileInfo(Path.Combine(root, e.Path)))
            .ToList();
        files.Sort((a, b) => StringComparer.Ordinal.Compare(a.FullName, b.FullName));
        return files;
    }

    /// <summary>True when <paramref name="entry"/>, found in <paramref name="folder"/>, is not something a render can read.</summary>
    /// <remarks>Build-output folder names (<c>bin</c>, <c>obj</c>, <c>node_modules</c>) are not skipped: Argo CD reads them like any folder, so a kustomization can too.</remarks>
    public bool Excludes(string folder, FileSystemInfo entry) =>
        (entry is DirectoryInfo && entry.Name == HarnessFolders.Git) || (!_rootIsRenderable && folder == root && entry is DirectoryInfo && HarnessFolders.Own.Contains(entry.Name))
        || (withHarnessFolders && entry is DirectoryInfo && HarnessFolders.NeverRead.Contains(entry.Name) && InsideHarnessFolder(folder));

    /// <summary>
    /// True inside one of the harness's own folders (<see cref="HarnessFolders.Own"/>), whose build output (bin/, obj/, …)
    /// no kustomization reaches and a Helm render keys by the files it names (<see cref="HelmRenderer"/>): hashing a
    /// hundred megabytes of the harness's own build on every run would cost more than the render it guards, and every
    /// build would void the cache.
    /// </summary>
    private bool InsideHarnessFolder(string folder)
    {
        var relative = Path.GetRelativePath(root, folder).Replace('\\', '/');
        var first = relative.Split('/')[0];
        return relative != "." && HarnessFolders.Own.Contains(first);
    }
}
