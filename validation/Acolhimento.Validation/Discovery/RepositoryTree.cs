namespace Acolhimento.Validation.Discovery;

/// <summary>One entry met while walking the repository: its repo-relative path as reached, what it is, and where it leads when it is a link.</summary>
internal sealed record TreeEntry(string Path, EntryType Type, PathResolution? Link = null)
{
    /// <summary>What a reader of <see cref="Path"/> opens: the entry itself, or the target of a link that may be followed.</summary>
    public EntryType ReadAs => Type == EntryType.SymbolicLink ? Link is { Refused: false } l ? l.TargetType : EntryType.Missing : Type;

    /// <summary>Repo-relative path of what a reader opens (the link's target for a link).</summary>
    public string ReadPath => Link?.Target ?? Path;
}

/// <summary>
/// The one walk over the repository's folders that opens nothing: entries in ordinal order, each with its type from
/// <see cref="EntryTypes"/> and, for a link, its <see cref="RepositoryLinks"/> resolution. Links are never entered
/// unless asked, and then only when they stay inside the repository, each real folder once (a link to an ancestor
/// cannot make the walk endless). Folders that cannot be listed are skipped (discovery reports them).
/// </summary>
internal static class RepositoryTree
{
    /// <param name="skip">True for an entry (by its parent's full path and its own info) that is not wanted, with all below it.</param>
    public static IEnumerable<TreeEntry> Walk(string root, string folder, Func<string, FileSystemInfo, bool>? skip = null, bool enterLinkedFolders = false)
    {
        var realRoot = RepositoryLinks.RealRoot(root);
        var visited = new HashSet<string>(StringComparer.Ordinal) { folder };
        var pending = new Stack<string>();
        pending.Push(folder);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            var full = current.Length == 0 ? root : System.IO.Path.Combine(root, current);
            List<FileSystemInfo> entries;
            try
            {
                entries = new DirectoryInfo(full).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            var below = new List<string>();
            foreach (var info in entries)
            {
                if (skip?.Invoke(full, info) == true) continue;
                var path = current.Length == 0 ? info.Name : current + "/" + info.Name;
                var type = EntryTypes.Of(info.FullName);
                var entry = type == EntryType.SymbolicLink ? new TreeEntry(path, type, RepositoryLinks.Resolve(realRoot, path)) : new TreeEntry(path, type);
                yield return entry;
                if (type == EntryType.Folder) below.Add(path);
                else if (enterLinkedFolders && entry.ReadAs == EntryType.Folder && visited.Add(entry.ReadPath)) below.Add(path);
            }
            for (var i = below.Count - 1; i >= 0; i--) pending.Push(below[i]); // ordinal order, depth first
        }
    }
}
