using System.Net;
using Acolhimento.Validation.Cli;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Render.Charts;
using Acolhimento.Validation.Render.Remote;
using Acolhimento.Validation.Tests.AnyRepository;
using Acolhimento.Validation.Tests.Render.Charts;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Render.Remote;

/// <summary><c>charts pull</c> fills the same cache with remote bases: the Git host's archive at the pinned ref, digest pinned or checked.</summary>
[Trait("Category", "Gate")]
public sealed class RemoteBasePullTests
{
    [Theory]
    [InlineData("https://github.com/example/platform", "v1.2.3", "https://codeload.github.com/example/platform/tar.gz/v1.2.3")]
    [InlineData("git@github.com:example/platform.git", "v1.2.3", "https://codeload.github.com/example/platform/tar.gz/v1.2.3")]
    [InlineData("https://gitlab.com/group/sub/shared.git", "v0.9.0", "https://gitlab.com/group/sub/shared/-/archive/v0.9.0/shared-v0.9.0.tar.gz")]
    [InlineData("https://git.example.com/org/repo", "v1.0.0", null)]
    [Trait("Category", "Unit")]
    public void The_archive_of_a_base_is_the_one_its_Git_host_serves_for_the_ref(string repository, string reference, string? url)
    {
        RemoteBaseArchives.Url(repository, reference).ShouldBe(url);
    }

    [Fact]
    public async Task A_base_is_fetched_from_its_host_archive_and_pinned()
    {
        var archive = ChartArchives.Tar(("platform-1.2.3/deploy/base/kustomization.yaml", "resources: []\n"));
        using var store = new TempRepository();
        using var http = new HttpClient(new Canned("https://codeload.github.com/example/platform/tar.gz/v1.2.3", archive));
        var puller = new ChartPuller(http, new ChartStore(store.Root));
        var request = new ArchiveRequest(ArchiveKind.Base, "https://github.com/example/platform", "deploy/base", "v1.2.3");

        var (pulled, entry) = await puller.PullAsync(request, null, TestContext.Current.CancellationToken);

        (pulled.Sha256, pulled.NewlyPinned, entry.Url).ShouldBe((ChartStore.Sha256Of(archive), true, "https://codeload.github.com/example/platform/tar.gz/v1.2.3"));
        new ChartStore(store.Root).Read(pulled.Sha256).Content.ShouldBe(archive);
        await Should.ThrowAsync<CannotValidateException>(() => puller.PullAsync(request, entry with { Sha256 = new string('a', 64) }, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Pull_fills_a_base_the_lock_names_by_url_and_validate_then_renders_it()
    {
        using var served = new TempRepository();
        var archive = ChartArchives.Tar(("platform-1.2.3/deploy/base/kustomization.yaml", "resources:\n  - cm.yaml\n"),
            ("platform-1.2.3/deploy/base/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-base\n"));
        served.WriteBytes("platform.tgz", archive);
        using var fixture = new ChartRepositoryFixture();
        fixture.Repository
            .Write("apps/site.yaml", SmallRepository.Application("site", "overlays/site", "site"))
            .Write("overlays/site/kustomization.yaml", "resources:\n  - https://git.example.com/org/platform//deploy/base?ref=v1.2.3\n")
            .Write(ChartLock.RelativePath, $"kind: ChartLock\nbases:\n  - repository: https://git.example.com/org/platform\n    path: deploy/base\n    ref: v1.2.3\n    url: {new Uri(Path.Combine(served.Root, "platform.tgz"))}\n");
        SchemaDataSkip.RequireForRender();

        var stdout = new StringWriter();
        var exit = await CommandLine.RunAsync(["charts", "pull", "--repo", fixture.Repository.Root], stdout, stdout, new ProcessRunner(), TestPipeline.Settings() with { ChartStore = fixture.Store });

        exit.ShouldBe(CommandLine.Ok, stdout.ToString());
        stdout.ToString().ShouldContain($"pinned deploy/base@v1.2.3 from https://git.example.com/org/platform: sha256 {ChartStore.Sha256Of(archive)}");
        ChartLock.Load(fixture.Repository.Root).Bases.ShouldHaveSingleItem().Sha256.ShouldBe(ChartStore.Sha256Of(archive));
        var render = await fixture.RenderAsync();
        render.Findings.Where(f => f.Severity == Severity.Error).ShouldBeEmpty(render.Findings.Describe());
        render.Object("ConfigMap", "from-base").Application.ShouldBe("site");
    }

    private sealed class Canned(string url, byte[] body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(request.RequestUri!.ToString() == url
                ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) }
                : new HttpResponseMessage(HttpStatusCode.NotFound));
    }
}
