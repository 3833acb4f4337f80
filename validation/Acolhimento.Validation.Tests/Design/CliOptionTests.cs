using System.Text.RegularExpressions;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Design;

/// <summary>
/// Each option of the command line is defined once (<c>Cli/SharedOptions</c> holds those several commands take), so
/// its name, description and accepted values cannot drift apart between commands.
/// </summary>
[Trait("Category", "Unit")]
public sealed partial class CliOptionTests
{
    [Fact]
    public void Every_option_is_defined_in_one_place()
    {
        var definitions = Definitions().GroupBy(d => d.Option).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(d => d.File))}").ToList();

        definitions.ShouldBeEmpty("define the option once, in Cli/SharedOptions.cs, and call that from each command");
    }

    [Fact]
    public void The_definitions_are_found()
    {
        var options = Definitions().Select(d => d.Option).ToList();

        options.ShouldContain("--repo");
        options.ShouldContain("--format");
        options.ShouldContain("--show-sources");
        Definition().Matches("var x = new Option<string[]>(\"--stage\") { };\nreturn new(\"--repo\") { };").Select(m => m.Groups["name"].Value).ShouldBe(["--stage", "--repo"]);
    }

    private static IEnumerable<(string Option, string File)> Definitions()
    {
        var folder = RepositoryLocator.Project("Acolhimento.Validation.Cli");
        return Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(folder, f).Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj"))
            .SelectMany(f => Definition().Matches(File.ReadAllText(f)).Select(m => (m.Groups["name"].Value, Path.GetFileName(f))));
    }

    /// <summary>An option created with its name: <c>new("--name")</c> or <c>new Option&lt;T&gt;("--name")</c>.</summary>
    [GeneratedRegex(@"new(\s*Option<[^>]+>)?\(""(?<name>--[a-z0-9-]+)""")]
    private static partial Regex Definition();
}
