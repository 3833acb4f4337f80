using Acolhimento.Validation.Live;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Live;

[Trait("Category", "Unit")]
public sealed class ClusterProvidersTests
{
    private static readonly string K3sKubeconfig = File.ReadAllText(RepositoryLocator.Fixture("Live", "Fixtures", "kubectl", "k3s.yaml"));

    private static readonly LiveTimeouts Quick = LiveTimeouts.Default with
    {
        ClusterStart = new Polling(TimeSpan.Zero, 3),
        Controllers = new Polling(TimeSpan.Zero, 2),
    };

    private static LiveOptions Options(string? kubeconfig = null) => new(
        SchemaDirectory: null,
        Timeouts: Quick,
        Environment: name => name == LiveOptions.KubeconfigVariable ? kubeconfig : null);

    private static Task<ClusterAvailability> Acquire(FakeProcessRunner runner, string? kubeconfig = null, CancellationToken? ct = null) =>
        new ClusterProviders(runner, Options(kubeconfig)).AcquireAsync(ct ?? TestContext.Current.CancellationToken);

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
            .On("kubectl", ["get", "nodes"], _ => FakeProcessRunner.Ok("True\n"))
            .On("docker", ["rm"], _ => FakeProcessRunner.Ok());
    }

    [Fact]
    public async Task Without_kubeconfig_or_docker_command_the_reason_names_both()
    {
        var runner = new FakeProcessRunner().On("docker", ["version"], _ => FakeProcessRunner.NotStarted("docker"));
        var missing = (await Acquire(runner)).ShouldBeOfType<ClusterAvailability.Missing>();
        missing.Reason.ShouldBe("No cluster for the live stage: ACOLHIMENTO_KUBECONFIG is not set and the docker command is not installed.");
    }

    [Fact]
    public async Task Without_a_docker_engine_the_reason_quotes_docker()
    {
        var runner = new FakeProcessRunner().On("docker", ["version"], _ => FakeProcessRunner.Fail(
            "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n", stdout: "\n"));
        var missing = (await Acquire(runner)).ShouldBeOfType<ClusterAvailability.Missing>();
        missing.Reason.ShouldStartWith("No cluster for the live stage: ACOLHIMENTO_KUBECONFIG is not set and no Docker engine answered (exit code 1: Cannot connect to the Docker daemon");
        missing.Reason.ShouldNotContain("\n");
        runner.Calls.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Existing_kubeconfig_is_used_as_is_and_never_cleaned_up()
    {
        using var folder = new TempRepository().Write("kubeconfig", K3sKubeconfig);
        var path = Path.Combine(folder.Root, "kubeconfig");
        var runner = new FakeProcessRunner().On("kubectl", ["get", "--raw", "/readyz"], _ => FakeProcessRunner.Ok("ok"));
        var available = (await Acquire(runner, path)).ShouldBeOfType<ClusterAvailability.Available>();
        available.Cluster.KubeconfigPath.ShouldBe(path);
        await available.Cluster.DisposeAsync();
        runner.Calls.Select(c => c.FileName).ShouldBe(["kubectl"]);
        runner.Calls[0].Arguments.Take(2).ShouldBe(["--kubeconfig", path]);
        File.Exists(path).ShouldBeTrue();
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
        var runner = new FakeProcessRunner().On("kubectl", ["get", "--raw"], _ => FakeProcessRunner.Fail("The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?"));
        var failed = (await Acquire(runner, Path.Combine(folder.Root, "kubeconfig"))).ShouldBeOfType<ClusterAvailability.Failed>();
        failed.Reason.ShouldContain("did not answer /readyz: exit code 1: The connection to the server 127.0.0.1:6443 was refused");
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
            ["docker version", "docker run", "docker logs", "docker logs", "docker exec", "docker port", "kubectl --kubeconfig"]);
        runner.Calls.Last().Arguments[1].ShouldBe(kubeconfig);

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
        var docker = HealthyDocker();
        var runner = new FakeProcessRunner()
            .On("kubectl", ["get", "nodes"], _ => FakeProcessRunner.Ok("False\n"))
            .On(s => s.FileName == "docker", docker.Respond);
        var failed = (await Acquire(runner)).ShouldBeOfType<ClusterAvailability.Failed>();
        failed.Reason.ShouldContain("its node is not Ready (node conditions: False)");
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
