using System.Formats.Tar;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.AnyRepository;
using Acolhimento.Validation.Tests.Render.Charts;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Render.Remote;

/// <summary>
/// Remote Kustomize bases (as argocd-autopilot repositories have them) render offline from the cache, keyed by
/// repository, folder and pinned ref; what the cache lacks, a moving ref and hostile archives are findings at the entry.
/// </summary>
[Trait("Category", "Gate")]
public sealed class RemoteBaseTests
{
    private const string Platform = "https://github.com/example/platform";
    private const string Kustomization = "overlays/site/kustomization.yaml";

    private static string ConfigMap(string name, string extra = "") => $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\ndata:\n  a: b\n{extra}";

    /// <summary>The repository archive of example/platform at v1.2.3, as a Git host serves it (one top folder).</summary>
    private static byte[] PlatformArchive(string baseKustomization = "resources:\n  - configmap.yaml\n") => ChartArchives.Tar(
        ("platform-1.2.3/deploy/base/kustomization.yaml", baseKustomization),
        ("platform-1.2.3/deploy/base/configmap.yaml", ConfigMap("from-base")),
        ("platform-1.2.3/README.md", "platform\n"));

    private static ChartRepositoryFixture Site(string entry = $"{Platform}//deploy/base?ref=v1.2.3")
    {
        var fixture = new ChartRepositoryFixture();
        fixture.Repository
            .Write("apps/site.yaml", SmallRepository.Application("site", "overlays/site", "site"))
            .Write(Kustomization, $"resources:\n  - {entry}\n  - configmap.yaml\nnamespace: site\n")
            .Write("overlays/site/configmap.yaml", ConfigMap("local"));
        return fixture;
    }

    [Fact]
    public async Task A_pinned_base_renders_from_the_cache_with_the_overlay_applied()
    {
        using var fixture = Site();
        fixture.CachedBase(Platform, "deploy/base", "v1.2.3", PlatformArchive());

        var render = await fixture.RenderAsync();

        render.Findings.Where(f => f.Severity == Severity.Error).ShouldBeEmpty(render.Findings.Describe());
        render.Object("ConfigMap", "from-base").Body.Mapping("metadata")!.String("namespace").ShouldBe("site");
        render.Object("ConfigMap", "local").Application.ShouldBe("site");
        render.MissingArchives.ShouldBeEmpty();
        File.ReadAllText(Path.Combine(fixture.Repository.Root, Kustomization)).ShouldContain($"{Platform}//deploy/base?ref=v1.2.3"); // the repository is never written
    }

    [Fact]
    public async Task Every_address_form_of_one_base_is_one_cache_entry()
    {
        using var fixture = Site("github.com/example/platform/deploy/base?ref=v1.2.3");
        fixture.CachedBase(Platform, "deploy/base", "v1.2.3", PlatformArchive());

        var render = await fixture.RenderAsync();

        render.Findings.Where(f => f.Severity == Severity.Error).ShouldBeEmpty(render.Findings.Describe());
        render.Object("ConfigMap", "from-base").ShouldNotBeNull();
    }

    [Fact]
    public async Task A_base_not_in_the_cache_is_a_finding_at_its_entry_and_nothing_is_fetched()
    {
        using var fixture = Site();

        var render = await fixture.RenderAsync();

        var finding = render.Findings.ShouldHaveSingle(RenderRules.RemoteBaseNotCached);
        $"{finding.Location!.File}:{finding.Location.Line}".ShouldBe($"{Kustomization}:2");
        finding.Message.ShouldContain("not checked: remote base https://github.com/example/platform//deploy/base?ref=v1.2.3");
        finding.Message.ShouldContain("run charts pull");
        render.MissingArchives.Select(m => m.Describe()).ShouldBe([$"deploy/base@v1.2.3 from {Platform}"]);
        render.FailedClusters.Keys.ShouldContain("one");
    }

