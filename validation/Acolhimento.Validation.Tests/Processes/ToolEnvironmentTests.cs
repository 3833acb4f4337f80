using System.Net;
using System.Net.Sockets;
using Acolhimento.Validation.Configuration;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Tests.Support;
using Acolhimento.Validation.Tools;
using Shouldly;

namespace Acolhimento.Validation.Tests.Processes;

/// <summary>
/// A tool working on pull-request content sees an allow-listed environment, never the gate's (a CI token, cloud keys),
/// and has no route out: every proxy variable names a dead port and git may use only local repositories.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ToolEnvironmentTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_tool_does_not_see_the_gates_secrets()
    {
        var secret = "ACOLHIMENTO_TEST_SECRET_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        using var scratch = new TempRepository();
        Environment.SetEnvironmentVariable(secret, "ghp_do-not-leak");
        try
        {
            // The variable is set after the environment was built too: the runner decides what the tool sees when it starts it.
            var environment = ToolEnvironment.Isolated(scratch.Root);
            Environment.SetEnvironmentVariable(secret + "_LATER", "aws-secret");
            var result = await new ProcessRunner().RunAsync(new ProcessSpec("sh", ["-c", "env"], Generous, Environment: environment), TestContext.Current.CancellationToken);

            result.Succeeded.ShouldBeTrue(result.FailureSummary);
            var seen = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[..Math.Max(0, l.IndexOf('='))]).ToHashSet();
            result.StandardOutput.ShouldNotContain("ghp_do-not-leak");
            result.StandardOutput.ShouldNotContain("aws-secret");
            seen.ShouldNotContain(secret);
            var allowed = environment.Keys.ToHashSet();
            seen.Where(name => !allowed.Contains(name) && name is not ("PWD" or "SHLVL" or "_" or "OLDPWD")).ShouldBeEmpty("only allow-listed variables (and those the shell sets itself) reach the tool");
            result.StandardOutput.ShouldContain($"HOME={scratch.Root}\n");
            result.StandardOutput.ShouldContain($"HTTPS_PROXY={ToolEnvironment.UnreachableProxy}\n");
        }
        finally
        {
            Environment.SetEnvironmentVariable(secret, null);
            Environment.SetEnvironmentVariable(secret + "_LATER", null);
        }
    }

    [Fact]
    public void Nothing_listens_where_the_proxy_points()
    {
        var proxy = new Uri(ToolEnvironment.UnreachableProxy);
        IPAddress.IsLoopback(IPAddress.Parse(proxy.Host)).ShouldBeTrue();
        using var client = new TcpClient();
        Should.Throw<SocketException>(() => client.Connect(proxy.Host, proxy.Port));
    }

    [Fact]
    public async Task Kubectl_sends_a_remote_fetch_to_the_proxy_and_so_reaches_nothing()
    {
        // The gate refuses remote references before kubectl runs; this checks the second line of defence on its own:
        // kubectl run directly, its kustomization naming a remote file, with the tool environment.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var work = new TempRepository().Write("k/kustomization.yaml", "resources:\n  - http://gate-egress-check.invalid/x.yaml\n");
        var kubectl = await Kubectl();
        var proxied = ToolEnvironment.Isolated(work.Root, $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
        var accept = listener.AcceptTcpClientAsync(TestContext.Current.CancellationToken).AsTask();
        var run = new ProcessRunner().RunAsync(new ProcessSpec(kubectl, ["kustomize", Path.Combine(work.Root, "k")], Generous, Environment: proxied), TestContext.Current.CancellationToken);

        // With the proxy pointed at a listener of the test, the request arrives there: kubectl routes every fetch through the proxy.
        var first = await Task.WhenAny(accept, run);
        first.ShouldBe(accept, "kubectl finished without trying the proxy: " + (first == run ? (await run).StandardError : ""));
        (await accept).Dispose();
        listener.Stop();
        await run;

        // With the tool environment as the gate builds it, the same run fails at once: the proxy port is dead.
        var dead = await new ProcessRunner().RunAsync(new ProcessSpec(kubectl, ["kustomize", Path.Combine(work.Root, "k")], Generous, Environment: ToolEnvironment.Isolated(work.Root)), TestContext.Current.CancellationToken);
        dead.Succeeded.ShouldBeFalse();
        dead.StandardError.ShouldContain("127.0.0.1:9");
        TestContext.Current.TestOutputHelper?.WriteLine($"kubectl with the dead proxy: {dead.Duration.TotalMilliseconds:0} ms: {dead.FailureSummary}");
    }

    private static async Task<string> Kubectl()
    {
        var configuration = RepositoryConfiguration.Load(RepositoryLocator.Fixture("Render", "repo"));
        return (await new ToolResolver(new ProcessRunner(), configuration.Tools, ToolCache.Default()).ResolveAsync(TestContext.Current.CancellationToken)).Kubectl;
    }
}
