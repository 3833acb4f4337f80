using System.Globalization;
using Acolhimento.Validation.Processes;

namespace Acolhimento.Validation.Live;

/// <summary>
/// The docker command lines that start, inspect and remove a disposable k3s, as data. They follow Testcontainers' K3s
/// module: privileged, host cgroup namespace, tmpfs on /run and /var/run, traefik disabled, the API certificate valid
/// for the address the host uses, ready once k3s logs that its node controller synced.
/// </summary>
internal sealed record K3sContainer(string DockerPath, string Image, string Name)
{
    /// <summary>
    /// The Kubernetes minor version the live stage runs, as every cluster in validation.yaml declares
    /// (<c>kubernetesVersion</c>; K3sContainerTests holds them equal, and the workflow's KUBERNETES_VERSION): the live
    /// stage is only as faithful as the API server it talks to. The envtest provider looks for binaries of the same.
    /// </summary>
    public const string DefaultKubernetesVersion = "1.35";

    /// <summary>The k3s release of <see cref="DefaultKubernetesVersion"/> (its first patch release).</summary>
    public const string DefaultImage = "rancher/k3s:v" + DefaultKubernetesVersion + ".0-k3s1";

    public const int ApiPort = 6443;

    public const string KubeconfigPath = "/etc/rancher/k3s/k3s.yaml";

    /// <summary>Label on every container the harness starts, so a run killed outright leaves something findable.</summary>
    public const string Label = Identity.Harness.ContainerLabel + "=live";

    /// <summary>The log line Testcontainers waits for: the node is registered and the API answers.</summary>
    public const string ReadyLogLine = "Node controller sync successful";

    /// <summary>The address kubectl on the host uses; the API is published on loopback only.</summary>
    public const string HostAddress = "127.0.0.1";

    public static K3sContainer Create(string dockerPath, string image) =>
        new(dockerPath, image, "acolhimento-live-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>Asks the engine (not just the client) for its version: fails when no daemon answers.</summary>
    public static ProcessSpec Probe(string dockerPath, TimeSpan timeout) =>
        new(dockerPath, ["version", "--format", "{{.Server.Version}}"], timeout);

    public ProcessSpec Run(TimeSpan timeout) => new(DockerPath,
    [
        "run", "--detach",
        "--name", Name,
        "--label", Label,
        "--privileged",
        "--cgroupns=host",
        "--tmpfs", "/run",
        "--tmpfs", "/var/run",
        "--env", "K3S_KUBECONFIG_MODE=644",
        "--publish", $"{HostAddress}::{ApiPort}",
        Image,
        "server", "--disable=traefik", $"--tls-san={HostAddress}",
    ], timeout);

    public ProcessSpec Logs(TimeSpan timeout) => new(DockerPath, ["logs", Name], timeout);

    public ProcessSpec ReadKubeconfig(TimeSpan timeout) => new(DockerPath, ["exec", Name, "cat", KubeconfigPath], timeout);

    public ProcessSpec PublishedPort(TimeSpan timeout) => new(DockerPath, ["port", Name, $"{ApiPort}/tcp"], timeout);

    /// <summary>Removes the container and its anonymous volumes, whether it is running or not.</summary>
    public ProcessSpec Remove(TimeSpan timeout) => new(DockerPath, ["rm", "--force", "--volumes", Name], timeout);

    /// <summary>k3s logs to standard error; either stream may carry the line.</summary>
    public static bool IsReady(ProcessResult logs) =>
        logs.StandardError.Contains(ReadyLogLine, StringComparison.Ordinal) || logs.StandardOutput.Contains(ReadyLogLine, StringComparison.Ordinal);

    /// <summary>The host port from <c>docker port</c> output such as <c>127.0.0.1:49153</c> (first line; IPv6 lines look like <c>[::]:49153</c>).</summary>
    /// <exception cref="FormatException">No port in the output.</exception>
    public static int ParsePublishedPort(string output)
    {
        foreach (var line in output.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = line.LastIndexOf(':');
            if (colon >= 0 && int.TryParse(line[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536) return port;
        }
        throw new FormatException($"docker port printed no host port: '{output.Trim()}'");
    }

    public static string ServerUrl(int port) => $"https://{HostAddress}:{port.ToString(CultureInfo.InvariantCulture)}";
}
