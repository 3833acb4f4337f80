using Acolhimento.Validation.Kubernetes;

namespace Acolhimento.Validation.Live;

/// <summary>How often and how many times to look again for something that takes a while (a node, a controller).</summary>
internal sealed record Polling(TimeSpan Interval, int Attempts)
{
    /// <summary>The longest a poll takes (the requests themselves aside).</summary>
    public TimeSpan Total => Interval * Attempts;

    public async Task DelayAsync(CancellationToken cancellationToken)
    {
        if (Interval > TimeSpan.Zero) await Task.Delay(Interval, cancellationToken);
    }
}

/// <summary>Bounds on every external call the live stage makes: a slow cluster yields a finding or a reason, never a hang.</summary>
internal sealed record LiveTimeouts(
    TimeSpan Request,
    TimeSpan DockerProbe,
    TimeSpan DockerRun,
    Polling CrdEstablished,
    Polling Ready,
    Polling ClusterStart,
    Polling Controllers,
    Polling ControllerProbe,
    Polling Deletion)
{
    /// <summary>
    /// Time allowed per MiB of one add-on CRD (see <see cref="AddOnInstaller.ApplyTimeout"/>): 45 s per MiB is an estimate
    /// with room for a k3s on a shared CI runner, not a measurement; a slower server is a visible reason, not a hang.
    /// </summary>
    public TimeSpan RequestPerMebibyte { get; init; } = TimeSpan.FromSeconds(45);

    /// <summary>Until an envtest kube-apiserver answers <c>/readyz</c>: usually a few seconds; a minute for a cold CI runner.</summary>
    public Polling EnvtestStart { get; init; } = new(TimeSpan.FromMilliseconds(250), 240);

    /// <summary>How long an envtest server may take to stop after the interrupt before it is killed.</summary>
    public TimeSpan EnvtestStopGrace { get; init; } = TimeSpan.FromSeconds(10);

    public static readonly LiveTimeouts Default = new(
        Request: TimeSpan.FromSeconds(60),
        DockerProbe: TimeSpan.FromSeconds(20),
        DockerRun: TimeSpan.FromMinutes(10), // includes pulling the k3s image on a fresh runner
        CrdEstablished: new Polling(TimeSpan.FromMilliseconds(250), 240),
        Ready: new Polling(TimeSpan.FromSeconds(2), 150),
        ClusterStart: new Polling(TimeSpan.FromSeconds(2), 120),
        Controllers: new Polling(TimeSpan.FromSeconds(1), 60),
        // A running controller-manager acts on a new Deployment in well under a second; ten seconds leave room for a busy runner.
        ControllerProbe: new Polling(TimeSpan.FromMilliseconds(250), 40),
        Deletion: new Polling(TimeSpan.FromMilliseconds(250), 120));
}

/// <summary>
/// Settings of the live stage. <see cref="SchemaDirectory"/> (else where <see cref="SchemaLocator"/> finds it) holds <c>crds/&lt;project&gt;/*.yaml</c> (the CRDs of the pinned
/// add-on versions); <see cref="Environment"/> reads environment variables (replaceable in tests). Everything the stage
/// asks of a cluster goes through KubernetesClient; the docker CLI is used only to start k3s (see <see cref="ClusterProviders"/>).
/// </summary>
internal sealed record LiveOptions(
    string? SchemaDirectory,
    string DockerPath = "docker",
    bool Wait = false,
    LiveTimeouts? Timeouts = null,
    string K3sImage = K3sContainer.DefaultImage,
    int Parallelism = 8,
    Func<string, string?>? Environment = null,
    string KubernetesVersion = K3sContainer.DefaultKubernetesVersion)
{
    /// <summary>Names a kubeconfig of an existing cluster to use instead of starting one (a CI job may start one itself).</summary>
    public const string KubeconfigVariable = "ACOLHIMENTO_KUBECONFIG";

    public LiveTimeouts EffectiveTimeouts => Timeouts ?? LiveTimeouts.Default;

    /// <summary>The transport of every cluster a provider hands out (see <see cref="LiveCluster.Transport"/>); null in production.</summary>
    public Func<DelegatingHandler>? Transport { get; init; }

    public string? Variable(string name) => (Environment ?? System.Environment.GetEnvironmentVariable)(name);

    /// <summary>The schema data with the add-on CRDs, found as every stage finds it (<see cref="SchemaLocator"/>).</summary>
    public SchemaData LocateSchemaData() => SchemaLocator.Locate(SchemaDirectory, Variable, requiredFolder: "crds");
}
