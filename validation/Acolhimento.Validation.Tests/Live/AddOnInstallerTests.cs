using Acolhimento.Validation.Live;
using Shouldly;
using Acolhimento.Validation.Kubernetes;

namespace Acolhimento.Validation.Tests.Live;

[Trait("Category", "Unit")]
public sealed class AddOnInstallerTests
{
    private const long MiB = 1024 * 1024;

    [Theory]
    [InlineData(0, 60)] // the floor: one ordinary request
    [InlineData(MiB, 60)] // 45 s would be below the floor
    [InlineData(2 * MiB, 90)]
    [InlineData(4 * MiB, 180)] // the add-on CRDs' order of size
    [InlineData(4 * MiB + MiB / 2, 202.5)]
    public void Apply_timeout_grows_with_the_bytes_applied_above_a_floor(long bytes, double seconds) =>
        AddOnInstaller.ApplyTimeout(bytes, LiveTimeouts.Default).ShouldBe(TimeSpan.FromSeconds(seconds));

    [Fact]
    public void Apply_timeout_follows_the_configured_rate_and_floor()
    {
        var timeouts = LiveTimeouts.Default with { Request = TimeSpan.FromSeconds(10), RequestPerMebibyte = TimeSpan.FromSeconds(20) };
        AddOnInstaller.ApplyTimeout(MiB, timeouts).ShouldBe(TimeSpan.FromSeconds(20));
        AddOnInstaller.ApplyTimeout(MiB / 4, timeouts).ShouldBe(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_crd_the_server_refuses_stops_the_run_with_the_servers_reason()
    {
        var server = new FakeApiServer();
        server.ApplyErrors["CustomResourceDefinition/things.example.com"] = """{"kind":"Status","status":"Failure","message":"CustomResourceDefinition.apiextensions.k8s.io \"things.example.com\" is invalid: spec.versions: Invalid value: []: must have exactly one version marked as storage version","reason":"Invalid","code":422}""";
        using var folder = new Support.TempRepository();
        using var api = ApiServer.Connect(server.Cluster(folder), TimeSpan.FromSeconds(5));
        var crd = new CrdManifest("things", "crds/things/things.yaml", "things.example.com", "example.com", "Thing", true,
            """{"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"things.example.com"},"spec":{"group":"example.com","scope":"Namespaced","names":{"kind":"Thing","plural":"things"},"versions":[]}}""");
        var ex = await Should.ThrowAsync<Findings.CannotValidateException>(() => new AddOnInstaller(api, LiveTimeouts.Default, 2).InstallAsync([crd], TestContext.Current.CancellationToken));
        ex.Message.ShouldBe("the add-on CRDs (things) could not be installed: things.example.com (crds/things/things.yaml): 422 CustomResourceDefinition.apiextensions.k8s.io \"things.example.com\" is invalid: spec.versions: Invalid value: []: must have exactly one version marked as storage version");
    }
}
