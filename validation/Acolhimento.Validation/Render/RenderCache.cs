using System.Security.Cryptography;
using System.Text;
using Acolhimento.Validation.Discovery;

namespace Acolhimento.Validation.Render;

/// <summary>
/// Tool output keyed by a hash of everything that influences it (repository content, tool versions, options),
/// so that a run over an unchanged repository starts no external tool.
/// </summary>
public sealed class RenderCache(string folder)
{
    public string Folder { get; } = folder;

    public static RenderCache Default() => new(Path.Combine(Identity.CacheFolders.Root(), "render"));

    public string? Get(string key)
    {
        var path = PathOf(key);
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (IOException)
        {
            return null; // a damaged entry is a miss, never an error
        }
    }

    public void Put(string key, string output)
    {
        try
        {
            Directory.CreateDirectory(Folder);
            var temporary = PathOf(key) + "." + Guid.NewGuid().ToString("N")[..8] + ".partial";
            File.WriteAllText(temporary, output);
            File.Move(temporary, PathOf(key), overwrite: true);
        }
        catch (IOException)
        {
            // The cache is an optimisation; failing to write it must not fail a render.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public static string Key(params string[] parts)
    {
        var text = string.Join("\u0000", parts);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private string PathOf(string key) => Path.Combine(Folder, key + ".yaml");
}

/// <summary>
/// A hash of every file a render could read: the whole repository apart from <see cref="HarnessFolders.NeverRead"/>
/// folders, the harness's own folders included (a Helm value file may name any file of the repository). A link is
/// hashed as where it leads (its target is hashed where it lies); a file over the parse stage's size limit by its
/// length only, since no tool is handed one.
/// </summary>
internal static class RepositoryFingerprint
{
    /// <summary>Bumped when the harness changes what it hands the tools (the workspace it prepares), so old entries die.</summary>
    public const string Format = "render-cache-v2";

    public static string Compute(string root)
    {
        var realRoot = RepositoryLinks.RealRoot(root);
        var limit = Parsing.ParseOptions.Default.MaxFileBytes;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(Format));
        var buffer = new byte[64 * 1024];
        foreach (var file in new RenderInputs(root, withHarnessFolders: true).Files())
        {
            var relative = RepositoryPaths.Relative(root, file.FullName);
            hash.AppendData(Encoding.UTF8.GetBytes(relative + "\u0000"));
            if (file.LinkTarget is not null)
            {
                var link = RepositoryLinks.Resolve(realRoot, relative);
                hash.AppendData(Encoding.UTF8.GetBytes("link:" + (link.Target ?? link.Problem) + "\u0000"));
                continue;
            }
            try
            {
                if (file.Length > limit)
                {
                    hash.AppendData(Encoding.UTF8.GetBytes($"over-limit:{file.Length}\u0000"));
                    continue;
                }
                using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
                int read;
                while ((read = stream.Read(buffer)) > 0) hash.AppendData(buffer, 0, read);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                hash.AppendData("unreadable"u8);
            }
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
