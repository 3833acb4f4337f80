using System.Security.Cryptography;

namespace Acolhimento.Validation.Render.Charts;

/// <summary>An archive read from the store, or why it could not be used.</summary>
public sealed record StoredArchive(byte[]? Content, string? Problem);

/// <summary>
/// The content-addressed cache of everything fetched from outside a repository (chart archives, remote bases):
/// <c>sha256/&lt;digest&gt;.tgz</c> under <c>charts</c> of <see cref="Identity.CacheFolders.Root"/>. What an entry is
/// for is said by a lock file (<see cref="ChartLock"/>); the store only answers "these bytes, by digest", and re-hashes
/// them on every read so that a changed file is never used.
/// </summary>
public sealed class ChartStore(string root)
{
    /// <summary>Largest archive kept or read (kube-prometheus-stack, one of the largest public charts, is under 1 MiB).</summary>
    public const long MaxArchiveBytes = 32L * 1024 * 1024;

    public string Root { get; } = root;

    public static ChartStore Default() => new(Path.Combine(Identity.CacheFolders.Root(), "charts"));

    public string PathOf(string sha256) => Path.Combine(Root, "sha256", sha256 + ".tgz");

    public bool Has(string sha256) => File.Exists(PathOf(sha256));

    /// <summary>The archive whose bytes hash to <paramref name="sha256"/>: null content with the reason when it is absent, too large, or changed.</summary>
    public StoredArchive Read(string sha256)
    {
        var path = PathOf(sha256);
        var info = new FileInfo(path);
        if (!info.Exists) return new StoredArchive(null, null);
        if (info.LinkTarget is not null) return new StoredArchive(null, $"chart cache entry {path} is a symbolic link; it is not used");
        if (info.Length > MaxArchiveBytes) return new StoredArchive(null, $"chart cache entry {path} is {info.Length} bytes, over the {MaxArchiveBytes} an archive may have");
        try
        {
            var content = File.ReadAllBytes(path);
            var actual = Sha256Of(content);
            return actual == sha256
                ? new StoredArchive(content, null)
                : new StoredArchive(null, $"chart cache entry {path} hashes to {actual}, not the pinned {sha256} (changed since it was pulled); run charts pull");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new StoredArchive(null, $"chart cache entry {path} cannot be read: {ex.Message}");
        }
    }

    /// <summary>Stores an archive under its digest (written to a temporary name, then moved, so a reader never sees half a file); returns the digest.</summary>
    public string Put(byte[] content)
    {
        var sha = Sha256Of(content);
        var target = PathOf(sha);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temporary = target + "." + Guid.NewGuid().ToString("N")[..8] + ".partial";
        File.WriteAllBytes(temporary, content);
        File.Move(temporary, target, overwrite: true);
        return sha;
    }

    public static string Sha256Of(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
