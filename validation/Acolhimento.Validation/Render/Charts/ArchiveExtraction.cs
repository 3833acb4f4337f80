using System.Formats.Tar;
using System.IO.Compression;

namespace Acolhimento.Validation.Render.Charts;

/// <summary>Bounds on what one archive may unpack to: a hostile archive is refused, never half-trusted.</summary>
internal sealed record ExtractionLimits(long MaxTotalBytes, long MaxFileBytes, int MaxEntries, int MaxDepth)
{
    public static readonly ExtractionLimits Default = new(MaxTotalBytes: 128L * 1024 * 1024, MaxFileBytes: 32L * 1024 * 1024, MaxEntries: 10_000, MaxDepth: 32);
}

/// <summary>What an extraction wrote: the archive's top folders, or the reason it was refused (nothing is left behind then).</summary>
internal sealed record ExtractedArchive(IReadOnlyList<string> TopFolders, string? Problem);

/// <summary>
/// Unpacks a gzipped tar (a chart archive, a base's tree) into an empty folder under untrusted-input rules: regular
/// files and folders only (links, devices and FIFOs refused), no absolute names and no <c>..</c>, bounded in entry count,
/// depth, size per file and total size as read (a gzip bomb stops at the limit).
/// </summary>
internal static class ArchiveExtraction
{
    public static ExtractedArchive Extract(byte[] archive, string target, ExtractionLimits? limits = null)
    {
        limits ??= ExtractionLimits.Default;
        Directory.CreateDirectory(target);
        try
        {
            var tops = new SortedSet<string>(StringComparer.Ordinal);
            using var gzip = new GZipStream(new MemoryStream(archive), CompressionMode.Decompress);
            using var bounded = new BoundedStream(gzip, limits.MaxTotalBytes + 1024 * 1024);
            using var reader = new TarReader(bounded);
            var (entries, total) = (0, 0L);
            while (reader.GetNextEntry() is { } entry)
            {
                if (++entries > limits.MaxEntries) return Refused(target, $"it has more than {limits.MaxEntries} entries");
                if (entry.EntryType is TarEntryType.GlobalExtendedAttributes or TarEntryType.ExtendedAttributes) continue;
                var name = entry.Name.Replace('\\', '/');
                var parts = name.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToList();
                if (name.StartsWith('/') || parts.Contains("..") || parts.Any(p => p.Contains('\0')))
                    return Refused(target, $"entry \"{name}\" leaves the archive's folder");
                if (parts.Count == 0) continue;
                if (parts.Count > limits.MaxDepth) return Refused(target, $"entry \"{name}\" is nested deeper than {limits.MaxDepth} folders");
                var destination = Path.Combine([target, .. parts]);
                switch (entry.EntryType)
                {
                    case TarEntryType.Directory:
                        Directory.CreateDirectory(destination);
                        break;
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                        if (entry.Length > limits.MaxFileBytes) return Refused(target, $"entry \"{name}\" is {entry.Length} bytes, over {limits.MaxFileBytes}");
                        total += entry.Length;
                        if (total > limits.MaxTotalBytes) return Refused(target, $"it unpacks to more than {limits.MaxTotalBytes} bytes");
                        if (File.Exists(destination) || Directory.Exists(destination)) return Refused(target, $"entry \"{name}\" appears twice");
                        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                        using (var file = File.Create(destination)) entry.DataStream?.CopyTo(file);
                        break;
                    default:
                        return Refused(target, $"entry \"{name}\" is a {entry.EntryType}, not a file or folder (links are not followed out of an archive)");
                }
                tops.Add(parts[0]);
            }
            return new ExtractedArchive([.. tops], null);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or FormatException or ArgumentException or UnauthorizedAccessException)
        {
            return Refused(target, ex is ArchiveTooLargeException ? ex.Message : $"it cannot be read as a gzipped tar ({ex.Message})");
        }
    }

    private static ExtractedArchive Refused(string target, string reason)
    {
        try
        {
            foreach (var entry in new DirectoryInfo(target).EnumerateFileSystemInfos())
            {
                if (entry is DirectoryInfo folder) folder.Delete(recursive: true);
                else entry.Delete();
            }
        }
        catch (IOException)
        {
            // The folder is temporary; what could not be removed is removed with it.
        }
        return new ExtractedArchive([], $"the archive is refused: {reason}");
    }

    private sealed class ArchiveTooLargeException(string message) : IOException(message);

    /// <summary>A read-only stream that stops with an error after <paramref name="limit"/> bytes (decompressed size bound).</summary>
    private sealed class BoundedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, count);
            _read += n;
            if (_read > limit) throw new ArchiveTooLargeException($"it decompresses to more than {limit} bytes");
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
