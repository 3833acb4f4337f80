using Acolhimento.Validation.Live;
using Acolhimento.Validation.Processes;
using Shouldly;

namespace Acolhimento.Validation.Tests.Live;

[Trait("Category", "Unit")]
public sealed class AddOnInstallerTests
{
    private const long MiB = 1024 * 1024;

    [Theory]
    [InlineData(0, 60)] // the floor: one ordinary kubectl call
    [InlineData(MiB, 60)] // 45 s would be below the floor
    [InlineData(2 * MiB, 90)]
    [InlineData(4 * MiB, 180)] // the add-on CRDs' order of size
    [InlineData(4 * MiB + MiB / 2, 202.5)]
    public void Apply_timeout_grows_with_the_bytes_applied_above_a_floor(long bytes, double seconds) =>
        AddOnInstaller.ApplyTimeout(bytes, LiveTimeouts.Default).ShouldBe(TimeSpan.FromSeconds(seconds));

    [Fact]
    public void Apply_timeout_follows_the_configured_rate_and_floor()
    {
        var timeouts = LiveTimeouts.Default with { Kubectl = TimeSpan.FromSeconds(10), KubectlPerMebibyte = TimeSpan.FromSeconds(20) };
        AddOnInstaller.ApplyTimeout(MiB, timeouts).ShouldBe(TimeSpan.FromSeconds(20));
        AddOnInstaller.ApplyTimeout(MiB / 4, timeouts).ShouldBe(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Installing_large_crds_gives_kubectl_the_size_scaled_timeout()
    {
        // Three CRDs of 1.5 MiB each: counted as objects they would get one 60 s call; by size they get 202.5 s.
        var padding = new string('x', (int)(MiB + MiB / 2) - 40);
        var crds = Enumerable.Range(0, 3)
            .Select(i => new CrdManifest("big", $"crd{i}.yaml", $"things{i}.example.com", "example.com", $"Thing{i}", true, $"---\n# {padding}\nkind: X{i}\n"))
            .ToList();
        var bytes = System.Text.Encoding.UTF8.GetByteCount(string.Concat(crds.Select(c => c.Text)));
        var runner = new FakeProcessRunner()
            .On("kubectl", ["apply"], _ => FakeProcessRunner.Ok())
            .On("kubectl", ["wait"], _ => FakeProcessRunner.Ok());
        var session = new KubectlSession(runner, new KubectlCommands("kubectl", "/tmp/kubeconfig", LiveTimeouts.Default.Kubectl));
        await new AddOnInstaller(session, LiveTimeouts.Default).InstallAsync(crds, TestContext.Current.CancellationToken);
        var apply = runner.Calls.First(c => c.Arguments.Contains("apply"));
        apply.Timeout.ShouldBe(AddOnInstaller.ApplyTimeout(bytes, LiveTimeouts.Default));
        apply.Timeout.ShouldBeGreaterThan(TimeSpan.FromSeconds(200));
    }
}
