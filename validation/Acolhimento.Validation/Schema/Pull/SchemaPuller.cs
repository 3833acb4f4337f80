using System.Security.Cryptography;
using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Schema.Pull;

/// <summary>What a pull did: files downloaded and files already present with the right checksum.</summary>
public sealed record PullResult(string OutputDirectory, IReadOnlyList<string> Downloaded, IReadOnlyList<string> AlreadyPresent);

/// <summary>
/// Downloads the files a <see cref="SchemaLock"/> pins into the schema data layout, verifying each SHA-256 before the
/// file is moved into place, so an interrupted or tampered download never leaves a file the stage would trust.
/// </summary>
public sealed class SchemaPuller(HttpClient http)
{
    public async Task<PullResult> PullAsync(SchemaLock schemaLock, string kubernetesVersion, string outputDirectory, CancellationToken cancellationToken = default)
    {
        var version = SchemaLocator.NormalizeKubernetesVersion(kubernetesVersion)
            ?? throw new CannotValidateException($"--k8s-version {kubernetesVersion} is not a Kubernetes version; expected MAJOR.MINOR such as 1.35");
        var files = schemaLock.FilesFor(version);
        var output = Path.GetFullPath(outputDirectory);
        var downloaded = new List<string>();
        var present = new List<string>();
        foreach (var file in files)
        {
            var target = Path.Combine(output, file.TargetPath);
            if (File.Exists(target) && Sha256Of(await File.ReadAllBytesAsync(target, cancellationToken)) == file.Sha256)
            {
                present.Add(file.TargetPath);
                continue;
            }
            var content = await DownloadAsync(file.Url, cancellationToken);
            var actual = Sha256Of(content);
            if (actual != file.Sha256)
            {
                throw new CannotValidateException($"checksum mismatch for {file.Url}: expected sha256 {file.Sha256}, got {actual}; the lock file or the upstream file changed");
            }
            await WriteAtomicallyAsync(target, content, cancellationToken);
            downloaded.Add(file.TargetPath);
        }
        return new PullResult(output, downloaded, present);
    }

    public static string Sha256Of(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    private async Task<byte[]> DownloadAsync(string url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(url, cancellationToken);
            if (!response.IsSuccessStatusCode) throw new CannotValidateException($"cannot download {url}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            return await response.Content.ReadAsByteArrayAsync(cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new CannotValidateException($"cannot download {url}: {ex.Message}");
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CannotValidateException($"cannot download {url}: timed out ({ex.Message})");
        }
    }

    private static async Task WriteAtomicallyAsync(string target, byte[] content, CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var temporary = target + ".partial";
            await File.WriteAllBytesAsync(temporary, content, cancellationToken);
            File.Move(temporary, target, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CannotValidateException($"cannot write {target}: {ex.Message}");
        }
    }
}
