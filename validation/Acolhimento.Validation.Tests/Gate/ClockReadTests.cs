using System.Text.RegularExpressions;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Gate;

/// <summary>
/// Tests must not rot with the calendar: no test source reads the clock — directly, or through the pipeline's or the
/// CLI's default settings, whose clock is the real one — except <see cref="TodaysDateGateTests"/>, which does on purpose.
/// </summary>
[Trait("Category", "Unit")]
public sealed partial class ClockReadTests
{
    /// <summary>The test allowed to read the clock, and this file (which names what it looks for).</summary>
    private static readonly string[] Allowed = ["Gate/TodaysDateGateTests.cs", "Gate/ClockReadTests.cs"];

    [GeneratedRegex(@"\b(DateTime\.(Now|UtcNow|Today)|DateTimeOffset\.(Now|UtcNow)|TimeProvider\.System|PipelineSettings\.Default\(\))")]
    private static partial Regex DirectRead();

    [GeneratedRegex(@"new PipelineSettings\(|new ValidationPipeline\(|CommandLine\.RunAsync\(")]
    private static partial Regex PipelineConstruction();

    public static IEnumerable<string> Problems(string relativePath, string source)
    {
        int LineAt(int index) => source.AsSpan(0, index).Count('\n') + 1;
        foreach (Match m in DirectRead().Matches(source))
            yield return $"{relativePath}:{LineAt(m.Index)}: reads the clock ({m.Value}); use TestPipeline.Today or a fixed date";
        foreach (Match m in PipelineConstruction().Matches(source))
        {
            var arguments = TopLevelArguments(source, m.Index + m.Length);
            var problem = m.Value switch
            {
                // Settings without a clock (the fourth argument) fall back to the real one.
                "new PipelineSettings(" when arguments.Count < 4 => "pipeline settings without a clock",
                // A pipeline without settings gets PipelineSettings.Default(): the real clock.
                "new ValidationPipeline(" when arguments.Count < 2 => "a pipeline with the default clock",
                // The CLI without settings runs on the real clock; go through CliRun.
                "CommandLine.RunAsync(" when arguments.Count < 5 => "the CLI with the default clock",
                _ => null,
            };
            if (problem is not null) yield return $"{relativePath}:{LineAt(m.Index)}: {problem}; use TestPipeline or CliRun";
        }
    }

    /// <summary>The arguments of the call whose argument list starts at <paramref name="start"/> (just after its '('), split at top-level commas.</summary>
    private static List<string> TopLevelArguments(string source, int start)
    {
        var arguments = new List<string>();
        var depth = 0;
        var from = start;
        for (var i = start; i < source.Length; i++)
        {
            var c = source[i];
            if (c is '(' or '[' or '{') depth++;
            else if (c is ')' or ']' or '}')
            {
                if (depth == 0)
                {
                    if (source[from..i].Trim().Length > 0) arguments.Add(source[from..i].Trim());
                    return arguments;
                }
                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                arguments.Add(source[from..i].Trim());
                from = i + 1;
            }
        }
        return arguments;
    }

    [Fact]
    public void No_test_reads_the_clock_except_the_one_named_for_it()
    {
        var folder = RepositoryLocator.Project("Acolhimento.Validation.Tests");
        var sources = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("bin/", StringComparison.Ordinal) && !f.StartsWith("obj/", StringComparison.Ordinal))
            .ToList();
        sources.Count.ShouldBeGreaterThan(50, "the test sources were not found");
        var problems = sources.Where(f => !Allowed.Contains(f))
            .SelectMany(f => Problems(f, File.ReadAllText(Path.Combine(folder, f))))
            .ToList();
        problems.ShouldBeEmpty(string.Join("\n", problems));
    }

    [Theory]
    [InlineData("var today = DateOnly.FromDateTime(DateTime.UtcNow);")]
    [InlineData("var pki = ThrowawayPki.Create(DateTimeOffset.UtcNow);")]
    [InlineData("var p = new ValidationPipeline(new ProcessRunner());")]
    [InlineData("var s = new PipelineSettings(new RenderCache(root), null, null);")]
    [InlineData("await CommandLine.RunAsync([\"validate\"], stdout, stderr);")]
    [InlineData("var s = PipelineSettings.Default();")]
    public void Each_way_of_reading_the_clock_is_caught(string line) =>
        Problems("X.cs", line).ShouldHaveSingleItem().ShouldStartWith("X.cs:1: ");

    [Theory]
    [InlineData("var p = new ValidationPipeline(new ProcessRunner(), TestPipeline.Settings(cache.Root));")]
    [InlineData("var s = new PipelineSettings(RenderCache.Default(), null, null, () => Today);")]
    [InlineData("var exit = await CommandLine.RunAsync(args, stdout, stderr, runner, TestPipeline.Settings());")]
    [InlineData("var policy = stage.Run(clusters, new DateOnly(2026, 3, 1));")]
    public void A_fixed_date_passes(string line) => Problems("X.cs", line).ShouldBeEmpty();
}
