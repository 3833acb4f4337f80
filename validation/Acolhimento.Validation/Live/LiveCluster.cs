namespace Acolhimento.Validation.Live;

/// <summary>
/// A cluster the live stage may apply to, reached through <see cref="KubeconfigPath"/>. Disposing it removes what the
/// harness created for it (the k3s container or the envtest processes, the kubeconfig); an existing cluster is left as it was found.
/// </summary>
internal sealed class LiveCluster : IAsyncDisposable
{
    private readonly Func<Task>? _remove;
    private readonly EventHandler? _onProcessExit;
    private int _disposed;

    public LiveCluster(string kubeconfigPath, string description, Func<Task>? remove = null)
    {
        KubeconfigPath = kubeconfigPath;
        Description = description;
        _remove = remove;
        if (remove is not null)
        {
            // Last resort when the process ends without disposing (SIGTERM, an unhandled exception): a leaked privileged
            // container would outlive the run. Unregistered on dispose.
            _onProcessExit = (_, _) => DisposeAsync().AsTask().GetAwaiter().GetResult();
            AppDomain.CurrentDomain.ProcessExit += _onProcessExit;
        }
    }

    public string KubeconfigPath { get; }

    /// <summary>
    /// Makes an HTTP handler placed in front of the client's transport, once per connection (a client disposes its
    /// handlers). Null in production; the unit tests make an in-process API server here (one that answers without
    /// passing the request on), so every request the stage makes goes through KubernetesClient's real pipeline to a fake server.
    /// </summary>
    public Func<DelegatingHandler>? Transport { get; init; }

    /// <summary>Where the cluster came from, for messages: "k3s container acolhimento-live-…" or "cluster of ACOLHIMENTO_KUBECONFIG".</summary>
    public string Description { get; }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        if (_onProcessExit is not null) AppDomain.CurrentDomain.ProcessExit -= _onProcessExit;
        if (_remove is not null) await _remove();
    }
}

/// <summary>Whether a cluster could be had, and if not, the one sentence that says why.</summary>
internal abstract record ClusterAvailability
{
    private ClusterAvailability()
    {
    }

    public sealed record Available(LiveCluster Cluster) : ClusterAvailability;

    /// <summary>Neither an existing cluster nor a Docker engine: the live tests are skipped (visibly) with <see cref="Reason"/>.</summary>
    public sealed record Missing(string Reason) : ClusterAvailability;

    /// <summary>A provider was configured or reachable but did not yield a working cluster: an error, never a skip.</summary>
    public sealed record Failed(string Reason) : ClusterAvailability;
}
