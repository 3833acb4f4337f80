namespace Acolhimento.Validation.Discovery;

/// <summary>Where a path of the repository leads once every symbolic link on it is followed, or why it may not be followed.</summary>
/// <param name="Target">Repo-relative path of the final target (null when refused).</param>
/// <param name="Rule">The discovery rule a refusal breaks (null when the path may be read).</param>
public sealed record PathResolution(string? Target, EntryType TargetType, string? Rule, string? Problem)
{
    public bool Refused => Rule is not null;
}

/// <summary>
/// Resolves paths of the repository component by component, as the kernel does, without opening anything: each link
/// is read with readlink and its target walked in turn, so a loop is counted rather than followed for ever, a target
/// outside the repository (or in a folder no stage reads) is refused, and a FIFO, socket or device at the end is
/// refused before anyone opens it.
/// </summary>
internal static class RepositoryLinks
{
    /// <summary>Linux's own bound on links followed while resolving one path (MAXSYMLINKS).</summary>
    public const int MaxLinksFollowed = 40;

    /// <summary>The repository root with every link on it resolved: the base against which targets are judged inside or out.</summary>
    public static string RealRoot(string root) => Walk("/", Components(Path.GetFullPath(root))).Resolved ?? Path.GetFullPath(root);

    /// <summary>Where <paramref name="relativePath"/> (repo-relative, forward slashes) leads from <paramref name="realRoot"/>.</summary>
    public static PathResolution Resolve(string realRoot, string relativePath)
    {
        var (resolved, type, problem, followed) = Walk(realRoot, Components(relativePath));
        if (type == EntryType.Missing && problem is null) return new PathResolution(null, EntryType.Missing, null, null); // no link on the way: simply absent
        if (problem is not null) return new PathResolution(null, EntryType.Missing, RepositoryScanner.SymlinkUnresolvable, problem.Replace(realRoot + "/", "", StringComparison.Ordinal));
        if (!RepositoryPaths.IsInside(realRoot, resolved!) && resolved != realRoot)
            return new PathResolution(null, type, RepositoryScanner.SymlinkOutside, $"it leads outside the repository ({resolved}); tools would read files nobody reviews");
        var target = RepositoryPaths.Relative(realRoot, resolved!);
        if (target == ".") target = "";
        if (followed > 0 && target.Split('/').FirstOrDefault(HarnessFolders.NeverRead.Contains) is { } hidden)
            return new PathResolution(null, type, RepositoryScanner.SymlinkOutside, $"it leads into {hidden}/ ({target}), which no stage reviews");
        if (type == EntryType.Special)
            return new PathResolution(null, type, RepositoryScanner.SpecialFile, $"it leads to {target}, a FIFO, socket or device; never read");
        return new PathResolution(target, type, null, null);
    }

    private static (string? Resolved, EntryType Type, string? Problem, int Followed) Walk(string start, IEnumerable<string> components)
    {
        var pending = new LinkedList<string>(components);
        var resolved = start;
        var type = EntryType.Folder;
        var followed = 0;
        while (pending.First is { } first)
        {
            pending.RemoveFirst();
            var part = first.Value;
            if (part is "" or ".") continue;
            if (type != EntryType.Folder) return (null, EntryType.Missing, followed == 0 ? null : $"{resolved} is not a folder, yet the path goes on through it", followed);
            if (part == "..")
            {
                resolved = Path.GetDirectoryName(resolved) ?? "/";
                continue;
            }
            var candidate = Path.Join(resolved, part);
            type = EntryTypes.Of(candidate);
            switch (type)
            {
                case EntryType.Missing:
                    return (null, type, followed == 0 ? null : $"its target {candidate} does not exist", followed);
                case EntryType.SymbolicLink:
                    if (++followed > MaxLinksFollowed) return (null, type, $"more than {MaxLinksFollowed} links in a row (a loop) at {candidate}", followed);
                    var target = new FileInfo(candidate).LinkTarget ?? "";
                    foreach (var inner in Components(target).Reverse()) pending.AddFirst(inner);
                    if (Path.IsPathRooted(target)) resolved = "/";
                    type = EntryType.Folder; // the walk continues from the folder holding the link (or the root)
                    continue;
                default:
                    resolved = candidate;
                    continue;
            }
        }
        return (resolved, type, null, followed);
    }

    private static string[] Components(string path) => path.Replace('\\', '/').Split('/');
}
