using System.Security.Cryptography;
using System.Text;

namespace Acolhimento.Validation.Render;

/// <summary>
/// Tool output keyed by a hash of everything that influences it (repository content, tool versions, options),
/// so that a run over an unchanged repository starts no external tool.
/// </summary>
public sealed class RenderCache(string folder)
{
    public string Folder { get; } = folder;

    public static RenderCache Default() => new(Path.Combine(Tools.CacheFolders.Root(), "render"));

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

/// <summary>A hash of every file a render could read (<see cref="RenderInputs"/>), so editing the harness, the rules or the workflows keeps the cache.</summary>
public static class RepositoryFingerprint
{
    /// <summary>Bumped when the harness changes what it hands the tools (the workspace it prepares), so old entries die.</summary>
    public const string Format = "render-cache-v1";

    public static string Compute(string root)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(Format));
        foreach (var file in new RenderInputs(root).Files())
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(root, file.FullName) + "\u0000"));
            try
            {
                hash.AppendData(File.ReadAllBytes(file.FullName));
            }
            catch (IOException)
            {
                hash.AppendData("unreadable"u8);
            }
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
