using Shouldly;

namespace Acolhimento.Validation.Tests.Support;

/// <summary>Expected lines found in the fixture's own text, so a test never carries a line number that goes stale when the fixture changes.</summary>
public static class FixtureText
{
    /// <summary>The 1-based line of the file at <paramref name="path"/> that contains <paramref name="needle"/>; fails unless exactly one line does.</summary>
    public static int LineOf(string path, string needle) => LineIn(File.ReadAllText(path), needle, path);

    /// <summary>The 1-based line of <paramref name="text"/> that contains <paramref name="needle"/>; fails unless exactly one line does.</summary>
    public static int LineIn(string text, string needle, string? name = null)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var matches = Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains(needle, StringComparison.Ordinal)).ToList();
        matches.Count.ShouldBe(1, $"{name ?? "text"}: expected exactly one line containing \"{needle}\"");
        return matches[0] + 1;
    }
}
