using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render.Charts;

/// <summary>One archive <c>charts pull</c> handled: fetched (and pinned when the lock had no digest yet) or already in the cache.</summary>
public sealed record PulledArchive(ArchiveRequest Request, string Sha256, bool Downloaded, bool NewlyPinned);

/// <summary>
/// Fetches chart archives where there is network, for <c>charts pull</c> only (validate never fetches): from a Helm
/// repository (its <c>index.yaml</c>, then the archive it lists), from an OCI registry (manifest, then the chart layer,
/// anonymous bearer token when asked), or from a <c>file://</c> repository. A digest pinned in the lock must match the
/// bytes before they enter the cache; a chart the lock does not pin yet is pinned to what was fetched.
/// </summary>
public sealed class ChartPuller(HttpClient http, ChartStore store)
{
    private const string HelmChartLayer = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";

    public async Task<(PulledArchive Pulled, LockedArchive Entry)> PullAsync(ArchiveRequest request, LockedArchive? pinned, CancellationToken ct)
    {
        if (pinned is { Sha256: { } known } && store.Read(known).Content is not null)
            return (new PulledArchive(request, known, Downloaded: false, NewlyPinned: false), pinned);
        var (url, content) = pinned?.Url is { } direct ? (direct, await GetAsync(direct, null, ct))
            : request.Kind == ArchiveKind.Base ? await FetchBaseAsync(request, ct) : await FetchAsync(request, ct);
        if (content.LongLength > ChartStore.MaxArchiveBytes) throw new CannotValidateException($"{request.Describe()}: {url} is {content.LongLength} bytes, over the {ChartStore.MaxArchiveBytes} a chart archive may have");
        var sha = ChartStore.Sha256Of(content);
        if (pinned?.Sha256 is { } expected && expected != sha)
            throw new CannotValidateException($"checksum mismatch for {request.Describe()} ({url}): {ChartLock.RelativePath} pins sha256 {expected}, the archive is {sha}; the lock or the published chart changed");
        store.Put(content);
        return (new PulledArchive(request, sha, Downloaded: true, NewlyPinned: pinned?.Sha256 is null), new LockedArchive(request.Repository, request.Name, request.Version, sha, url));
    }

    /// <summary>A remote base's repository at its ref, as the Git host's archive (<see cref="Remote.RemoteBaseArchives"/>).</summary>
    private async Task<(string Url, byte[] Content)> FetchBaseAsync(ArchiveRequest request, CancellationToken ct)
    {
        var url = Remote.RemoteBaseArchives.Url(request.Repository, request.Version)
            ?? throw new CannotValidateException($"remote base {request.Describe()}: no archive address is known for {request.Repository}; write its tar.gz address at {request.Version} as url: of its bases entry in {ChartLock.RelativePath}");
        return (url, await GetAsync(url, null, ct));
    }

    private async Task<(string Url, byte[] Content)> FetchAsync(ArchiveRequest request, CancellationToken ct)
    {
        if (request.Repository.StartsWith("oci://", StringComparison.OrdinalIgnoreCase)) return await FromRegistryAsync(request, ct);
        var index = await GetAsync(request.Repository.TrimEnd('/') + "/index.yaml", null, ct);
        var url = ArchiveUrl(System.Text.Encoding.UTF8.GetString(index), request);
        var absolute = new Uri(new Uri(request.Repository.TrimEnd('/') + "/"), url).ToString();
        return (absolute, await GetAsync(absolute, null, ct));
    }

    /// <summary>The archive URL a Helm repository index lists for the chart's version (a leading <c>v</c> ignored, as Helm's semver does).</summary>
    public static string ArchiveUrl(string indexText, ArchiveRequest request)
    {
        var read = YamlReader.Read(indexText);
        var entries = read.Documents.FirstOrDefault()?.Root is YamlMapping root ? root.Mapping("entries")?.Sequence(request.Name) : null;
        if (entries is null) throw new CannotValidateException($"{request.Repository}/index.yaml lists no chart {request.Name}");
        static string Bare(string v) => v.StartsWith('v') ? v[1..] : v;
        var version = entries.Items.OfType<YamlMapping>().FirstOrDefault(e => e.String("version") == request.Version)
            ?? entries.Items.OfType<YamlMapping>().FirstOrDefault(e => e.String("version") is { } v && Bare(v) == Bare(request.Version))
            ?? throw new CannotValidateException($"{request.Repository}/index.yaml lists no version {request.Version} of chart {request.Name}");
        return version.Sequence("urls")?.Items.OfType<YamlScalar>().FirstOrDefault()?.Value
            ?? throw new CannotValidateException($"{request.Repository}/index.yaml lists no URL for {request.Name} {request.Version}");
    }

