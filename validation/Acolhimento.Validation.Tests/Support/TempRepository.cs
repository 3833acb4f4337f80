using System.Text;

namespace Acolhimento.Validation.Tests.Support;

/// <summary>A throwaway repository folder for one test; deleted on dispose.</summary>
public sealed class TempRepository : IDisposable
{
    public TempRepository()
    {
        Root = Path.Combine(Path.GetTempPath(), "acolhimento-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public TempRepository Write(string relativePath, string content) => WriteBytes(relativePath, Encoding.UTF8.GetBytes(content));

    public TempRepository WriteBytes(string relativePath, byte[] content)
    {
        var full = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
        return this;
    }

    /// <summary>Copies a folder tree (e.g. the real repository) into this one, skipping build output and VCS data.</summary>
    public TempRepository CopyFrom(string source)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file).Replace('\\', '/');
            if (relative.Split('/').Any(p => p is ".git" or "bin" or "obj" or "TestResults" or "BenchmarkDotNet.Artifacts")) continue;
            var target = Path.Combine(Root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return this;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail a test.
        }
    }
}
