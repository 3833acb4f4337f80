using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Processes;

namespace Acolhimento.Validation.Live;

/// <summary>
/// Finds a cluster for the live stage, in this order: the existing cluster named by <c>ACOLHIMENTO_KUBECONFIG</c>; else an
/// envtest control plane from <c>KUBEBUILDER_ASSETS</c> or setup-envtest's folder (no Docker needed); else a disposable
/// k3s container started through the docker CLI; else none, with the reason for each.
/// </summary>
internal sealed class ClusterProviders(IProcessRunner runner, LiveOptions options)
{
    public async Task<ClusterAvailability> AcquireAsync(CancellationToken cancellationToken)
    {
        if (options.Variable(LiveOptions.KubeconfigVariable) is { Length: > 0 } kubeconfig)
        {
            return await new ExistingKubeconfigProvider(options).AcquireAsync(kubeconfig, cancellationToken);
        }
        var envtest = EnvtestAssets.Find(options);
        if (envtest.Assets is { } assets) return await new EnvtestProvider(options).AcquireAsync(assets, cancellationToken);
        // Asked for by name but not there: an error, not a quiet fall-back to Docker.
        if (envtest.Configured) return new ClusterAvailability.Failed(envtest.Reason + ".");
        return await new DockerK3sProvider(runner, options).AcquireAsync(envtest.Reason, cancellationToken);
    }
}

/// <summary>Starts an envtest control plane (etcd and kube-apiserver, no controllers) and hands out its admin kubeconfig.</summary>
internal sealed class EnvtestProvider(LiveOptions options)
{
    public async Task<ClusterAvailability> AcquireAsync(EnvtestAssets assets, CancellationToken cancellationToken)
    {
        var (plane, failure) = await EnvtestControlPlane.StartAsync(assets, options.EffectiveTimeouts, DateTimeOffset.UtcNow, cancellationToken);
        if (plane is null) return new ClusterAvailability.Failed($"The envtest binaries in {assets.Folder} did not start a control plane: {failure}.");
        var description = $"an envtest control plane ({assets.Version}, {assets.Folder})";
        return new ClusterAvailability.Available(new LiveCluster(plane.KubeconfigPath, description, () => plane.DisposeAsync().AsTask()) { Transport = options.Transport });
    }
}

/// <summary>A cluster someone else runs (a CI job that started one, a developer's kind or envtest): used as is, never cleaned up.</summary>
internal sealed class ExistingKubeconfigProvider(LiveOptions options)
{
    public async Task<ClusterAvailability> AcquireAsync(string kubeconfigPath, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(kubeconfigPath);
        if (!File.Exists(path))
        {
            return new ClusterAvailability.Failed($"{LiveOptions.KubeconfigVariable} names {kubeconfigPath}, which does not exist.");
        }
        var cluster = new LiveCluster(path, $"the cluster of {LiveOptions.KubeconfigVariable} ({path})") { Transport = options.Transport };
        var ready = await ClusterReadiness.ReadyzAsync(cluster, options.EffectiveTimeouts.Request, cancellationToken);
        return ready is null
            ? new ClusterAvailability.Available(cluster)
            : new ClusterAvailability.Failed($"The cluster named by {LiveOptions.KubeconfigVariable} ({path}) did not answer /readyz: {ready}.");
    }
}

/// <summary>Whether an API server can serve: <c>/readyz</c>, and for a cluster with nodes, every node Ready.</summary>
internal static class ClusterReadiness
{
    /// <summary>Null when <c>/readyz</c> answers <c>ok</c>; else why not.</summary>
    public static async Task<string?> ReadyzAsync(LiveCluster cluster, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            using var api = ApiServer.Connect(cluster, timeout);
            var response = await api.GetAsync("readyz", cancellationToken);
            return response.Succeeded ? null : response.Summary;
        }
        catch (CannotValidateException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>Null when at least one node exists and all are Ready; else why not.</summary>
    public static async Task<string?> NodesReadyAsync(ApiServer api, CancellationToken cancellationToken)
    {
        var response = await api.GetAsync(ApiResource.Nodes.CollectionPath(null), cancellationToken);
        if (!response.Succeeded) return response.Summary;
        if (LiveJson.Parse(response.Body) is not { } list) return "the node list is not JSON";
        var nodes = list["items"].Objects().ToList();
        if (nodes.Count == 0) return "no node has registered";
        var notReady = nodes.Where(n => !(n["status"]?["conditions"].Objects().Any(c => c["type"].Text() == "Ready" && c["status"].Text() == "True") ?? false))
            .Select(n => n["metadata"]?["name"].Text()).ToList();
        return notReady.Count == 0 ? null : $"node {string.Join(", ", notReady)} is not Ready";
    }
}

/// <summary>Starts a k3s container, waits until its node is Ready, and hands out a kubeconfig for the published API port.</summary>
internal sealed class DockerK3sProvider(IProcessRunner runner, LiveOptions options)
{
    /// <param name="envtestReason">Why no envtest control plane could be had, for the reason when Docker is missing too.</param>
    public async Task<ClusterAvailability> AcquireAsync(string envtestReason, CancellationToken cancellationToken)
    {
        var timeouts = options.EffectiveTimeouts;
        var probe = await runner.RunAsync(K3sContainer.Probe(options.DockerPath, timeouts.DockerProbe), cancellationToken);
        if (!probe.Succeeded)
        {
            var docker = probe.Outcome == ProcessOutcome.FailedToStart ? "the docker command is not installed" : $"no Docker engine answered ({probe.FailureSummary})";
            return new ClusterAvailability.Missing($"No cluster for the live stage: {LiveOptions.KubeconfigVariable} is not set, no envtest binaries ({envtestReason}), and {docker}.");
        }

        var container = K3sContainer.Create(options.DockerPath, options.K3sImage);
        string? kubeconfigFile = null;
        try
        {
            // Inside the try: a run cancelled while docker pulls or creates may still leave a container behind.
            var run = await runner.RunAsync(container.Run(timeouts.DockerRun), cancellationToken);
            if (!run.Succeeded)
            {
                await RemoveAsync(container, null);
                return new ClusterAvailability.Failed($"docker could not start {options.K3sImage}: {run.FailureSummary}.");
            }
            var failure = await WaitForLogAsync(container, cancellationToken);
            if (failure is null)
            {
                (kubeconfigFile, failure) = await WriteKubeconfigAsync(container, cancellationToken);
            }
            if (failure is null && kubeconfigFile is not null)
            {
                failure = await WaitForNodesAsync(kubeconfigFile, cancellationToken);
            }
            if (failure is null && kubeconfigFile is not null)
            {
                var file = kubeconfigFile;
                return new ClusterAvailability.Available(new LiveCluster(file, $"k3s container {container.Name} ({options.K3sImage})", () => RemoveAsync(container, file)) { Transport = options.Transport });
            }
            await RemoveAsync(container, kubeconfigFile);
            return new ClusterAvailability.Failed($"k3s container {container.Name} did not become ready: {failure}.");
        }
        catch
        {
            // Cancelled or broken half-way: the container must not outlive the run.
            await RemoveAsync(container, kubeconfigFile);
            throw;
        }
    }