    /// <summary>OCI distribution: the chart's manifest, then its Helm chart layer (digest-checked); an anonymous token when the registry asks for one.</summary>
    private async Task<(string Url, byte[] Content)> FromRegistryAsync(ArchiveRequest request, CancellationToken ct)
    {
        var reference = request.Repository["oci://".Length..].TrimEnd('/') + "/" + request.Name;
        var slash = reference.IndexOf('/');
        var (host, repository) = (reference[..slash], reference[(slash + 1)..]);
        var scheme = host.StartsWith("localhost", StringComparison.Ordinal) || host.StartsWith("127.0.0.1", StringComparison.Ordinal) ? "http" : "https";
        var manifestUrl = $"{scheme}://{host}/v2/{repository}/manifests/{request.Version}";
        var manifest = JsonDocument.Parse(await GetAsync(manifestUrl, "application/vnd.oci.image.manifest.v1+json", ct));
        var layer = manifest.RootElement.TryGetProperty("layers", out var layers) && layers.ValueKind == JsonValueKind.Array
            ? layers.EnumerateArray().FirstOrDefault(l => l.TryGetProperty("mediaType", out var m) && m.GetString() == HelmChartLayer)
            : default;
        if (layer.ValueKind != JsonValueKind.Object || !layer.TryGetProperty("digest", out var digestElement) || digestElement.GetString() is not { } digest || !digest.StartsWith("sha256:", StringComparison.Ordinal))
            throw new CannotValidateException($"{manifestUrl} has no Helm chart layer ({HelmChartLayer}) with a sha256 digest");
        var blobUrl = $"{scheme}://{host}/v2/{repository}/blobs/{digest}";
        var content = await GetAsync(blobUrl, null, ct);
        if ("sha256:" + ChartStore.Sha256Of(content) != digest) throw new CannotValidateException($"{blobUrl} does not hash to its digest {digest}");
        return ($"{request.Repository.TrimEnd('/')}/{request.Name}:{request.Version}", content);
    }

    private async Task<byte[]> GetAsync(string url, string? accept, CancellationToken ct)
    {
        if (url.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
        {
            var path = new Uri(url).LocalPath;
            return File.Exists(path) ? await File.ReadAllBytesAsync(path, ct) : throw new CannotValidateException($"cannot read {url}: no such file");
        }
        try
        {
            using var response = await SendAsync(url, accept, null, ct);
            if (response.StatusCode == HttpStatusCode.Unauthorized && response.Headers.WwwAuthenticate.FirstOrDefault(h => h.Scheme == "Bearer") is { } challenge)
            {
                var token = await AnonymousTokenAsync(challenge, ct);
                using var retried = await SendAsync(url, accept, token, ct);
                return await ContentAsync(url, retried, ct);
            }
            return await ContentAsync(url, response, ct);
        }
        catch (HttpRequestException ex)
        {
            throw new CannotValidateException($"cannot download {url}: {ex.Message}");
        }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new CannotValidateException($"cannot download {url}: timed out ({ex.Message})");
        }
    }

    private Task<HttpResponseMessage> SendAsync(string url, string? accept, string? token, CancellationToken ct)
    {
        var message = new HttpRequestMessage(HttpMethod.Get, url);
        if (accept is not null) message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        if (token is not null) message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, ct);
    }

    private static async Task<byte[]> ContentAsync(string url, HttpResponseMessage response, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode) throw new CannotValidateException($"cannot download {url}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        if (response.Content.Headers.ContentLength > ChartStore.MaxArchiveBytes) throw new CannotValidateException($"{url} is over the {ChartStore.MaxArchiveBytes} bytes an archive may have");
        return await response.Content.ReadAsByteArrayAsync(ct);
    }

    /// <summary>A registry's anonymous pull token (<c>realm?service=…&amp;scope=…</c>), as public registries hand out.</summary>
    private async Task<string> AnonymousTokenAsync(AuthenticationHeaderValue challenge, CancellationToken ct)
    {
        var parts = (challenge.Parameter ?? "").Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim().Trim('"'), StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("realm", out var realm)) throw new CannotValidateException("the registry asks for a token but names no realm");
        var query = string.Join('&', new[] { "service", "scope" }.Where(parts.ContainsKey).Select(k => $"{k}={Uri.EscapeDataString(parts[k])}"));
        using var response = await SendAsync(query.Length == 0 ? realm : $"{realm}?{query}", null, null, ct);
        var body = JsonDocument.Parse(await ContentAsync(realm, response, ct)).RootElement;
        return (body.TryGetProperty("token", out var t) ? t.GetString() : body.TryGetProperty("access_token", out var a) ? a.GetString() : null)
            ?? throw new CannotValidateException($"the registry's token service {realm} returned no token");
    }
}
