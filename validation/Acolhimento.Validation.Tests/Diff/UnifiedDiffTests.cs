using Acolhimento.Validation.Diff;
using Shouldly;

namespace Acolhimento.Validation.Tests.Diff;

[Trait("Category", "Unit")]
public sealed class UnifiedDiffTests
{
    [Fact]
    public void Hunks_have_three_lines_of_context_and_diff_u_numbering()
    {
        var old = Enumerable.Range(1, 20).Select(i => $"line {i}").ToList();
        var changed = old.ToList();
        changed[9] = "line ten";
        var hunk = UnifiedDiff.Compute(old, changed).ShouldHaveSingleItem();
        hunk.Header.ShouldBe("@@ -7,7 +7,7 @@");
        hunk.Lines.ShouldBe([" line 7", " line 8", " line 9", "-line 10", "+line ten", " line 11", " line 12", " line 13"]);
    }

    [Fact]
    public void Distant_changes_are_separate_hunks_and_near_ones_share_one()
    {
        var old = Enumerable.Range(1, 40).Select(i => $"l{i}").ToList();
        var changed = old.ToList();
        changed[2] = "x";
        changed[30] = "y";
        UnifiedDiff.Compute(old, changed).Count.ShouldBe(2);
        changed[30] = "l31";
        changed[7] = "z";
        UnifiedDiff.Compute(old, changed).Count.ShouldBe(1);
    }

    [Fact]
    public void An_added_object_is_one_hunk_of_additions()
    {
        var hunk = UnifiedDiff.Compute([], ["a", "b"]).ShouldHaveSingleItem();
        hunk.Header.ShouldBe("@@ -0,0 +1,2 @@");
        hunk.Lines.ShouldBe(["+a", "+b"]);
        UnifiedDiff.Compute(["a"], ["a"]).ShouldBeEmpty();
    }
}