    private async Task<string?> WaitForLogAsync(K3sContainer container, CancellationToken cancellationToken)
    {
        var timeouts = options.EffectiveTimeouts;
        ProcessResult? last = null;
        for (var attempt = 0; attempt < timeouts.ClusterStart.Attempts; attempt++)
        {
            last = await runner.RunAsync(container.Logs(timeouts.DockerProbe), cancellationToken);
            if (last.Succeeded && K3sContainer.IsReady(last)) return null;
            await timeouts.ClusterStart.DelayAsync(cancellationToken);
        }
        var tail = last is null ? "" : LastLines(last.StandardError + last.StandardOutput);
        return $"no '{K3sContainer.ReadyLogLine}' in its log{(tail.Length > 0 ? "; last lines: " + tail : "")}";
    }

    private async Task<(string? File, string? Failure)> WriteKubeconfigAsync(K3sContainer container, CancellationToken cancellationToken)
    {
        var timeouts = options.EffectiveTimeouts;
        var read = await runner.RunAsync(container.ReadKubeconfig(timeouts.DockerProbe), cancellationToken);
        if (!read.Succeeded) return (null, $"cannot read {K3sContainer.KubeconfigPath}: {read.FailureSummary}");
        var port = await runner.RunAsync(container.PublishedPort(timeouts.DockerProbe), cancellationToken);
        if (!port.Succeeded) return (null, $"docker port failed: {port.FailureSummary}");
        string kubeconfig;
        try
        {
            kubeconfig = KubeconfigRewriter.WithServer(read.StandardOutput, K3sContainer.ServerUrl(K3sContainer.ParsePublishedPort(port.StandardOutput)));
        }
        catch (FormatException ex)
        {
            return (null, ex.Message);
        }
        var file = Path.Combine(Path.GetTempPath(), container.Name + ".kubeconfig");
        // The file holds the cluster's admin credentials: readable by this user only.
        var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using (var stream = new FileStream(file, fileOptions))
        await using (var writer = new StreamWriter(stream))
        {
            await writer.WriteAsync(kubeconfig.AsMemory(), cancellationToken);
        }
        return (file, null);
    }

    private async Task<string?> WaitForNodesAsync(string kubeconfigFile, CancellationToken cancellationToken)
    {
        var timeouts = options.EffectiveTimeouts;
        using var api = ApiServer.Connect(new LiveCluster(kubeconfigFile, "k3s") { Transport = options.Transport }, timeouts.Request);
        string? last = null;
        try
        {
            for (var attempt = 0; attempt < timeouts.ClusterStart.Attempts; attempt++)
            {
                last = await ClusterReadiness.NodesReadyAsync(api, cancellationToken);
                if (last is null) return null;
                await timeouts.ClusterStart.DelayAsync(cancellationToken);
            }
        }
        catch (CannotValidateException ex)
        {
            last = ex.Message;
        }
        return $"its node is not Ready ({last})";
    }

    private async Task RemoveAsync(K3sContainer container, string? kubeconfigFile)
    {
        // Never cancelled: removal must happen even when the run was.
        await runner.RunAsync(container.Remove(options.EffectiveTimeouts.DockerProbe + options.EffectiveTimeouts.DockerProbe), CancellationToken.None);
        if (kubeconfigFile is not null)
        {
            try
            {
                File.Delete(kubeconfigFile);
            }
            catch (IOException)
            {
                // A leftover temp file is harmless; the container is what matters.
            }
        }
    }

    private static string LastLines(string text) =>
        string.Join(" | ", text.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(3));
}