    [Theory]
    [InlineData($"{Platform}//deploy/base")]
    [InlineData($"{Platform}//deploy/base?ref=main")]
    public async Task A_base_on_no_ref_or_a_branch_is_not_reproducible_and_says_so(string entry)
    {
        using var fixture = Site(entry);
        fixture.CachedBase(Platform, "deploy/base", "main", PlatformArchive());

        var render = await fixture.RenderAsync();

        var finding = render.Findings.ShouldHaveSingle(RenderRules.RemoteBaseUnpinned);
        $"{finding.Location!.File}:{finding.Location.Line}".ShouldBe($"{Kustomization}:2");
        finding.Message.ShouldContain("not checked");
        render.FailedClusters.Keys.ShouldContain("one");
    }

    [Fact]
    public async Task A_cache_entry_whose_bytes_changed_is_not_used()
    {
        using var fixture = Site();
        var archive = PlatformArchive();
        fixture.CachedBase(Platform, "deploy/base", "v1.2.3", archive);
        var sha = Acolhimento.Validation.Render.Charts.ChartStore.Sha256Of(archive);
        File.WriteAllBytes(fixture.Store.PathOf(sha), PlatformArchive(baseKustomization: "resources:\n  - configmap.yaml\nnamePrefix: tampered-\n"));

        var render = await fixture.RenderAsync();

        render.Findings.ShouldHaveSingle(RenderRules.RemoteBaseNotCached).Message.ShouldContain("not the pinned");
        render.Clusters.SelectMany(c => c.Objects).ShouldNotContain(o => o.Id.Name.StartsWith("tampered-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_folder_leaving_the_base_repository_is_refused_at_the_entry()
    {
        using var fixture = Site($"{Platform}//deploy/../../../etc?ref=v1.2.3");
        fixture.CachedBase(Platform, "deploy/base", "v1.2.3", PlatformArchive());

        var render = await fixture.RenderAsync();

        var finding = render.Findings.ShouldHaveSingle(RenderRules.RemoteResource);
        finding.Location!.Line.ShouldBe(2);
        finding.Message.ShouldContain("leaves the repository");
    }

    [Theory]
    [InlineData(TarEntryType.SymbolicLink)]
    [InlineData(TarEntryType.HardLink)]
    public async Task An_archive_with_a_link_is_refused(TarEntryType type)
    {
        using var fixture = Site($"{Platform}//chart?ref=v1.2.3");
        fixture.CachedBase(Platform, "chart", "v1.2.3", ChartArchives.WithEntry(type, "chart/secrets", "/etc/passwd"));

        var render = await fixture.RenderAsync();

        var finding = render.Findings.ShouldHaveSingle(RenderRules.ArchiveRefused);
        $"{finding.Location!.File}:{finding.Location.Line}".ShouldBe($"{Kustomization}:2");
        finding.Message.ShouldContain("links are not followed");
    }

    [Fact]
    public async Task A_base_of_a_base_comes_from_the_cache_too_and_what_is_missing_is_said_at_the_outer_entry()
    {
        const string Shared = "https://gitlab.com/example/shared.git";
        using var fixture = Site();
        fixture.CachedBase(Platform, "deploy/base", "v1.2.3", PlatformArchive($"resources:\n  - configmap.yaml\n  - {Shared}//common?ref=v0.9.0\n"));

        var missing = await fixture.RenderAsync();

        var finding = missing.Findings.ShouldHaveSingle(RenderRules.RemoteBaseNotCached);
        $"{finding.Location!.File}:{finding.Location.Line}".ShouldBe($"{Kustomization}:2");
        finding.Message.ShouldContain("in remote base https://github.com/example/platform//deploy/base?ref=v1.2.3 (deploy/base/kustomization.yaml:3)");

        fixture.CachedBase(Shared, "common", "v0.9.0", ChartArchives.Tar(("shared-v0.9.0/common/kustomization.yaml", "resources:\n  - cm.yaml\n"), ("shared-v0.9.0/common/cm.yaml", ConfigMap("shared"))));
        var render = await fixture.RenderAsync();
        render.Findings.Where(f => f.Severity == Severity.Error).ShouldBeEmpty(render.Findings.Describe());
        render.Object("ConfigMap", "shared").Body.Mapping("metadata")!.String("namespace").ShouldBe("site");
    }

    [Fact]
    public async Task What_a_base_holds_is_judged_as_untrusted_input()
    {
        using var fixture = Site();
        fixture.CachedBase(Platform, "deploy/base", "v1.2.3", PlatformArchive("resources:\n  - configmap.yaml\n  - http://127.0.0.1:1/x.yaml\n"));

        var render = await fixture.RenderAsync();

        var finding = render.Findings.ShouldHaveSingle(RenderRules.RemoteResource);
        $"{finding.Location!.File}:{finding.Location.Line}".ShouldBe($"{Kustomization}:2");
        finding.Message.ShouldContain("in remote base");
    }

    [Theory]
    [InlineData("../../../../overlays/site")] // a folder of the repository that uses the base
    [InlineData("../../../secrets.yaml")] // beside the clone
    [InlineData("../../../../secrets.yaml")]
    public async Task A_path_in_a_base_that_leaves_its_clone_is_refused_as_Kustomize_refuses_it(string escape)
    {
        using var fixture = Site();
        fixture.Repository.Write("secrets.yaml", ConfigMap("outside"));
        fixture.CachedBase(Platform, "deploy/base", "v1.2.3", PlatformArchive($"resources:\n  - configmap.yaml\n  - {escape}\n"));

        var render = await fixture.RenderAsync();

        var finding = render.Findings.ShouldHaveSingle(RenderRules.OutsideRepository);
        $"{finding.Location!.File}:{finding.Location.Line}".ShouldBe($"{Kustomization}:2");
        finding.Message.ShouldContain("in remote base https://github.com/example/platform//deploy/base?ref=v1.2.3 (deploy/base/kustomization.yaml:3)");
        finding.Message.ShouldContain("leaves the remote base's repository");
        render.Clusters.SelectMany(c => c.Objects).ShouldNotContain(o => o.Id.Name == "outside");
    }

    [Fact]
    public async Task A_folder_committed_where_bases_are_unpacked_cannot_stand_in_for_the_cached_base()
    {
        using var fixture = Site();
        var archive = PlatformArchive();
        fixture.CachedBase(Platform, "deploy/base", "v1.2.3", archive);
        var planted = $".acolhimento-remote-bases/{Acolhimento.Validation.Render.Charts.ChartStore.Sha256Of(archive)[..16]}/deploy/base";
        fixture.Repository
            .Write($"{planted}/kustomization.yaml", "resources:\n  - configmap.yaml\n")
            .Write($"{planted}/configmap.yaml", ConfigMap("planted"));

        var render = await fixture.RenderAsync();

        render.Findings.Where(f => f.Severity == Severity.Error).ShouldBeEmpty(render.Findings.Describe());
        render.Object("ConfigMap", "from-base").ShouldNotBeNull();
        render.Clusters.SelectMany(c => c.Objects).ShouldNotContain(o => o.Id.Name == "planted");
    }

    [Fact]
    public async Task An_object_from_a_base_is_located_at_the_entry_and_what_the_overlay_patches_at_the_patch()
    {
        using var fixture = Site();
        fixture.Repository
            .Write(Kustomization, $"resources:\n  - {Platform}//deploy/base?ref=v1.2.3\npatches:\n  - path: patch.yaml\n")
            .Write("overlays/site/patch.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-base\n  labels:\n    patched: by-overlay\n");
        fixture.CachedBase(Platform, "deploy/base", "v1.2.3", PlatformArchive());

        var render = await fixture.RenderAsync();

        render.Findings.Where(f => f.Severity == Severity.Error).ShouldBeEmpty(render.Findings.Describe());
        var fromBase = render.Object("ConfigMap", "from-base");
        fromBase.Location.ToString().ShouldStartWith($"{Kustomization}:2:");
        fromBase.Locate(Acolhimento.Validation.Yaml.ObjectPath.Of("data", "a")).ToString().ShouldStartWith($"{Kustomization}:2:");
        fromBase.Locate(Acolhimento.Validation.Yaml.ObjectPath.Of("metadata", "labels", "patched")).ToString().ShouldStartWith("overlays/site/patch.yaml:6:");
        render.Clusters.SelectMany(c => c.Objects).SelectMany(o => new[] { o.Location.File }).ShouldNotContain(f => f.StartsWith(".acolhimento", StringComparison.Ordinal));
    }
}
