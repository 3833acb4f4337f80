using System.Text.RegularExpressions;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Design;

/// <summary>
/// Tests find the repository, their fixtures, the harness's folders and the built CLI one way, through
/// <see cref="RepositoryLocator"/>: no test looks beside its own binaries, spells a fixture folder or walks to a project.
/// </summary>
[Trait("Category", "Unit")]
public sealed partial class FixtureLocationTests
{
    private static readonly string[] Allowed = [Path.Combine("Support", "RepositoryLocator.cs"), Path.Combine("Design", "FixtureLocationTests.cs")];

    [Fact]
    public void Only_the_locator_finds_fixtures_folders_and_binaries()
    {
        var folder = RepositoryLocator.Project("Acolhimento.Validation.Tests");
        var offenders = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f))
            .Where(f => !Allowed.Contains(f) && !f.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj"))
            .SelectMany(f => OwnLocating().Matches(File.ReadAllText(Path.Combine(folder, f))).Select(m => $"{f}: {m.Value}"))
            .ToList();

        offenders.ShouldBeEmpty("find them through Support/RepositoryLocator (Root, Project, Fixture, BuiltCli)");
    }

    [Theory]
    [InlineData("var path = Path.Combine(AppContext.BaseDirectory, \"Yaml\", \"x\");")]
    [InlineData("RepositoryLocator.Fixture(\"Render\", \"Fixtures\", \"repo\")")]
    [InlineData("Path.Combine(RepositoryLocator.Root, \"validation\", \"Acolhimento.Validation.Cli\")")]
    public void Each_way_of_locating_is_recognised(string code) => OwnLocating().IsMatch(code).ShouldBeTrue();

    [Fact]
    public void The_locator_finds_this_repository_and_a_fixture_in_the_source_tree()
    {
        File.Exists(Path.Combine(RepositoryLocator.Root, "validation.yaml")).ShouldBeTrue();
        File.Exists(RepositoryLocator.Fixture("Render", "repo", "validation.yaml")).ShouldBeTrue();
        RepositoryLocator.Fixture("Render").ShouldStartWith(RepositoryLocator.Project("Acolhimento.Validation.Tests"));
        File.Exists(RepositoryLocator.BuiltCli).ShouldBeTrue();
    }

    /// <summary>The output folder, a fixture folder spelled out, or a project folder built from the root.</summary>
    [GeneratedRegex(@"AppContext\.BaseDirectory|""Fixtures""|RepositoryLocator\.Root, ""validation""")]
    private static partial Regex OwnLocating();
}
