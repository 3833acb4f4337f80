using System.Net;
using System.Text.RegularExpressions;
using Acolhimento.Validation.Findings;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Acolhimento.Validation.Live;

internal enum ApplyMode
{
    /// <summary><c>dryRun=All</c>: admission and validation run in full, nothing is persisted.</summary>
    ServerDryRun,
    Apply,
}

internal enum ApiOutcome
{
    /// <summary>The server answered (any status code).</summary>
    Answered,
    TimedOut,
    /// <summary>No answer at all: connection refused, TLS failure, DNS.</summary>
    Unreachable,
}

/// <summary>What the API server answered to one request: status, body, and the warnings of its <c>Warning</c> headers.</summary>
internal sealed record ApiResponse(ApiOutcome Outcome, HttpStatusCode Status, string Body, IReadOnlyList<string> Warnings, string? Failure = null)
{
    public bool Succeeded => Outcome == ApiOutcome.Answered && (int)Status is >= 200 and < 300;

    public bool IsNotFound => Outcome == ApiOutcome.Answered && Status == HttpStatusCode.NotFound;

    /// <summary>One line for messages: the status and the Status message, or why there was no answer.</summary>
    public string Summary => Outcome switch
    {
        ApiOutcome.Answered => Succeeded ? $"{(int)Status}" : $"{(int)Status} {ApiStatus.From(this).Message}",
        ApiOutcome.TimedOut => "no answer within the timeout",
        _ => Failure ?? "unreachable",
    };
}

/// <summary>
/// The API server as the live stage talks to it, through KubernetesClient: the kubeconfig's TLS, client certificates,
/// tokens and exec plugins all come from the client. Requests go by path, so any apiVersion and kind can be applied
/// (the path comes from <see cref="ApiDiscovery"/>). Every request has a bound; a server that stops answering (three
/// requests in a row time out or cannot connect) ends the run with a reason instead of turning every remaining object
/// into a timeout.
/// </summary>
internal sealed partial class ApiServer : IDisposable
{
    /// <summary>One field manager for every cluster's objects: a later environment's version of a shared object replaces the earlier one's fields.</summary>
    public const string FieldManager = "acolhimento-live";

    public const int FailuresBeforeGivingUp = 3;

    public const string ApplyPatchContentType = "application/apply-patch+yaml";

    public const string MergePatchContentType = "application/merge-patch+json";

    private readonly Client _client;
    private readonly TimeSpan _timeout;
    private int _consecutiveFailures;

    public ApiServer(KubernetesClientConfiguration configuration, TimeSpan timeout, IReadOnlyList<DelegatingHandler>? handlers = null)
    {
        // The per-request bound below decides; the client's own (100 s by default) would cut a large CRD apply short.
        configuration.HttpClientTimeout = TimeSpan.FromHours(1);
        _client = new Client(configuration, [.. handlers ?? []]);
        _timeout = timeout;
    }

    /// <exception cref="CannotValidateException">The kubeconfig cannot be read.</exception>
    public static ApiServer Connect(LiveCluster cluster, TimeSpan timeout)
    {
        KubernetesClientConfiguration configuration;
        try
        {
            configuration = KubernetesClientConfiguration.BuildConfigFromConfigFile(cluster.KubeconfigPath);
        }
        catch (Exception ex) when (ex is k8s.Exceptions.KubeConfigException or IOException or FormatException or YamlDotNet.Core.YamlException
            or System.Security.Cryptography.CryptographicException or UnauthorizedAccessException)
        {
            throw new CannotValidateException($"the kubeconfig of {cluster.Description} cannot be used: {ex.Message}");
        }
        return new ApiServer(configuration, timeout, cluster.Transport is { } transport ? [transport()] : []);
    }

    public TimeSpan Timeout => _timeout;

    public Task<ApiResponse> GetAsync(string path, CancellationToken cancellationToken, TimeSpan? timeout = null) =>
        SendAsync(HttpMethod.Get, path, null, null, timeout, cancellationToken);

    /// <summary>
    /// Server-side apply: <c>fieldManager</c>, <c>fieldValidation=Strict</c> (unknown and duplicate fields are errors, not
    /// dropped), <c>force</c> only where told (a conflict with another manager is a finding, not something to override),
    /// and <c>dryRun=All</c> for the dry run (admission and validation run in full, nothing is persisted).
    /// </summary>
    public Task<ApiResponse> ApplyAsync(string path, string body, ApplyMode mode, CancellationToken cancellationToken, bool force = false, TimeSpan? timeout = null, string fieldManager = FieldManager)
    {
        var query = $"?fieldManager={Uri.EscapeDataString(fieldManager)}&fieldValidation=Strict&force={(force ? "true" : "false")}{(mode == ApplyMode.ServerDryRun ? "&dryRun=All" : "")}";
        return SendAsync(HttpMethod.Patch, path + query, body, ApplyPatchContentType, timeout, cancellationToken);
    }

