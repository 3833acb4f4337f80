using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.AnyRepository;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Render.Charts;

/// <summary>
/// A chart of the repository whose dependencies are not vendored renders as Argo CD renders it after
/// <c>helm dependency build</c>: the versions Chart.lock pins, from the chart cache, placed in a copy of the repository.
/// </summary>
[Trait("Category", "Gate")]
public sealed class ChartDependencyTests
{
    private const string Site = "charts/site";

    private static ChartRepositoryFixture Repository(string repository = ChartRepositoryFixture.ChartRepository, bool locked = true)
    {
        var fixture = new ChartRepositoryFixture();
        fixture.Repository
            .Write("apps/site.yaml", SmallRepository.Application("site", Site, "site"))
            .Write($"{Site}/Chart.yaml", $"apiVersion: v2\nname: site\nversion: 0.1.0\ndependencies:\n  - name: web\n    version: \"^1.2.0\"\n    repository: \"{repository}\"\n")
            .Write($"{Site}/values.yaml", "web:\n  greeting: from-the-parent\n")
            .Write($"{Site}/templates/configmap.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: site\ndata:\n  a: b\n");
        if (locked) fixture.Repository.Write($"{Site}/Chart.lock", $"dependencies:\n  - name: web\n    repository: \"{repository}\"\n    version: 1.2.3\ndigest: sha256:0\ngenerated: \"2026-01-01T00:00:00Z\"\n");
        return fixture;
    }

    [Fact]
    public async Task A_dependency_pinned_by_Chart_lock_renders_from_the_cache_and_the_repository_is_not_written()
    {
        using var fixture = Repository();
        fixture.Cached("web", "1.2.3", ChartArchives.Chart("web", "1.2.3"));

        var render = await fixture.RenderAsync();

        render.Findings.ShouldBeEmpty(render.Findings.Describe());
        render.Object("ConfigMap", "site-settings").Body.Mapping("data")!.String("greeting").ShouldBe("from-the-parent"); // the parent's values reach the subchart
        render.Object("ConfigMap", "site").Application.ShouldBe("site");
        Directory.Exists(Path.Combine(fixture.Repository.Root, Site, "charts")).ShouldBeFalse();
    }

    [Fact]
    public async Task A_dependency_not_in_the_cache_says_so_at_its_declaration_never_Helms_hint()
    {
        using var fixture = Repository();

        var render = await fixture.RenderAsync();

        var finding = render.Findings.ShouldHaveSingle(RenderRules.DependencyNotCached);
        finding.Severity.ShouldBe(Severity.Error);
        $"{finding.Location!.File}:{finding.Location.Line}".ShouldBe($"{Site}/Chart.yaml:5");
        finding.Message.ShouldContain("not checked: dependency web@1.2.3 not in the chart cache");
        finding.Message.ShouldContain("run charts pull");
        render.Findings.ShouldNotContain(f => f.Message.Contains("dependency build", StringComparison.Ordinal), render.Findings.Describe());
        render.MissingArchives.Select(m => m.Describe()).ShouldBe([$"web@1.2.3 from {ChartRepositoryFixture.ChartRepository}"]);
        render.FailedClusters.Keys.ShouldContain("one");
    }

    [Fact]
    public async Task Without_a_lock_file_the_version_range_cannot_be_resolved_offline()
    {
        using var fixture = Repository(locked: false);
        fixture.Cached("web", "1.2.3", ChartArchives.Chart("web", "1.2.3"));

        var render = await fixture.RenderAsync();

        render.Findings.ShouldHaveSingle(RenderRules.DependencyNotCached).Message.ShouldContain("pins no version of it");
    }

    [Fact]
    public async Task A_file_dependency_is_copied_from_the_repository_and_a_vendored_one_is_used_as_it_is()
    {
        using var fixture = Repository("file://../web");
        fixture.Repository
            .Write("charts/web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 1.2.3\n")
            .Write("charts/web/templates/configmap.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: local-web\ndata:\n  greeting: {{ .Values.greeting | quote }}\n");
        // charts/web is reached through site only; its own folder is not dead configuration in this test's sense.
        fixture.Repository.Write("apps/web.yaml", SmallRepository.Application("web", "charts/web", "web"));

        var render = await fixture.RenderAsync();

        render.Findings.ShouldBeEmpty(render.Findings.Describe());
        render.Clusters.Single().Objects.Where(o => o.Name == "local-web").Select(o => o.Application).Order().ToList().ShouldBe(["site", "web"]);

        // Vendored: Helm loads charts/web itself; nothing is looked up.
        fixture.Repository.Write($"{Site}/charts/web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 1.2.3\n")
            .Write($"{Site}/charts/web/templates/configmap.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: vendored-web\n");
        var vendored = await fixture.RenderAsync();
        vendored.Findings.ShouldBeEmpty(vendored.Findings.Describe());
        vendored.Object("ConfigMap", "vendored-web").Application.ShouldBe("site");
    }

    [Theory]
    [InlineData("file://../../../outside", RenderRules.MissingResource, "which is no chart folder of this repository")]
    [InlineData("@stable", RenderRules.DependencyNotCached, "by its Helm alias")]
    public async Task A_dependency_outside_the_repository_or_named_by_an_alias_is_not_placed(string repository, string rule, string message)
    {
        using var fixture = Repository(repository);

        var render = await fixture.RenderAsync();

        render.Findings.ShouldHaveSingle(rule).Message.ShouldContain(message);
        render.Clusters.Single().Objects.ShouldNotContain(o => o.Kind == "ConfigMap" && o.Name == "site");
    }

    [Fact]
    public async Task A_dependency_archive_with_a_path_out_of_its_folder_is_refused()
    {
        using var fixture = Repository();
        fixture.Cached("web", "1.2.3", ChartArchives.Tar(("web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 1.2.3\n"), ("web/../../escape.yaml", "a: 1\n")));

        var render = await fixture.RenderAsync();

        render.Findings.ShouldHaveSingle(RenderRules.ArchiveRefused).Message.ShouldContain("leaves the archive's folder");
        File.Exists(Path.Combine(fixture.Repository.Root, "escape.yaml")).ShouldBeFalse();
    }
}
