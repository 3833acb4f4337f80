using System.Collections.Concurrent;

namespace Acolhimento.Validation.Render.Charts;

/// <summary>An archive found for a request: its bytes (digest checked), or what is missing, said for a finding.</summary>
internal sealed record LocatedArchive(byte[]? Content, string? Sha256, string Missing)
{
    public bool Found => Content is not null;
}

/// <summary>
/// Where a render gets what lives outside the repository: the lock (what is pinned) and the store (the bytes). Never
/// the network; what is not there is remembered as a request, so <c>charts pull</c> knows what to fetch.
/// </summary>
internal sealed class ChartSources(ChartLock pins, ChartStore store)
{
    private readonly ConcurrentDictionary<ArchiveRequest, byte> _missing = new();

    public ChartLock Lock { get; } = pins;

    public ChartStore Store { get; } = store;

    /// <summary>What this run needed and did not find, in a stable order.</summary>
    public IReadOnlyList<ArchiveRequest> Missing =>
        _missing.Keys.OrderBy(r => r.Kind).ThenBy(r => r.Repository, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Version, StringComparer.Ordinal).ToList();

    /// <summary>The archive pinned for <paramref name="request"/>, digest checked; else what is missing, as "not pinned …" or "pinned … but not in the chart cache".</summary>
    public LocatedArchive Locate(ArchiveRequest request)
    {
        if (Lock.Find(request) is not { Sha256: { } sha })
        {
            _missing.TryAdd(request, 0);
            return new LocatedArchive(null, null, $"not pinned in {ChartLock.RelativePath} (no sha256), so not in the chart cache");
        }
        var stored = Store.Read(sha);
        if (stored.Content is { } content) return new LocatedArchive(content, sha, "");
        _missing.TryAdd(request, 0);
        return new LocatedArchive(null, sha, stored.Problem ?? $"pinned (sha256 {sha[..12]}…) but not in the chart cache");
    }
}
