using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Render.Charts;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Render.Charts;

[Trait("Category", "Unit")]
public sealed class ChartLockTests
{
    private static readonly string Sha = new('a', 64);

    [Fact]
    public void Entries_are_found_by_repository_name_and_version_whatever_the_trailing_slash_or_host_case()
    {
        var chartLock = ChartLock.Parse($"""
            kind: ChartLock
            charts:
              - repository: https://Charts.Example.com/stable/
                name: web
                version: 1.2.3
                sha256: {Sha}
              - repository: oci://registry.example.com/charts
                name: api
                version: 2.0.0
            """, "test");
        chartLock.Find(new ArchiveRequest(ArchiveKind.Chart, "https://charts.example.com/stable", "web", "1.2.3"))!.Sha256.ShouldBe(Sha);
        chartLock.Find(new ArchiveRequest(ArchiveKind.Chart, "https://charts.example.com/Stable", "web", "1.2.3")).ShouldBeNull(); // the path is case-sensitive
        chartLock.Find(new ArchiveRequest(ArchiveKind.Chart, "https://charts.example.com/stable", "web", "1.2.4")).ShouldBeNull();
        chartLock.Find(new ArchiveRequest(ArchiveKind.Chart, "oci://registry.example.com/charts", "api", "2.0.0"))!.Sha256.ShouldBeNull();
        chartLock.Find(new ArchiveRequest(ArchiveKind.Base, "oci://registry.example.com/charts", "api", "2.0.0")).ShouldBeNull();
    }

    [Fact]
    public void What_charts_pull_writes_reads_back_the_same()
    {
        var chartLock = ChartLock.Empty
            .Pinned(ArchiveKind.Chart, new LockedArchive("https://b.example.com", "web", "1.0.0", Sha, "https://b.example.com/web-1.0.0.tgz"))
            .Pinned(ArchiveKind.Chart, new LockedArchive("https://a.example.com", "x\"y", "2.0.0", Sha))
            .Pinned(ArchiveKind.Base, new LockedArchive("https://github.com/o/r.git", "deploy/base", "v1.0.0", Sha));
        var again = ChartLock.Parse(chartLock.Write(), "written");
        again.Charts.ShouldBe(chartLock.Charts);
        again.Bases.ShouldBe(chartLock.Bases);
        again.Charts[0].Repository.ShouldBe("https://a.example.com"); // sorted
        // Pinning again replaces the entry instead of adding a second one.
        chartLock.Pinned(ArchiveKind.Chart, new LockedArchive("https://b.example.com/", "web", "1.0.0", new string('b', 64))).Charts.Count.ShouldBe(2);
    }

    [Theory]
    [InlineData("charts: {}\n", "is not a list")]
    [InlineData("charts:\n  - name: web\n    version: 1.0.0\n", "has no repository")]
    [InlineData("charts:\n  - repository: r\n    name: web\n    version: 1.0.0\n    sha256: abc\n", "is not 64 hex digits")]
    [InlineData("charts:\n  - repository: r\n    name: web\n    version: 1.0.0\n  - repository: r/\n    name: web\n    version: 1.0.0\n", "listed twice")]
    [InlineData("kind: SchemaLock\n", "expected ChartLock")]
    [InlineData("charts: [\n", "not valid")]
    public void A_lock_that_cannot_be_read_stops_the_run_with_the_reason(string text, string reason)
    {
        Should.Throw<CannotValidateException>(() => ChartLock.Parse(text, "validation/charts.lock.yaml")).Message.ShouldContain(reason);
    }

    [Fact]
    public void A_repository_without_a_lock_pins_nothing_and_a_linked_lock_is_refused()
    {
        using var repository = new TempRepository();
        ChartLock.Load(repository.Root).ShouldBe(ChartLock.Empty);
        repository.Write("elsewhere.yaml", "charts: []\n");
        Directory.CreateDirectory(Path.Combine(repository.Root, "validation"));
        File.CreateSymbolicLink(Path.Combine(repository.Root, ChartLock.RelativePath), Path.Combine(repository.Root, "elsewhere.yaml"));
        Should.Throw<CannotValidateException>(() => ChartLock.Load(repository.Root)).Message.ShouldContain("symbolic link");
    }

    [Fact]
    public void The_store_hands_back_only_bytes_that_hash_to_the_digest()
    {
        using var root = new TempRepository();
        var store = new ChartStore(root.Root);
        var archive = ChartArchives.Chart("web", "1.0.0");
        var sha = store.Put(archive);
        sha.ShouldBe(ChartStore.Sha256Of(archive));
        store.Read(sha).Content.ShouldBe(archive);
        store.Read(new string('0', 64)).ShouldBe(new StoredArchive(null, null));
        File.WriteAllBytes(store.PathOf(sha), [.. archive, 0]);
        store.Read(sha).Problem.ShouldNotBeNull().ShouldContain("changed since it was pulled");
        var sources = new ChartSources(ChartLock.Empty.Pinned(ArchiveKind.Chart, new LockedArchive("https://r", "web", "1.0.0", sha)), store);
        sources.Locate(new ArchiveRequest(ArchiveKind.Chart, "https://r", "web", "1.0.0")).Found.ShouldBeFalse();
        sources.Locate(new ArchiveRequest(ArchiveKind.Chart, "https://r", "api", "1.0.0")).Missing.ShouldContain("not pinned");
        sources.Missing.Select(m => m.Name).ShouldBe(["api", "web"]);
    }
}
