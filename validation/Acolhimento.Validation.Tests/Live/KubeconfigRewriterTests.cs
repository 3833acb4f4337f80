using Acolhimento.Validation.Live;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Live;

[Trait("Category", "Unit")]
public sealed class KubeconfigRewriterTests
{
    private static readonly string K3sKubeconfig = File.ReadAllText(RepositoryLocator.Fixture("Live", "kubeconfig", "k3s.yaml"));

    [Fact]
    public void Server_points_at_the_published_port_and_the_rest_is_kept()
    {
        var rewritten = KubeconfigRewriter.WithServer(K3sKubeconfig, "https://127.0.0.1:49153");
        KubeconfigRewriter.Servers(rewritten).ShouldBe(["https://127.0.0.1:49153"]);
        KubeconfigRewriter.Servers(K3sKubeconfig).ShouldBe(["https://127.0.0.1:6443"]);
        foreach (var kept in new[] { "certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0t", "client-key-data: LS0tLS1CRUdJTiBFQyBQUklW", "current-context: default", "kind: Config" })
        {
            rewritten.ShouldContain(kept);
        }
    }

    [Fact]
    public async Task Kubectl_reads_the_rewritten_file()
    {
        var kubectl = new[] { "/usr/bin/kubectl", "/usr/local/bin/kubectl" }.FirstOrDefault(File.Exists);
        VisibleSkip.When(kubectl is null, "kubectl is not installed, so the rewritten kubeconfig cannot be read back by it");
        using var folder = new TempRepository().Write("config", KubeconfigRewriter.WithServer(K3sKubeconfig, "https://127.0.0.1:49153"));
        var result = await new ProcessRunner().RunAsync(
            new ProcessSpec(kubectl!, ["--kubeconfig", Path.Combine(folder.Root, "config"), "config", "view", "--minify", "--output=jsonpath={.clusters[0].cluster.server}"], TimeSpan.FromSeconds(30)),
            TestContext.Current.CancellationToken);
        result.StandardError.ShouldBeEmpty();
        result.StandardOutput.ShouldBe("https://127.0.0.1:49153");
    }

    [Fact]
    public void Every_cluster_entry_is_rewritten()
    {
        var two = "apiVersion: v1\nkind: Config\nclusters:\n- name: a\n  cluster:\n    server: https://a:6443\n- name: b\n  cluster:\n    server: https://b:6443\n";
        KubeconfigRewriter.Servers(KubeconfigRewriter.WithServer(two, "https://127.0.0.1:1")).ShouldBe(["https://127.0.0.1:1", "https://127.0.0.1:1"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("just text")]
    [InlineData("- a\n- b\n")]
    [InlineData("apiVersion: v1\nkind: Config\n")]
    [InlineData("clusters: []\n")]
    [InlineData("clusters:\n- name: a\n")]
    [InlineData("clusters:\n- 42\n")]
    [InlineData("clusters: [\n")]
    [InlineData("a: 1\n---\nb: 2\n")]
    public void Anything_but_a_kubeconfig_is_a_format_error(string text)
    {
        Should.Throw<FormatException>(() => KubeconfigRewriter.WithServer(text, "https://127.0.0.1:1"));
    }
}