    public Task<ApiResponse> MergePatchAsync(string path, string body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Patch, path, body, MergePatchContentType, null, cancellationToken);

    /// <summary>Deletes without waiting for dependents (no garbage collector may run to act on a foreground deletion).</summary>
    public Task<ApiResponse> DeleteAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, path + "?propagationPolicy=Background", null, null, null, cancellationToken);

    private async Task<ApiResponse> SendAsync(HttpMethod method, string pathAndQuery, string? body, string? contentType, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout ?? _timeout);
        ApiResponse response;
        try
        {
            using var message = await _client.SendAsync(method, pathAndQuery, body, contentType, bounded.Token);
            var text = await message.Content.ReadAsStringAsync(bounded.Token);
            response = new ApiResponse(ApiOutcome.Answered, message.StatusCode, text, Warnings(message.Headers));
        }
        catch (HttpOperationException ex) when (ex.Response is not null)
        {
            response = new ApiResponse(ApiOutcome.Answered, ex.Response.StatusCode, ex.Response.Content ?? "", Warnings(ex.Response.Headers));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            response = new ApiResponse(ApiOutcome.TimedOut, 0, "", [], $"no answer within {(timeout ?? _timeout).TotalSeconds:0} s");
        }
        catch (HttpRequestException ex)
        {
            response = new ApiResponse(ApiOutcome.Unreachable, 0, "", [], ex.InnerException is { } inner ? $"{ex.Message} ({inner.Message})" : ex.Message);
        }
        Track(response, method, pathAndQuery);
        return response;
    }

    private void Track(ApiResponse response, HttpMethod method, string pathAndQuery)
    {
        if (response.Outcome == ApiOutcome.Answered)
        {
            Interlocked.Exchange(ref _consecutiveFailures, 0);
        }
        else if (Interlocked.Increment(ref _consecutiveFailures) >= FailuresBeforeGivingUp)
        {
            var path = pathAndQuery.Split('?')[0];
            throw new CannotValidateException($"the API server stopped answering: {FailuresBeforeGivingUp} requests in a row failed (last: {method} /{path.TrimStart('/')}: {response.Failure})");
        }
    }

    /// <summary>The texts of <c>Warning</c> headers (<c>299 - "text"</c>), unescaped, in order, each once.</summary>
    public static IReadOnlyList<string> Warnings(IEnumerable<KeyValuePair<string, IEnumerable<string>>> headers) => headers
        .Where(h => h.Key.Equals("Warning", StringComparison.OrdinalIgnoreCase))
        .SelectMany(h => h.Value)
        .Select(ParseWarning)
        .Distinct(StringComparer.Ordinal)
        .ToList();

    /// <summary>
    /// The text of one warning value (RFC 7234 §5.5: <c>code agent "text" ["date"]</c>, as the API server sends with code 299);
    /// a value in any other shape is kept whole rather than lost.
    /// </summary>
    public static string ParseWarning(string value)
    {
        var match = WarningValue().Match(value.Trim());
        return match.Success ? QuotedPair().Replace(match.Groups["text"].Value, "$1") : value.Trim();
    }

    [GeneratedRegex(@"^\d{3} \S+ ""(?<text>(?:[^""\\]|\\.)*)""")]
    private static partial Regex WarningValue();

    [GeneratedRegex(@"\\(.)")]
    private static partial Regex QuotedPair();

    public void Dispose() => _client.Dispose();

    /// <summary>KubernetesClient's request pipeline (credentials, TLS, error bodies), used by path for any resource.</summary>
    private sealed class Client(KubernetesClientConfiguration configuration, DelegatingHandler[] handlers) : k8s.Kubernetes(configuration, handlers)
    {
        public Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathAndQuery, string? body, string? contentType, CancellationToken cancellationToken)
        {
            var relative = pathAndQuery.TrimStart('/');
            if (body is null) return SendRequest<V1Patch?>(relative, method, null, null, cancellationToken);
            var patchType = contentType == MergePatchContentType ? V1Patch.PatchType.MergePatch : V1Patch.PatchType.ApplyPatch;
            return SendRequest(relative, method, null, new V1Patch(body, patchType), cancellationToken);
        }
    }
}
