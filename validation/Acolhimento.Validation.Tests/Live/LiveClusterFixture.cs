using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Live;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Tests.Support;

namespace Acolhimento.Validation.Tests.Live;

/// <summary>All live tests share one cluster per test run: they belong to this collection.</summary>
[CollectionDefinition(Name)]
public sealed class LiveCollection : ICollectionFixture<LiveClusterFixture>
{
    public const string Name = "Live cluster";
}

/// <summary>
/// The one cluster of a test run, acquired lazily by the first live test that asks (so filtered runs never start
/// anything) and disposed when the collection ends, which stops the envtest processes or removes the k3s container
/// whether the tests passed, failed or were cancelled. Where no cluster can be had the tests skip with the reason, unless <c>ACOLHIMENTO_REQUIRE_LIVE=1</c>
/// (set by CI, where Docker exists) makes that a failure.
/// </summary>
public sealed class LiveClusterFixture : IAsyncDisposable
{
    public const string RequireLiveVariable = "ACOLHIMENTO_REQUIRE_LIVE";

    private readonly SemaphoreSlim _acquire = new(1, 1);
    private ClusterAvailability? _availability;

    public IProcessRunner Runner { get; } = new ProcessRunner();

    internal LiveOptions Options => new(SchemaDirectory: null);

    internal async Task<LiveCluster> RequireClusterAsync()
    {
        await _acquire.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            _availability ??= await AcquireAsync(TestContext.Current.CancellationToken);
        }
        finally
        {
            _acquire.Release();
        }
        return _availability switch
        {
            ClusterAvailability.Available available => available.Cluster,
            ClusterAvailability.Missing missing => Unavailable<LiveCluster>(missing.Reason),
            ClusterAvailability.Failed failed => throw new Xunit.Sdk.XunitException(failed.Reason),
            _ => throw new InvalidOperationException("unknown cluster availability"),
        };
    }

    /// <summary>
    /// The stage's own providers for a named cluster and for envtest; k3s through Testcontainers, but only once the docker
    /// probe (bounded) found an engine that answers: Testcontainers waits minutes on a daemon that accepts connections
    /// and never answers. Without Docker the stage's providers give the reason that names every provider.
    /// </summary>
    private async Task<ClusterAvailability> AcquireAsync(CancellationToken cancellationToken)
    {
        var options = Options;
        var envtest = EnvtestAssets.Find(options);
        if (options.Variable(LiveOptions.KubeconfigVariable) is { Length: > 0 } || envtest.Assets is not null || envtest.Configured)
        {
            return await new ClusterProviders(Runner, options).AcquireAsync(cancellationToken);
        }
        var probe = await Runner.RunAsync(K3sContainer.Probe(options.DockerPath, options.EffectiveTimeouts.DockerProbe), cancellationToken);
        if (!probe.Succeeded) return await new ClusterProviders(Runner, options).AcquireAsync(cancellationToken);
        return await TestcontainersK3s.StartAsync(options, cancellationToken);
    }

    /// <summary><c>$ACOLHIMENTO_SCHEMA_DIR</c>, else the <c>shared/k8s</c> folder next to the repository on developer machines.</summary>
    public static string RequireSchemaDirectory()
    {
        if (Environment.GetEnvironmentVariable(SchemaLocator.EnvironmentVariable) is { Length: > 0 } configured) return configured;
        var beside = Path.GetFullPath(Path.Combine(RepositoryLocator.Root, "..", "shared", "k8s"));
        return Directory.Exists(Path.Combine(beside, "crds"))
            ? beside
            : Unavailable<string>($"No schema data for the add-on CRDs: {SchemaLocator.EnvironmentVariable} is not set and {beside} does not exist.");
    }

    /// <summary>Skips with the reason, or fails with it where the live tests must run.</summary>
    public static T Unavailable<T>(string reason)
    {
        if (Environment.GetEnvironmentVariable(RequireLiveVariable) == "1") throw new Xunit.Sdk.XunitException($"{reason} ({RequireLiveVariable}=1: the live tests must run here.)");
        VisibleSkip.When(true, reason);
        throw new InvalidOperationException("unreachable: a skip throws");
    }

    public async ValueTask DisposeAsync()
    {
        if (_availability is ClusterAvailability.Available available) await available.Cluster.DisposeAsync();
        _acquire.Dispose();
    }
}
