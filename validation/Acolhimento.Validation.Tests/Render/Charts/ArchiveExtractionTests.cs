using System.Formats.Tar;
using Acolhimento.Validation.Render.Charts;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Render.Charts;

/// <summary>Archives from the chart cache are untrusted input: unpacked only within limits, never out of their folder, never a link.</summary>
[Trait("Category", "Unit")]
public sealed class ArchiveExtractionTests
{
    [Fact]
    public void A_chart_archive_unpacks_to_its_one_folder()
    {
        using var target = new TempRepository();
        var (folder, problem) = ChartUnpacking.Unpack(ChartArchives.Chart("web", "1.2.3"), target.Root, "web");
        problem.ShouldBeNull();
        folder.ShouldBe("web");
        File.ReadAllText(Path.Combine(target.Root, "web", "values.yaml")).ShouldBe("greeting: hello\n");
    }

    [Theory]
    [InlineData("../evil.yaml")]
    [InlineData("chart/../../evil.yaml")]
    [InlineData("/etc/evil.yaml")]
    public void An_entry_that_leaves_the_folder_refuses_the_whole_archive(string path)
    {
        using var parent = new TempRepository();
        var target = Path.Combine(parent.Root, "inner");
        var result = ArchiveExtraction.Extract(ChartArchives.Tar(("chart/Chart.yaml", "name: chart\n"), (path, "x")), target);
        result.Problem.ShouldNotBeNull().ShouldContain("leaves the archive's folder");
        Directory.EnumerateFileSystemEntries(parent.Root, "*", SearchOption.AllDirectories).ShouldBe([target]); // nothing left behind, nothing written beside
    }

    [Theory]
    [InlineData(TarEntryType.SymbolicLink)]
    [InlineData(TarEntryType.HardLink)]
    [InlineData(TarEntryType.Fifo)]
    public void Links_and_special_files_are_refused(TarEntryType type)
    {
        using var target = new TempRepository();
        var result = ArchiveExtraction.Extract(ChartArchives.WithEntry(type, "chart/templates/link.yaml", type is TarEntryType.Fifo ? null : "/etc/passwd"), target.Root);
        result.Problem.ShouldNotBeNull().ShouldContain("not a file or folder");
        Directory.EnumerateFileSystemEntries(target.Root).ShouldBeEmpty();
    }

    [Fact]
    public void Too_many_entries_too_large_a_file_and_a_bomb_stop_at_the_limits()
    {
        using var target = new TempRepository();
        var many = ChartArchives.Tar([.. Enumerable.Range(0, 20).Select(i => ($"chart/f{i}.yaml", "a: 1\n"))]);
        ArchiveExtraction.Extract(many, target.Root, new ExtractionLimits(1 << 20, 1 << 20, 10, 8)).Problem.ShouldNotBeNull().ShouldContain("more than 10 entries");
        var large = ChartArchives.Tar(("chart/big.yaml", new string('a', 5000)));
        ArchiveExtraction.Extract(large, target.Root, new ExtractionLimits(1 << 20, 1000, 10, 8)).Problem.ShouldNotBeNull().ShouldContain("over 1000");
        var bomb = ChartArchives.Tar([.. Enumerable.Range(0, 8).Select(i => ($"chart/b{i}.yaml", new string('a', 100_000)))]);
        ArchiveExtraction.Extract(bomb, target.Root, new ExtractionLimits(300_000, 1 << 20, 100, 8)).Problem.ShouldNotBeNull().ShouldContain("more than");
        var deep = ChartArchives.Tar((string.Join('/', Enumerable.Repeat("d", 12)) + "/x.yaml", "a: 1\n"));
        ArchiveExtraction.Extract(deep, target.Root, new ExtractionLimits(1 << 20, 1 << 20, 100, 8)).Problem.ShouldNotBeNull().ShouldContain("nested deeper");
        Directory.EnumerateFileSystemEntries(target.Root).ShouldBeEmpty();
    }

    [Fact]
    public void Bytes_that_are_not_a_gzipped_tar_are_refused_not_thrown()
    {
        using var target = new TempRepository();
        ArchiveExtraction.Extract("not an archive"u8.ToArray(), target.Root).Problem.ShouldNotBeNull().ShouldContain("cannot be read as a gzipped tar");
        var truncated = ChartArchives.Chart("web", "1.0.0")[..40];
        ArchiveExtraction.Extract(truncated, target.Root).Problem.ShouldNotBeNull();
    }

    [Fact]
    public void An_archive_of_another_chart_or_of_several_folders_is_not_the_pinned_chart()
    {
        using var target = new TempRepository();
        ChartUnpacking.Unpack(ChartArchives.Chart("other", "1.0.0"), Path.Combine(target.Root, "a"), "web").Problem.ShouldNotBeNull().ShouldContain("names chart \"other\"");
        ChartUnpacking.Unpack(ChartArchives.Tar(("a/Chart.yaml", "name: a\n"), ("b/Chart.yaml", "name: b\n")), Path.Combine(target.Root, "b"), "a").Problem.ShouldNotBeNull().ShouldContain("holds 2 top-level entries");
    }
}
