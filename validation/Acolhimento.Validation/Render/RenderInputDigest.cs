using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Acolhimento.Validation.Discovery;

namespace Acolhimento.Validation.Render;

/// <summary>
/// A hash of exactly the files one source's render reads, so that a change elsewhere in the repository leaves its cache
/// entry valid and a base checkout shares entries with the working tree. Each path named is hashed as what it is:
/// a file by its content, a folder by every entry below it (a tool may open any file under a kustomization root or a
/// chart folder), a missing path as missing (its appearing changes the render), a link as where it leads plus what is
/// there. Paths are repository-relative, so the same content at another root hashes the same. When a path cannot be
/// bounded — it leaves the repository, a link is refused or loops, a special file is met — there is no digest, and the
/// caller keys the render by the whole repository instead: a key that misses an input would let a stale render pass.
/// File hashes are kept for the run (the repository does not change under a run).
/// </summary>
internal sealed class RenderInputDigest(string root)
{
    /// <summary>Bumped when what a digest covers changes, so that old cache entries die.</summary>
    public const string Format = "render-reads-v1";

    private readonly Lazy<string> _realRoot = new(() => RepositoryLinks.RealRoot(root));
    private readonly ConcurrentDictionary<string, string> _fileHashes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string?> _digests = new(StringComparer.Ordinal);

    /// <summary>The digest of <paramref name="paths"/> (repository-relative; "" is the root), or null when what they read cannot be bounded.</summary>
    /// <remarks>Remembered per set of paths for the run: a fleet's clusters share their overlays and charts, walked once.</remarks>
    public string? Of(IEnumerable<string> paths)
    {
        var names = paths.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return _digests.GetOrAdd(string.Join("\0", names), _ => Compute(names));
    }

    private string? Compute(IReadOnlyList<string> paths)
    {
        var lines = new SortedSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>(paths);
        while (pending.Count > 0)
        {
            var path = pending.Dequeue();
            if (!seen.Add(path)) continue;
            var resolution = RepositoryLinks.Resolve(_realRoot.Value, path);
            if (resolution.Refused) return null;
            if (resolution.TargetType == EntryType.Missing)
            {
                lines.Add(path + "\0missing");
                continue;
            }
            var target = resolution.Target!;
            if (target != path) lines.Add(path + "\0leads to\0" + target); // a link on the way: where it leads is an input too
            switch (resolution.TargetType)
            {
                case EntryType.RegularFile:
                    lines.Add(target + "\0file\0" + FileHash(target));
                    break;
                case EntryType.Folder:
                    if (!Folder(target, lines, pending)) return null;
                    break;
                default:
                    return null; // a FIFO, socket or device: never read, and nothing to key by
            }
        }
        var text = Format + "\n" + string.Join("\n", lines);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>Every entry below <paramref name="folder"/> into <paramref name="lines"/>; links' targets queued. False when one cannot be bounded.</summary>
    private bool Folder(string folder, SortedSet<string> lines, Queue<string> pending)
    {
        lines.Add(folder + "\0folder");
        foreach (var entry in RepositoryTree.Walk(root, folder, (_, info) => info is DirectoryInfo && info.Name == HarnessFolders.Git))
        {
            switch (entry.Type)
            {
                case EntryType.RegularFile:
                    lines.Add(entry.Path + "\0file\0" + FileHash(entry.Path));
                    break;
                case EntryType.Folder:
                    lines.Add(entry.Path + "\0folder");
                    break;
                case EntryType.SymbolicLink when entry.Link is { Refused: false, Target: { } target }:
                    lines.Add(entry.Path + "\0leads to\0" + target);
                    pending.Enqueue(target);
                    break;
                default:
                    return false;
            }
        }
        return true;
    }

    private string FileHash(string relative) => _fileHashes.GetOrAdd(relative, r =>
    {
        try
        {
            using var stream = new FileStream(Path.Combine(root, r), FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "unreadable"; // as the whole-repository fingerprint says it: the tool cannot read it either
        }
    });
}
