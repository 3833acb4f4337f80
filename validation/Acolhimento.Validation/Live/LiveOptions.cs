namespace Acolhimento.Validation.Live;

/// <summary>How often and how many times to look again for something that takes a while (a node, a controller).</summary>
public sealed record Polling(TimeSpan Interval, int Attempts)
{
    public async Task DelayAsync(CancellationToken cancellationToken)
    {
        if (Interval > TimeSpan.Zero) await Task.Delay(Interval, cancellationToken);
    }
}

/// <summary>Bounds on every external call the live stage makes: a slow cluster yields a finding or a reason, never a hang.</summary>
public sealed record LiveTimeouts(
    TimeSpan Kubectl,
    TimeSpan DockerProbe,
    TimeSpan DockerRun,
    TimeSpan CrdEstablished,
    TimeSpan Ready,
    Polling ClusterStart,
    Polling Controllers)
{
    /// <summary>
    /// Time allowed per MiB of YAML in one apply whose size, not object count, dominates (the add-on CRDs; see
    /// <see cref="AddOnInstaller.ApplyTimeout"/>). 45 s per MiB gives the ~4 MiB of add-on CRDs about three minutes: an
    /// estimate with room for a k3s on a shared CI runner, not a measurement; a slower server is a visible reason, not a hang.
    /// </summary>
    public TimeSpan KubectlPerMebibyte { get; init; } = TimeSpan.FromSeconds(45);

    public static readonly LiveTimeouts Default = new(
        Kubectl: TimeSpan.FromSeconds(60),
        DockerProbe: TimeSpan.FromSeconds(20),
        DockerRun: TimeSpan.FromMinutes(10), // includes pulling the k3s image on a fresh runner
        CrdEstablished: TimeSpan.FromSeconds(60),
        Ready: TimeSpan.FromMinutes(5),
        ClusterStart: new Polling(TimeSpan.FromSeconds(2), 120),
        Controllers: new Polling(TimeSpan.FromSeconds(2), 30));
}

/// <summary>
/// Settings of the live stage. <see cref="SchemaDirectory"/> (else where <see cref="SchemaLocator"/> finds it) holds <c>crds/&lt;project&gt;/*.yaml</c> (the CRDs of the pinned
/// add-on versions); <see cref="Environment"/> reads environment variables (replaceable in tests).
/// <para>
/// <see cref="KubectlPath"/> is the kubectl on PATH, deliberately not the one <c>Tools.ToolResolver</c> pins for rendering.
/// That pin is about kustomize (validation.yaml pins <c>kustomizeVersion</c>; the resolver accepts any kubectl embedding it),
/// and the kubectl that carries kustomize v5.5.0 is 1.32 — three minor versions from the k3s 1.35 the stage starts, outside
/// kubectl's ±1 version-skew support. Nothing the stage judges is decided by the client: server-side apply, the dry run,
/// admission (Pod Security), field validation and the warnings all come from the API server, whose version is fixed by
/// <see cref="K3sImage"/>. What the client contributes is transport and the text <see cref="KubectlOutputParser"/> reads;
/// a change in that text fails closed (an unrecognised line makes a batch unclean, and an object without a recognised
/// success line is reported as rejected), and the Category=Live tests on CI check the parser against the runner's real kubectl,
/// whose version the workflow prints.
/// </para>
/// </summary>
public sealed record LiveOptions(
    string? SchemaDirectory,
    string KubectlPath = "kubectl",
    string DockerPath = "docker",
    bool Wait = false,
    LiveTimeouts? Timeouts = null,
    string K3sImage = K3sContainer.DefaultImage,
    int Parallelism = 4,
    Func<string, string?>? Environment = null)
{
    /// <summary>Names a kubeconfig of an existing cluster to use instead of starting k3s (a CI job may start k3s itself).</summary>
    public const string KubeconfigVariable = "ACOLHIMENTO_KUBECONFIG";

    public LiveTimeouts EffectiveTimeouts => Timeouts ?? LiveTimeouts.Default;

    public string? Variable(string name) => (Environment ?? System.Environment.GetEnvironmentVariable)(name);

    /// <summary>The schema data with the add-on CRDs, found as every stage finds it (<see cref="SchemaLocator"/>).</summary>
    public SchemaData LocateSchemaData() => SchemaLocator.Locate(SchemaDirectory, Variable, requiredFolder: "crds");
}
