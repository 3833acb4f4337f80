using System.Security.Cryptography;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Parsing;

/// <summary>
/// Reads a released file's whole trees again (<see cref="ParsedFile.Released"/>) for the stage that checks its objects;
/// the bytes must be those the parse stage checked, else the run cannot vouch for them and stops (exit 2). One reader
/// per worker: its buffers are reused from file to file, and nothing it returns refers to them.
/// </summary>
internal sealed class TreeReader
{
    private readonly FileReadBuffers _buffers = new();

    /// <summary>The file's documents as parsed (for a file that kept its trees, those trees).</summary>
    public IReadOnlyList<YamlDocument> Documents(ParsedFile file)
    {
        if (file.Released is not { } released) return file.Documents;
        long length;
        try
        {
            length = _buffers.Read(file.File.FullPath, released.Options.MaxFileBytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Changed(file, $"it cannot be read again: {ex.Message}");
        }
        var content = length <= released.Options.MaxFileBytes ? _buffers.Bytes((int)length) : [];
        if (length > released.Options.MaxFileBytes || !SHA256.HashData(content).AsSpan().SequenceEqual(released.Digest) || !_buffers.TryDecode(content, out var text))
        {
            throw Changed(file, "its content is no longer what the parse stage read");
        }
        var read = YamlReader.Read(text, released.Options.YamlLimits, _buffers.Pool);
        if (read.Documents.Count != file.Documents.Count) throw Changed(file, "it reads as a different number of documents");
        return read.Documents;
    }

    private static CannotValidateException Changed(ParsedFile file, string why) =>
        new($"{file.Path} changed while the gate was reading it ({why}); nothing about it can be vouched for: run again on a checkout that does not change");

    /// <summary>The digest a released file is read again against.</summary>
    internal static byte[] Digest(ReadOnlySpan<byte> content) => SHA256.HashData(content);
}
