using System.Text.Json;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Cli;

[Trait("Category", "Unit")]
public sealed class CommandLineTests
{
    private static Task<CliResult> Run(params string[] args) => CliRun.RunAsync(args);

    private static TempRepository MinimalRepository() => new TempRepository()
        .Write("validation.yaml", File.ReadAllText(Path.Combine(RepositoryLocator.Root, "validation.yaml")))
        .Write("overlays/dev/patch.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 1\n");

    [Fact]
    public async Task Clean_repository_exits_zero_with_json_summary()
    {
        using var repo = MinimalRepository();
        var (exit, output, _) = await Run("validate", "--repo", repo.Root, "--stage", "parse", "--format", "json");
        exit.ShouldBe(0);
        using var doc = JsonDocument.Parse(output);
        doc.RootElement.GetProperty("summary").GetProperty("errors").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task Duplicate_key_in_an_overlay_exits_one_with_the_finding()
    {
        using var repo = MinimalRepository();
        File.AppendAllText(Path.Combine(repo.Root, "overlays/dev/patch.yaml"), "  replicas: 2\n");
        var (exit, output, _) = await Run("validate", "--repo", repo.Root, "--stage", "parse", "--format", "json");
        exit.ShouldBe(1);
        using var doc = JsonDocument.Parse(output);
        var finding = doc.RootElement.GetProperty("findings").EnumerateArray().Single();
        finding.GetProperty("rule").GetString().ShouldBe("parse/duplicate-key");
        finding.GetProperty("file").GetString().ShouldBe("overlays/dev/patch.yaml");
        finding.GetProperty("line").GetInt32().ShouldBe(7);
    }

    [Theory]
    [InlineData("validate", "--stage", "nonsense")]
    [InlineData("validate", "--format", "xml")]
    [InlineData("validate", "--repo", "/definitely/not/here")]
    [InlineData("no-such-command")]
    public async Task Bad_arguments_exit_two_with_one_line(params string[] args)
    {
        var (exit, _, err) = await Run(args);
        exit.ShouldBe(2);
        err.TrimEnd('\n').ShouldNotContain('\n');
        err.ShouldStartWith("error: ");
    }

    [Fact]
    public async Task Output_file_receives_the_report()
    {
        using var repo = MinimalRepository();
        var target = Path.Combine(repo.Root, "report.txt");
        var (exit, output, _) = await Run("validate", "--repo", repo.Root, "--stage", "parse", "--output", target);
        exit.ShouldBe(0);
        output.ShouldBeEmpty();
        File.ReadAllText(target).ShouldContain("0 error(s)");
    }

    [Theory]
    [InlineData("validat", "error: unknown command \"validat\"; did you mean validate?; commands: ")]
    [InlineData("", "error: no command given; commands: ")]
    public async Task A_missing_or_mistyped_command_names_the_commands_there_are(string command, string expected)
    {
        var (exit, output, err) = await Run(command.Length == 0 ? [] : [command]);
        exit.ShouldBe(2);
        output.ShouldBeEmpty();
        err.ShouldStartWith(expected);
        err.ShouldContain("validate, render, diff");
        err.ShouldNotContain("Required command was not provided");
    }

    [Fact]
    public async Task Readme_usage_block_shows_every_command()
    {
        var (_, help, _) = await Run("--help");
        var commands = help[help.IndexOf("Commands:", StringComparison.Ordinal)..].Split('\n').Skip(1)
            .Select(l => l.Trim()).TakeWhile(l => l.Length > 0).Select(l => l.Split(' ')[0]).ToList();
        commands.ShouldContain("validate");
        var readme = File.ReadAllText(Path.Combine(RepositoryLocator.Root, "README.md"));
        var section = readme[readme.IndexOf("## The CLI", StringComparison.Ordinal)..];
        var usage = section[..section.IndexOf("```\n\n", section.IndexOf("```", StringComparison.Ordinal) + 3, StringComparison.Ordinal)];
        foreach (var command in commands) usage.ShouldContain($"-- {command} ", customMessage: $"README's usage block (## The CLI) has no line for `{command}`");
    }
}
