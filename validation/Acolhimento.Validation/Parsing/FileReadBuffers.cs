using System.Buffers;
using System.Text.Unicode;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Parsing;

/// <summary>
/// What one parse worker reuses from file to file: the bytes of the file being read, its decoded text and the string pool
/// that shares repeated keys and values. No node keeps a reference to the buffers (nodes hold strings), so a run allocates
/// them once per worker instead of twice per file. Not thread-safe: one per worker.
/// </summary>
internal sealed class FileReadBuffers
{
    private byte[] _bytes = [];
    private char[] _chars = [];

    public StringPool Pool { get; } = new(16384); // 128 KB: the corpus's repeated values stay pooled among its 40,000 distinct strings

    /// <summary>
    /// Reads the file into the byte buffer; its length, or the length seen so far once it is over
    /// <paramref name="maxBytes"/> (a file that grows while being read is read only to just past the limit, never without bound).
    /// </summary>
    public long Read(string path, long maxBytes)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        var size = RandomAccess.GetLength(handle);
        var cap = (int)Math.Min(maxBytes + 1, Array.MaxLength);
        if (size >= cap) return size;
        Reserve(ref _bytes, (int)size + 1, cap); // one byte more than expected shows whether the file grew
        var length = 0;
        while (true)
        {
            if (length == _bytes.Length)
            {
                if (length >= cap) return length;
                Reserve(ref _bytes, length + 1, cap, keep: length);
            }
            var read = RandomAccess.Read(handle, _bytes.AsSpan(length), length);
            if (read == 0) return length;
            length += read;
        }
    }

    /// <summary>The first <paramref name="length"/> bytes <see cref="Read"/> read.</summary>
    public ReadOnlySpan<byte> Bytes(int length) => _bytes.AsSpan(0, length);

    /// <summary>
    /// Decodes <paramref name="content"/> into the text buffer when it is valid UTF-8 without a NUL byte (a leading BOM
    /// dropped); false otherwise, so that the caller's checking decoder reports where it is not.
    /// </summary>
    public bool TryDecode(ReadOnlySpan<byte> content, out ReadOnlySpan<char> text)
    {
        text = default;
        if (content.IndexOf((byte)0) >= 0) return false;
        Reserve(ref _chars, content.Length, Array.MaxLength); // UTF-8 never decodes to more UTF-16 code units than bytes
        if (Utf8.ToUtf16(content, _chars, out _, out var written, replaceInvalidSequences: false) != OperationStatus.Done) return false;
        text = _chars.AsSpan(0, written);
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        return true;
    }

    private static void Reserve<T>(ref T[] buffer, int needed, int cap, int keep = 0)
    {
        if (buffer.Length >= needed) return;
        var larger = new T[(int)Math.Min(Math.Max((long)needed, buffer.Length * 2L), Math.Max(needed, cap))];
        buffer.AsSpan(0, keep).CopyTo(larger);
        buffer = larger;
    }
}
