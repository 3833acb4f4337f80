using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.AnyRepository;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Render.Charts;

/// <summary>
/// A kustomization's helmCharts render as Argo CD renders them with <c>kustomize.buildOptions: --enable-helm</c> when
/// the repository opts in (<c>kustomizeBuildOptions</c> in validation.yaml), charts from the chart cache; without the
/// opt-in, or without the chart, a finding at the entry says what is not checked.
/// </summary>
[Trait("Category", "Gate")]
public sealed class KustomizeHelmChartTests
{
    private const string Kustomization = "overlays/site/kustomization.yaml";
    private const string OptIn = "  kustomizeBuildOptions: --enable-helm\n";

    private static ChartRepositoryFixture Site(string extraSpec, string version = "1.2.3")
    {
        var fixture = new ChartRepositoryFixture(extraSpec);
        fixture.Repository
            .Write("apps/site.yaml", SmallRepository.Application("site", "overlays/site", "site"))
            .Write(Kustomization, $"""
                namespace: site
                helmCharts:
                  - name: web
                    repo: {ChartRepositoryFixture.ChartRepository}
                    version: {version}
                    releaseName: site
                    valuesInline:
                      greeting: from-kustomize
                """);
        return fixture;
    }

    [Fact]
    public async Task With_the_opt_in_a_chart_renders_from_the_cache_with_its_inline_values()
    {
        using var fixture = Site(OptIn);
        fixture.Cached("web", "1.2.3", ChartArchives.Chart("web", "1.2.3"));

        var render = await fixture.RenderAsync();

        render.Findings.Where(f => f.Severity == Severity.Error).ShouldBeEmpty(render.Findings.Describe());
        var settings = render.Object("ConfigMap", "site-settings");
        settings.Body.Mapping("data")!.String("greeting").ShouldBe("from-kustomize");
        settings.Body.Mapping("metadata")!.String("namespace").ShouldBe("site");
        Directory.Exists(Path.Combine(fixture.Repository.Root, "overlays/site/charts")).ShouldBeFalse(); // placed in a copy, never in the repository
    }

    [Fact]
    public async Task Without_the_opt_in_the_build_is_not_checked_as_Argo_CD_would_fail_it()
    {
        using var fixture = Site("");
        fixture.Cached("web", "1.2.3", ChartArchives.Chart("web", "1.2.3"));

        var render = await fixture.RenderAsync();

        var finding = render.Findings.ShouldHaveSingle(RenderRules.HelmInKustomizeRefused);
        $"{finding.Location!.File}:{finding.Location.Line}".ShouldBe($"{Kustomization}:2");
        finding.Message.ShouldContain("not checked");
        finding.Message.ShouldContain("kustomizeBuildOptions: --enable-helm");
        render.FailedClusters.Keys.ShouldContain("one");
    }

    [Fact]
    public async Task A_chart_not_in_the_cache_is_a_finding_at_its_entry()
    {
        using var fixture = Site(OptIn);

        var render = await fixture.RenderAsync();

        var finding = render.Findings.ShouldHaveSingle(RenderRules.KustomizeChartNotCached);
        $"{finding.Location!.File}:{finding.Location.Line}".ShouldBe($"{Kustomization}:3");
        finding.Message.ShouldContain($"not checked: helmCharts entry web@1.2.3 from {ChartRepositoryFixture.ChartRepository}");
        render.MissingArchives.Select(m => m.Describe()).ShouldBe([$"web@1.2.3 from {ChartRepositoryFixture.ChartRepository}"]);
        render.FailedClusters.Keys.ShouldContain("one");
    }

    [Fact]
    public async Task A_version_that_is_no_exact_pin_cannot_come_from_the_cache()
    {
        using var fixture = Site(OptIn, version: "^1.2.0");

        var render = await fixture.RenderAsync();

        render.Findings.ShouldHaveSingle(RenderRules.KustomizeChartNotCached).Message.ShouldContain("not an exact one");
    }

    [Fact]
    public async Task A_chart_in_the_repository_is_used_as_it_is()
    {
        using var fixture = Site(OptIn);
        fixture.Repository
            .Write("overlays/site/charts/web-1.2.3/web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 1.2.3\n")
            .Write("overlays/site/charts/web-1.2.3/web/values.yaml", "greeting: hello\n")
            .Write("overlays/site/charts/web-1.2.3/web/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: vendored\ndata:\n  greeting: {{ .Values.greeting | quote }}\n");

        var render = await fixture.RenderAsync();

        render.Findings.Where(f => f.Severity == Severity.Error).ShouldBeEmpty(render.Findings.Describe());
        render.Object("ConfigMap", "vendored").Body.Mapping("data")!.String("greeting").ShouldBe("from-kustomize");
        render.MissingArchives.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_cached_archive_holding_another_chart_is_refused()
    {
        using var fixture = Site(OptIn);
        fixture.Cached("web", "1.2.3", ChartArchives.Chart("other", "1.2.3"));

        var render = await fixture.RenderAsync();

        render.Findings.ShouldHaveSingle(RenderRules.ArchiveRefused).Location!.Line.ShouldBe(3);
    }

    [Theory]
    [InlineData("helmGlobals:\n  chartHome: ../../../outside\n", RenderRules.OutsideRepository)]
    [InlineData("helmGlobals:\n  configHome: helm-config\n", RenderRules.InputRefused)]
    public async Task Chart_and_configuration_homes_of_the_repositorys_choosing_are_refused(string globals, string rule)
    {
        using var fixture = Site(OptIn);
        fixture.Cached("web", "1.2.3", ChartArchives.Chart("web", "1.2.3"));
        fixture.Repository.Write(Kustomization, File.ReadAllText(Path.Combine(fixture.Repository.Root, Kustomization)) + "\n" + globals);

        var render = await fixture.RenderAsync();

        render.Findings.ShouldHaveSingle(rule).Location!.File.ShouldBe(Kustomization);
    }

    [Fact]
    public void Build_options_other_than_enable_helm_stop_the_run()
    {
        Should.Throw<CannotValidateException>(() => Acolhimento.Validation.Configuration.KustomizeBuildOptions.Parse("--enable-helm --load-restrictor LoadRestrictionsNone"))
            .Message.ShouldContain("--load-restrictor");
        Acolhimento.Validation.Configuration.KustomizeBuildOptions.Parse("--enable-helm").EnableHelm.ShouldBeTrue();
        Acolhimento.Validation.Configuration.KustomizeBuildOptions.Parse(null).EnableHelm.ShouldBeFalse();
    }
}
