using Acolhimento.Validation.Live;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Live;

[Trait("Category", "Unit")]
public sealed class ClusterProvidersTests
{
    /// <summary>What k3s writes, with a token instead of its certificates (the fake server checks neither).</summary>
    private const string K3sKubeconfig = """
        apiVersion: v1
        kind: Config
        clusters:
        - cluster:
            server: https://127.0.0.1:6443
          name: default
        contexts:
        - context:
            cluster: default
            user: default
          name: default
        current-context: default
        users:
        - name: default
          user:
            token: k3s-token
        """;

    private static readonly LiveTimeouts Quick = LiveTimeouts.Default with
    {
        ClusterStart = new Polling(TimeSpan.Zero, 3),
        Controllers = new Polling(TimeSpan.Zero, 2),
    };

    private static LiveOptions Options(string? kubeconfig, FakeApiServer? server) => new(
        SchemaDirectory: null,
        Timeouts: Quick,
        Environment: name => name == LiveOptions.KubeconfigVariable ? kubeconfig : null)
    {
        Transport = server is null ? null : server.Transport,
    };

    private static Task<ClusterAvailability> Acquire(FakeProcessRunner runner, string? kubeconfig = null, CancellationToken? ct = null, FakeApiServer? server = null) =>
        new ClusterProviders(runner, Options(kubeconfig, server ?? new FakeApiServer())).AcquireAsync(ct ?? TestContext.Current.CancellationToken);

    /// <summary>A Docker engine whose k3s container logs readiness on the second look.</summary>
    private static FakeProcessRunner HealthyDocker()
    {
        var logs = 0;
        return new FakeProcessRunner()
            .On("docker", ["version"], _ => FakeProcessRunner.Ok("28.0.4\n"))
            .On("docker", ["run"], _ => FakeProcessRunner.Ok("3f2a9c0e1b7d\n"))
            .On("docker", ["logs"], _ => ++logs < 2 ? FakeProcessRunner.Ok("", "Starting k3s v1.35.0+k3s1\n") : FakeProcessRunner.Ok("", "Node controller sync successful\n"))
            .On("docker", ["exec", "cat", "/etc/rancher/k3s/k3s.yaml"], _ => FakeProcessRunner.Ok(K3sKubeconfig))
            .On("docker", ["port", "6443/tcp"], _ => FakeProcessRunner.Ok("127.0.0.1:49153\n"))
            .On("docker", ["rm"], _ => FakeProcessRunner.Ok());
    }

    [Fact]
    public async Task Without_kubeconfig_or_docker_command_the_reason_names_both()
    {
        var runner = new FakeProcessRunner().On("docker", ["version"], _ => FakeProcessRunner.NotStarted("docker"));
        var missing = (await Acquire(runner)).ShouldBeOfType<ClusterAvailability.Missing>();
        missing.Reason.ShouldBe("No cluster for the live stage: ACOLHIMENTO_KUBECONFIG is not set, no envtest binaries (KUBEBUILDER_ASSETS is not set and setup-envtest's folder cannot be placed (no home folder)), and the docker command is not installed.");
    }

