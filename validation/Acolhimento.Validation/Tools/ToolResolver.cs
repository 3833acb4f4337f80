using System.Security.Cryptography;
using System.Text.Json;
using Acolhimento.Validation.Configuration;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Identity;
using Acolhimento.Validation.Processes;

namespace Acolhimento.Validation.Tools;

/// <summary>The external tools a render needs, each at its pinned version.</summary>
internal sealed record ResolvedTools(string Kubectl, string Helm);

/// <summary>
/// Finds kubectl (for its built-in kustomize) and helm at the versions pinned in validation.yaml:
/// PATH first (with a version check), then the user tool cache, then installs the pinned binaries into the cache.
/// Fails with <see cref="CannotValidateException"/> saying what to install when none of that works.
/// </summary>
internal sealed class ToolResolver(IProcessRunner runner, ToolPins pins, ToolCache cache, IReadOnlyDictionary<string, string?>? environment = null)
{
    private static readonly TimeSpan VersionTimeout = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ResolvedTools? _resolved;

    public async Task<ResolvedTools> ResolveAsync(CancellationToken cancellationToken = default)
    {
        if (_resolved is not null) return _resolved;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _resolved ??= new ResolvedTools(
                await ResolveOneAsync("kubectl", KustomizeVersionOf, pins.KustomizeVersion, cancellationToken),
                await ResolveOneAsync("helm", HelmVersionOf, pins.HelmVersion, cancellationToken));
            return _resolved;
        }
        finally
        {
            _gate.Release();
        }
    }

    private Task<string>? _jsonnet;

    /// <summary>
    /// The Jsonnet interpreter pinned under <c>tools.jsonnet</c>, built into the tool cache on first use (<see cref="JsonnetBuilder"/>);
    /// <see cref="CannotValidateException"/> saying why when there is none: a Jsonnet source then says it is not checked.
    /// </summary>
    public Task<string> ResolveJsonnetAsync(CancellationToken ct) =>
        LazyInitializer.EnsureInitialized(ref _jsonnet, () => pins.Jsonnet is { } pin
            ? new JsonnetBuilder(runner, cache).BuildAsync(pin, ct)
            : Task.FromException<string>(new CannotValidateException("validation.yaml pins no Jsonnet interpreter (spec.tools.jsonnet)")));

    private async Task<string> ResolveOneAsync(string name, Func<string, CancellationToken, Task<string?>> versionOf, string pinnedVersion, CancellationToken ct)
    {
        foreach (var candidate in PathCandidates(name))
        {
            if (await versionOf(candidate, ct) == pinnedVersion) return candidate;
        }
        var binary = pins.Source.Binaries.FirstOrDefault(b => b.Name == name)
            ?? throw new CannotValidateException($"{name} {pinnedVersion} is not on PATH and validation.yaml pins no source for it; install {name} {pinnedVersion}");
        var cached = cache.BinaryPath(binary);
        if (!File.Exists(cached) || !await cache.HasDigestAsync(cached, binary.Sha256, ct))
        {
            await new ToolInstaller(runner, cache).InstallAsync(pins.Source, ct);
        }
        if (await versionOf(cached, ct) is { } version && version == pinnedVersion) return cached;
        throw new CannotValidateException($"{name} from the tool cache ({cached}) does not report version {pinnedVersion}; delete the cache folder {cache.Root} and retry");
    }

    private IEnumerable<string> PathCandidates(string name)
    {
        var path = environment?.GetValueOrDefault("PATH") ?? Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) yield return candidate;
        }
    }

    private async Task<string?> KustomizeVersionOf(string kubectl, CancellationToken ct)
    {
        var result = await runner.RunAsync(new ProcessSpec(kubectl, ["version", "--client", "-o", "json"], VersionTimeout), ct);
        if (!result.Succeeded) return null;
        try
        {
            using var doc = JsonDocument.Parse(result.StandardOutput);
            return doc.RootElement.TryGetProperty("kustomizeVersion", out var v) ? v.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task<string?> HelmVersionOf(string helm, CancellationToken ct)
    {
        var result = await runner.RunAsync(new ProcessSpec(helm, ["version", "--template", "{{.Version}}"], VersionTimeout), ct);
        return result.Succeeded ? result.StandardOutput.Trim() : null;
    }
}

/// <summary>The user cache for pinned tools: <c>$ACOLHIMENTO_CACHE_DIR</c>, else <c>$XDG_CACHE_HOME/acolhimento-validation</c>, else <c>~/.cache/acolhimento-validation</c>.</summary>
public sealed record ToolCache(string Root)
{
    public static ToolCache Default() => new(Path.Combine(CacheFolders.Root(), "tools"));

    public string BinaryPath(PinnedBinary binary) => Path.Combine(Root, binary.Name, binary.Version, binary.Name);

    public async Task<bool> HasDigestAsync(string path, string sha256, CancellationToken ct) =>
        string.Equals(await Sha256Async(path, ct), sha256, StringComparison.OrdinalIgnoreCase);

    public static async Task<string> Sha256Async(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }
}
