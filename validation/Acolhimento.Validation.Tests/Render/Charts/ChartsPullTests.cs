using System.Net;
using System.Text;
using Acolhimento.Validation.Cli;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Render.Charts;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Render.Charts;

/// <summary>
/// <c>charts pull</c> against repositories the test serves (a <c>file://</c> Helm repository, a canned HTTP Helm
/// repository and OCI registry), never the internet: it finds what the render misses, fetches it, pins or verifies the
/// digest, fills the content-addressed cache; validate then renders the chart.
/// </summary>
[Trait("Category", "Gate")]
public sealed class ChartsPullTests
{
    [Fact]
    public async Task Pull_pins_what_the_render_misses_and_the_next_render_uses_it()
    {
        using var served = new TempRepository();
        var archive = ChartArchives.Chart("web", "1.2.3");
        served.WriteBytes("web-1.2.3.tgz", archive)
            .Write("index.yaml", "apiVersion: v1\nentries:\n  web:\n    - version: 1.2.3\n      urls: [web-1.2.3.tgz]\n    - version: 1.0.0\n      urls: [web-1.0.0.tgz]\n");
        var repositoryUrl = new Uri(served.Root + "/").ToString().TrimEnd('/');
        using var fixture = new ChartRepositoryFixture();
        fixture.Repository.Write("apps/web.yaml", ChartRepositoryFixture.UpstreamApplication("web", "web", "1.2.3").Replace(ChartRepositoryFixture.ChartRepository, repositoryUrl, StringComparison.Ordinal));
        SchemaDataSkip.RequireForRender();

        var (exit, output) = await PullAsync(fixture);

        exit.ShouldBe(CommandLine.Ok, output);
        output.ShouldContain($"pinned web@1.2.3 from {repositoryUrl}: sha256 {ChartStore.Sha256Of(archive)}");
        fixture.Store.Read(ChartStore.Sha256Of(archive)).Content.ShouldBe(archive);
        var pinned = ChartLock.Load(fixture.Repository.Root).Charts.ShouldHaveSingleItem();
        (pinned.Sha256, pinned.Url).ShouldBe((ChartStore.Sha256Of(archive), $"{repositoryUrl}/web-1.2.3.tgz"));
        var render = await fixture.RenderAsync();
        render.Findings.ShouldBeEmpty(render.Findings.Describe());
        render.Object("ConfigMap", "web-settings").Application.ShouldBe("web");

        // A second pull finds everything in place and changes nothing.
        var (again, second) = await PullAsync(fixture);
        again.ShouldBe(CommandLine.Ok);
        second.ShouldContain("0 archive(s) downloaded, 1 already present and verified, 0 newly pinned");
    }

    [Fact]
    public async Task A_published_archive_that_differs_from_the_pin_is_refused_and_nothing_enters_the_cache()
    {
        using var served = new TempRepository();
        served.WriteBytes("web-1.2.3.tgz", ChartArchives.Chart("web", "1.2.3"))
            .Write("index.yaml", "entries:\n  web:\n    - version: 1.2.3\n      urls: [web-1.2.3.tgz]\n");
        var repositoryUrl = new Uri(served.Root + "/").ToString().TrimEnd('/');
        using var fixture = new ChartRepositoryFixture();
        fixture.Pinned("web", "1.2.3", new string('c', 64), repositoryUrl);
        SchemaDataSkip.RequireForRender();

        var (exit, output) = await PullAsync(fixture);

        exit.ShouldBe(CommandLine.CannotValidate);
        output.ShouldContain("checksum mismatch for web@1.2.3");
        Directory.Exists(Path.Combine(fixture.Store.Root, "sha256")).ShouldBeFalse();
    }

    [Fact]
    public async Task Http_repositories_and_OCI_registries_with_an_anonymous_token_are_fetched()
    {
        var web = ChartArchives.Chart("web", "1.2.3");
        var api = ChartArchives.Chart("api", "2.0.0");
        var apiDigest = "sha256:" + ChartStore.Sha256Of(api);
        var handler = new Registry(new Dictionary<string, byte[]>
        {
            ["https://charts.example.com/stable/index.yaml"] = Encoding.UTF8.GetBytes("entries:\n  web:\n    - version: v1.2.3\n      urls: [https://downloads.example.com/web-1.2.3.tgz]\n"),
            ["https://downloads.example.com/web-1.2.3.tgz"] = web,
            ["https://registry.example.com/v2/charts/api/manifests/2.0.0"] = Encoding.UTF8.GetBytes(
                $$"""{"schemaVersion":2,"layers":[{"mediaType":"application/vnd.cncf.helm.chart.provenance.v1.prov","digest":"sha256:00"},{"mediaType":"application/vnd.cncf.helm.chart.content.v1.tar+gzip","digest":"{{apiDigest}}"}]}"""),
            [$"https://registry.example.com/v2/charts/api/blobs/{apiDigest}"] = api,
            ["https://auth.example.com/token?service=registry.example.com&scope=repository%3Acharts%2Fapi%3Apull"] = """{"token":"anonymous"}"""u8.ToArray(),
        });
        using var store = new TempRepository();
        using var http = new HttpClient(handler);
        var puller = new ChartPuller(http, new ChartStore(store.Root));

        var (pulledWeb, webEntry) = await puller.PullAsync(new ArchiveRequest(ArchiveKind.Chart, "https://charts.example.com/stable", "web", "1.2.3"), null, TestContext.Current.CancellationToken);
        var (pulledApi, apiEntry) = await puller.PullAsync(new ArchiveRequest(ArchiveKind.Chart, "oci://registry.example.com/charts", "api", "2.0.0"), null, TestContext.Current.CancellationToken);

        (pulledWeb.Sha256, webEntry.Url).ShouldBe((ChartStore.Sha256Of(web), "https://downloads.example.com/web-1.2.3.tgz"));
        (pulledApi.Sha256, apiEntry.Url).ShouldBe((ChartStore.Sha256Of(api), "oci://registry.example.com/charts/api:2.0.0"));
        new ChartStore(store.Root).Read(pulledApi.Sha256).Content.ShouldBe(api);
        handler.Authorised.ShouldBe(["https://registry.example.com/v2/charts/api/manifests/2.0.0", $"https://registry.example.com/v2/charts/api/blobs/{apiDigest}"]);
    }

    private static async Task<(int Exit, string Output)> PullAsync(ChartRepositoryFixture fixture)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CommandLine.RunAsync(["charts", "pull", "--repo", fixture.Repository.Root], stdout, stderr, new ProcessRunner(),
            TestPipeline.Settings() with { ChartStore = fixture.Store });
        return (exit, stdout + stderr.ToString());
    }

    /// <summary>Canned responses; the registry's paths answer 401 with a bearer challenge until a token is sent.</summary>
    private sealed class Registry(Dictionary<string, byte[]> bodies) : HttpMessageHandler
    {
        public List<string> Authorised { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var url = request.RequestUri!.ToString();
            if (url.StartsWith("https://registry.example.com/", StringComparison.Ordinal))
            {
                if (request.Headers.Authorization?.Parameter != "anonymous")
                {
                    var challenge = new HttpResponseMessage(HttpStatusCode.Unauthorized);
                    challenge.Headers.WwwAuthenticate.ParseAdd("Bearer realm=\"https://auth.example.com/token\",service=\"registry.example.com\",scope=\"repository:charts/api:pull\"");
                    return Task.FromResult(challenge);
                }
                Authorised.Add(url);
            }
            return Task.FromResult(bodies.TryGetValue(url, out var body)
                ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) }
                : new HttpResponseMessage(HttpStatusCode.NotFound));
        }
    }
}
