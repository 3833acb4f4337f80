using Acolhimento.Validation.Live;
using Acolhimento.Validation.Processes;
using Shouldly;

namespace Acolhimento.Validation.Tests.Live;

[Trait("Category", "Unit")]
public sealed class K3sContainerTests
{
    private static readonly K3sContainer Container = new("docker", K3sContainer.DefaultImage, "acolhimento-live-test");

    [Fact]
    public void Run_matches_testcontainers_k3s_with_the_api_on_loopback_only()
    {
        var run = Container.Run(TimeSpan.FromMinutes(10));
        run.FileName.ShouldBe("docker");
        run.Arguments.ShouldBe(
        [
            "run", "--detach", "--name", "acolhimento-live-test", "--label", "com.central-acolhimento.validation=live",
            "--privileged", "--cgroupns=host", "--tmpfs", "/run", "--tmpfs", "/var/run", "--env", "K3S_KUBECONFIG_MODE=644",
            "--publish", "127.0.0.1::6443", "rancher/k3s:v1.35.0-k3s1", "server", "--disable=traefik", "--tls-san=127.0.0.1",
        ]);
        run.Timeout.ShouldBe(TimeSpan.FromMinutes(10));
    }

    /// <summary>One Kubernetes version: what every cluster of validation.yaml runs, the live stage's image, and the workflow's live jobs.</summary>
    [Fact]
    public void Image_is_pinned_to_the_kubernetes_version_of_the_clusters_and_the_workflow()
    {
        var version = K3sContainer.DefaultKubernetesVersion;
        K3sContainer.DefaultImage.ShouldStartWith($"rancher/k3s:v{version}.");
        Configuration.RepositoryConfiguration.Load(Support.RepositoryLocator.Root).KubernetesVersions.ShouldBe([version]);
        var workflow = (Acolhimento.Validation.Yaml.YamlMapping)Acolhimento.Validation.Yaml.YamlReader.Read(File.ReadAllText(Path.Combine(Support.RepositoryLocator.Root, ".github", "workflows", "validate.yml"))).Documents[0].Root!;
        workflow.Mapping("env")?.String("KUBERNETES_VERSION").ShouldBe(version);
    }

    [Fact]
    public void Container_label_is_the_harness_domain_reversed()
    {
        Validation.Identity.Harness.ContainerLabel.ShouldBe(string.Join('.', Validation.Identity.Harness.Domain.Split('.').Reverse()));
        K3sContainer.Label.ShouldBe(Validation.Identity.Harness.ContainerLabel + "=live");
    }

    [Fact]
    public void Inspection_and_removal_command_lines()
    {
        var t = TimeSpan.FromSeconds(20);
        K3sContainer.Probe("docker", t).Arguments.ShouldBe(["version", "--format", "{{.Server.Version}}"]);
        Container.Logs(t).Arguments.ShouldBe(["logs", "acolhimento-live-test"]);
        Container.ReadKubeconfig(t).Arguments.ShouldBe(["exec", "acolhimento-live-test", "cat", "/etc/rancher/k3s/k3s.yaml"]);
        Container.PublishedPort(t).Arguments.ShouldBe(["port", "acolhimento-live-test", "6443/tcp"]);
        Container.Remove(t).Arguments.ShouldBe(["rm", "--force", "--volumes", "acolhimento-live-test"]);
    }

    [Fact]
    public void Container_names_are_unique_per_run()
    {
        K3sContainer.Create("docker", "img").Name.ShouldNotBe(K3sContainer.Create("docker", "img").Name);
        K3sContainer.Create("docker", "img").Name.ShouldStartWith("acolhimento-live-");
    }

    [Theory]
    [InlineData("127.0.0.1:49153\n", 49153)]
    [InlineData("0.0.0.0:32768\n[::]:32768\n", 32768)]
    [InlineData("  127.0.0.1:1  ", 1)]
    public void Published_port_is_read_from_docker_port(string output, int port)
    {
        K3sContainer.ParsePublishedPort(output).ShouldBe(port);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Error: No public port '6443/tcp' published for acolhimento-live-test")]
    [InlineData("127.0.0.1:99999")]
    [InlineData("127.0.0.1:-5")]
    public void Missing_port_is_a_format_error(string output)
    {
        Should.Throw<FormatException>(() => K3sContainer.ParsePublishedPort(output));
    }

    [Fact]
    public void Ready_when_either_stream_has_the_node_controller_line()
    {
        var line = "I0101 00:00:10.000000 1 node_lifecycle_controller.go:1234] \"Node controller sync successful\"\n";
        K3sContainer.IsReady(new ProcessResult(ProcessOutcome.Exited, 0, "", line, TimeSpan.Zero)).ShouldBeTrue();
        K3sContainer.IsReady(new ProcessResult(ProcessOutcome.Exited, 0, line, "", TimeSpan.Zero)).ShouldBeTrue();
        K3sContainer.IsReady(new ProcessResult(ProcessOutcome.Exited, 0, "Starting k3s", "Waiting for node", TimeSpan.Zero)).ShouldBeFalse();
    }
}