    [Fact]
    public async Task Without_a_docker_engine_the_reason_quotes_docker()
    {
        var runner = new FakeProcessRunner().On("docker", ["version"], _ => FakeProcessRunner.Fail(
            "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n", stdout: "\n"));
        var missing = (await Acquire(runner)).ShouldBeOfType<ClusterAvailability.Missing>();
        missing.Reason.ShouldContain(", and no Docker engine answered (exit code 1: Cannot connect to the Docker daemon");
        missing.Reason.ShouldNotContain("\n");
        runner.Calls.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Existing_kubeconfig_is_used_as_is_and_never_cleaned_up()
    {
        using var folder = new TempRepository().Write("kubeconfig", K3sKubeconfig);
        var path = Path.Combine(folder.Root, "kubeconfig");
        var runner = new FakeProcessRunner();
        var available = (await Acquire(runner, path)).ShouldBeOfType<ClusterAvailability.Available>();
        available.Cluster.KubeconfigPath.ShouldBe(path);
        await available.Cluster.DisposeAsync();
        runner.Calls.ShouldBeEmpty();
        File.Exists(path).ShouldBeTrue();
    }

    [Fact]
    public async Task Kubeconfig_whose_certificates_cannot_be_read_is_an_error_with_the_reason()
    {
        // The fixture's certificate data is cut short, as a hand-edited or truncated kubeconfig would be.
        using var folder = new TempRepository().Write("kubeconfig", File.ReadAllText(RepositoryLocator.Fixture("Live", "kubeconfig", "k3s.yaml")));
        var failed = (await Acquire(new FakeProcessRunner(), Path.Combine(folder.Root, "kubeconfig"))).ShouldBeOfType<ClusterAvailability.Failed>();
        failed.Reason.ShouldContain("did not answer /readyz: the kubeconfig of the cluster of ACOLHIMENTO_KUBECONFIG");
        failed.Reason.ShouldContain("cannot be used: The certificate contents do not contain a PEM");
    }

    [Fact]
    public async Task Kubeconfig_that_does_not_exist_is_an_error_not_a_fallback_to_docker()
    {
        var runner = new FakeProcessRunner();
        var failed = (await Acquire(runner, "/nonexistent/kubeconfig")).ShouldBeOfType<ClusterAvailability.Failed>();
        failed.Reason.ShouldBe("ACOLHIMENTO_KUBECONFIG names /nonexistent/kubeconfig, which does not exist.");
        runner.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task Kubeconfig_of_a_cluster_that_does_not_answer_is_an_error()
    {
        using var folder = new TempRepository().Write("kubeconfig", K3sKubeconfig);
        var server = new FakeApiServer { Readyz = (System.Net.HttpStatusCode.InternalServerError, "[+]ping ok\n[-]etcd failed: reason withheld\nreadyz check failed\n") };
        var failed = (await Acquire(new FakeProcessRunner(), Path.Combine(folder.Root, "kubeconfig"), server: server)).ShouldBeOfType<ClusterAvailability.Failed>();
        failed.Reason.ShouldEndWith("did not answer /readyz: 500 [+]ping ok [-]etcd failed: reason withheld readyz check failed.");
    }

    [Fact]
    public async Task Docker_k3s_starts_waits_and_hands_out_a_rewritten_kubeconfig_then_removes_everything()
    {
        var runner = HealthyDocker();
        var available = (await Acquire(runner)).ShouldBeOfType<ClusterAvailability.Available>();
        var kubeconfig = available.Cluster.KubeconfigPath;
        KubeconfigRewriter.Servers(File.ReadAllText(kubeconfig)).ShouldBe(["https://127.0.0.1:49153"]);
        if (!OperatingSystem.IsWindows()) File.GetUnixFileMode(kubeconfig).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var name = runner.Calls.Single(c => c.Arguments[0] == "run").Arguments[3];
        runner.Calls.Select(c => $"{c.FileName} {c.Arguments[0]}").ShouldBe(
            ["docker version", "docker run", "docker logs", "docker logs", "docker exec", "docker port"]);

        await available.Cluster.DisposeAsync();
        await available.Cluster.DisposeAsync(); // idempotent
        runner.Calls.Where(c => c.Arguments[0] == "rm").Select(c => c.Arguments.Last()).ShouldBe([name]);
        File.Exists(kubeconfig).ShouldBeFalse();
    }

    [Fact]
    public async Task Container_that_never_logs_readiness_is_removed_and_reported()
    {
        var runner = new FakeProcessRunner()
            .On("docker", ["version"], _ => FakeProcessRunner.Ok("28.0.4"))
            .On("docker", ["run"], _ => FakeProcessRunner.Ok("id"))
            .On("docker", ["logs"], _ => FakeProcessRunner.Ok("", "level=fatal msg=\"failed to find cpu cgroup (v2)\"\n"))
            .On("docker", ["rm"], _ => FakeProcessRunner.Ok());
        var failed = (await Acquire(runner)).ShouldBeOfType<ClusterAvailability.Failed>();
        failed.Reason.ShouldContain("did not become ready: no 'Node controller sync successful' in its log; last lines: level=fatal");
        runner.Calls.Count(c => c.Arguments[0] == "logs").ShouldBe(3);
        runner.Calls.Last().Arguments[0].ShouldBe("rm");
    }

    [Fact]
    public async Task Node_that_never_becomes_ready_removes_the_container_and_its_kubeconfig()
    {
        var runner = HealthyDocker();
        var server = new FakeApiServer();
        server.NodesReady[0] = false;
        var failed = (await Acquire(runner, server: server)).ShouldBeOfType<ClusterAvailability.Failed>();
        failed.Reason.ShouldContain("its node is not Ready (node k3s-0 is not Ready)");
        runner.Calls.Last().Arguments[0].ShouldBe("rm");
        Directory.EnumerateFiles(Path.GetTempPath(), runner.Calls.Single(c => c.Arguments[0] == "run").Arguments[3] + "*").ShouldBeEmpty();
    }

    [Fact]
    public async Task Docker_run_failure_is_an_error_with_dockers_reason()
    {
        var runner = new FakeProcessRunner()
            .On("docker", ["version"], _ => FakeProcessRunner.Ok("28.0.4"))
            .On("docker", ["run"], _ => FakeProcessRunner.Fail("docker: Error response from daemon: pull access denied for rancher/k3s"))
            .On("docker", ["rm"], _ => FakeProcessRunner.Fail("Error: No such container"));
        var failed = (await Acquire(runner)).ShouldBeOfType<ClusterAvailability.Failed>();
        failed.Reason.ShouldBe("docker could not start rancher/k3s:v1.35.0-k3s1: exit code 1: docker: Error response from daemon: pull access denied for rancher/k3s.");
    }

    [Fact]
    public async Task Cancellation_while_starting_still_removes_the_container()
    {
        using var cancel = new CancellationTokenSource();
        var runner = new FakeProcessRunner()
            .On("docker", ["version"], _ => FakeProcessRunner.Ok("28.0.4"))
            .On("docker", ["run"], _ => FakeProcessRunner.Ok("id"))
            .On("docker", ["logs"], _ =>
            {
                cancel.Cancel();
                return FakeProcessRunner.Ok("", "starting");
            })
            .On("docker", ["rm"], _ => FakeProcessRunner.Ok());
        await Should.ThrowAsync<OperationCanceledException>(() => Acquire(runner, ct: cancel.Token));
        runner.Calls.Last().Arguments[0].ShouldBe("rm");
    }

    [Fact]
    public async Task Cancellation_while_docker_run_pulls_or_creates_still_removes_the_container()
    {
        using var cancel = new CancellationTokenSource();
        var runner = new FakeProcessRunner()
            .On("docker", ["version"], _ => FakeProcessRunner.Ok("28.0.4"))
            .On("docker", ["run"], _ =>
            {
                // What ProcessRunner does on cancellation: kills the docker CLI and throws; the daemon may still create the container.
                cancel.Cancel();
                throw new OperationCanceledException(cancel.Token);
            })
            .On("docker", ["rm"], _ => FakeProcessRunner.Ok());
        await Should.ThrowAsync<OperationCanceledException>(() => Acquire(runner, ct: cancel.Token));
        var name = runner.Calls.Single(c => c.Arguments[0] == "run").Arguments[3];
        runner.Calls.Last().Arguments.ShouldBe(["rm", "--force", "--volumes", name]);
    }

    [Fact]
    public async Task Unparsable_kubeconfig_from_the_container_is_reported()
    {
        var docker = HealthyDocker();
        var runner = new FakeProcessRunner()
            .On("docker", ["exec"], _ => FakeProcessRunner.Ok("not: [a kubeconfig"))
            .On(s => s.FileName == "docker", docker.Respond);
        var failed = (await Acquire(runner)).ShouldBeOfType<ClusterAvailability.Failed>();
        failed.Reason.ShouldContain("kubeconfig is not valid YAML");
        runner.Calls.Last().Arguments[0].ShouldBe("rm");
    }
}
