using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Render.Charts;
using Acolhimento.Validation.Tests.AnyRepository;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Render.Charts;

/// <summary>
/// An Application installing a chart of a Helm repository renders from the chart cache like the repository's own charts
/// (helm block, values schema); without the archive it says, once, what is not checked; a bad archive is an error.
/// </summary>
[Trait("Category", "Gate")]
public sealed class UpstreamChartTests
{
    private const string Helm = """
            helm:
              releaseName: front
              valuesObject:
                greeting: {0}
        """;

    [Fact]
    public async Task A_cached_chart_renders_with_the_Applications_helm_block()
    {
        using var fixture = new ChartRepositoryFixture();
        fixture.Cached("web", "1.2.3", ChartArchives.Chart("web", "1.2.3"));
        fixture.Repository.Write("apps/web.yaml", ChartRepositoryFixture.UpstreamApplication("web", "web", "1.2.3", string.Format(Helm, "bonjour")));

        var render = await fixture.RenderAsync();

        render.Findings.ShouldBeEmpty(render.Findings.Describe());
        var configMap = render.Object("ConfigMap", "front-settings");
        configMap.Application.ShouldBe("web");
        configMap.Namespace.ShouldBe("web"); // the destination namespace, as Argo CD sets it
        configMap.Body.Mapping("data")!.String("greeting").ShouldBe("bonjour");
        render.MissingArchives.ShouldBeEmpty();
    }

    [Fact]
    public async Task Values_the_charts_schema_rejects_are_an_error_at_the_Application()
    {
        using var fixture = new ChartRepositoryFixture();
        fixture.Cached("web", "1.2.3", ChartArchives.Chart("web", "1.2.3"));
        fixture.Repository.Write("apps/web.yaml", ChartRepositoryFixture.UpstreamApplication("web", "web", "1.2.3", string.Format(Helm, "5")));

        var render = await fixture.RenderAsync();

        var finding = render.Findings.ShouldHaveSingle(RenderRules.InvalidValues);
        finding.Location!.File.ShouldBe("apps/web.yaml");
        finding.Message.ShouldContain("greeting");
    }

    [Fact]
    public async Task A_chart_not_in_the_cache_is_one_warning_naming_it_and_a_request_for_charts_pull()
    {
        using var fixture = new ChartRepositoryFixture();
        fixture.Repository.Write("apps/web.yaml", ChartRepositoryFixture.UpstreamApplication("web", "web", "1.2.3", string.Format(Helm, "hi")));

        var render = await fixture.RenderAsync();

        var finding = render.Findings.ShouldHaveSingle(RenderRules.ChartNotCached);
        finding.Severity.ShouldBe(Severity.Warning);
        finding.Message.ShouldContain($"web@1.2.3 from {ChartRepositoryFixture.ChartRepository}");
        finding.Message.ShouldContain("not pinned");
        finding.Message.ShouldContain("run charts pull");
        $"{finding.Location!.File}:{finding.Location.Line}".ShouldBe("apps/web.yaml:13"); // the chart: line
        render.Clusters.Single().Objects.ShouldNotContain(o => o.Kind == "ConfigMap");
        render.MissingArchives.ShouldBe([new ArchiveRequest(ArchiveKind.Chart, ChartRepositoryFixture.ChartRepository, "web", "1.2.3")]);
        render.FailedClusters.ShouldBeEmpty(); // the rest of the cluster is still judged as a whole
    }

    [Fact]
    public async Task A_pinned_archive_missing_or_changed_in_the_cache_is_not_used()
    {
        using var fixture = new ChartRepositoryFixture();
        var archive = ChartArchives.Chart("web", "1.2.3");
        fixture.Pinned("web", "1.2.3", ChartStore.Sha256Of(archive));
        fixture.Repository.Write("apps/web.yaml", ChartRepositoryFixture.UpstreamApplication("web", "web", "1.2.3"));
        (await fixture.RenderAsync()).Findings.ShouldHaveSingle(RenderRules.ChartNotCached).Message.ShouldContain("but not in the chart cache");

        var sha = fixture.Store.Put(archive);
        File.WriteAllBytes(fixture.Store.PathOf(sha), ChartArchives.Chart("web", "6.6.6", "  planted: \"yes\"\n"));
        (await fixture.RenderAsync()).Findings.ShouldHaveSingle(RenderRules.ChartNotCached).Message.ShouldContain("changed since it was pulled");
    }

    [Fact]
    public async Task An_archive_pinned_for_another_chart_or_holding_a_link_is_an_error()
    {
        using var fixture = new ChartRepositoryFixture();
        fixture.Cached("web", "1.2.3", ChartArchives.Chart("other", "1.2.3"));
        fixture.Cached("api", "1.0.0", ChartArchives.WithEntry(System.Formats.Tar.TarEntryType.SymbolicLink, "chart/templates/x.yaml", "/etc/passwd"));
        fixture.Repository.Write("apps/web.yaml", ChartRepositoryFixture.UpstreamApplication("web", "web", "1.2.3"));
        fixture.Repository.Write("apps/api.yaml", ChartRepositoryFixture.UpstreamApplication("api", "api", "1.0.0"));

        var render = await fixture.RenderAsync();

        render.Findings.Where(f => f.Rule == RenderRules.ArchiveRefused).Select(f => f.Application).Order().ToList().ShouldBe(["api", "web"], render.Findings.Describe());
        render.FailedClusters.Keys.ShouldContain("one");
    }
}
