using Acolhimento.Validation.Live;
using Docker.DotNet.Models;
using Testcontainers.K3s;
using K3sContainer = Acolhimento.Validation.Live.K3sContainer;

namespace Acolhimento.Validation.Tests.Live;

/// <summary>
/// k3s for the live tests through Testcontainers.K3s (the CLI keeps its docker-CLI provider, see README): the image the
/// stage pins, the API published on 127.0.0.1 only, the harness's label on the container for the workflow's cleanup
/// step (Testcontainers' own reaper removes it too when the test host dies).
/// </summary>
internal static class TestcontainersK3s
{
    public static async Task<ClusterAvailability> StartAsync(LiveOptions options, CancellationToken cancellationToken)
    {
        var label = K3sContainer.Label.Split('=', 2);
        var container = new K3sBuilder(options.K3sImage)
            .WithLabel(label[0], label[1])
            .WithCreateParameterModifier(parameters =>
            {
                // Loopback only: the API server runs with an admin kubeconfig and must not be reachable from the network.
                parameters.HostConfig ??= new HostConfig();
                parameters.HostConfig.PortBindings = new Dictionary<string, IList<PortBinding>>
                {
                    [$"{K3sContainer.ApiPort}/tcp"] = [new PortBinding { HostIP = K3sContainer.HostAddress, HostPort = "" }],
                };
            })
            .Build();
        string? kubeconfig = null;
        try
        {
            await container.StartAsync(cancellationToken);
            kubeconfig = Path.Combine(Path.GetTempPath(), $"acolhimento-live-{container.Name.Trim('/')}.kubeconfig");
            await File.WriteAllTextAsync(kubeconfig, await container.GetKubeconfigAsync(), cancellationToken);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(kubeconfig, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            var file = kubeconfig;
            var cluster = new LiveCluster(file, $"k3s container {container.Name.Trim('/')} (Testcontainers, {options.K3sImage})", async () =>
            {
                await container.DisposeAsync();
                File.Delete(file);
            });
            using var api = ApiServer.Connect(cluster, options.EffectiveTimeouts.Request);
            string? notReady = null;
            for (var attempt = 0; attempt < options.EffectiveTimeouts.ClusterStart.Attempts; attempt++)
            {
                notReady = await ClusterReadiness.NodesReadyAsync(api, cancellationToken);
                if (notReady is null) return new ClusterAvailability.Available(cluster);
                await options.EffectiveTimeouts.ClusterStart.DelayAsync(cancellationToken);
            }
            await cluster.DisposeAsync();
            return new ClusterAvailability.Failed($"k3s (Testcontainers) did not become ready: {notReady}.");
        }
        catch
        {
            await container.DisposeAsync();
            if (kubeconfig is not null) File.Delete(kubeconfig);
            throw;
        }
    }
}
