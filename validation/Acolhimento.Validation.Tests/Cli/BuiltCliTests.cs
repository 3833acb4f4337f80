using System.Text.Json;
using System.Text.RegularExpressions;
using Acolhimento.Validation.Policy;
using Acolhimento.Validation.Reporting;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Cli;

/// <summary>
/// The commands that judge nothing, through the built binary (<see cref="BuiltCli"/>): exit codes, what each prints, and
/// the one-line reason of every exit 2 — usage errors, missing schema data, no network.
/// </summary>
[Trait("Category", "Gate")]
public sealed class BuiltCliTests
{
    [Theory]
    [InlineData(new string[0], "error: no command given; commands: validate, render, diff, rules, schemas, charts, init, oracle, report (--help for usage)")]
    [InlineData(new[] { "valdate" }, "error: unknown command \"valdate\"; did you mean validate?; commands: validate, render, diff, rules, schemas, charts, init, oracle, report (--help for usage)")]
    [InlineData(new[] { "validate", "--stage", "nonsense" }, "error: Argument 'nonsense' not recognized. Must be one of:")]
    [InlineData(new[] { "validate", "--format", "xml" }, "error: unknown format \"xml\"; choose from ")]
    [InlineData(new[] { "validate", "--repo", "/definitely/not/here" }, "error: repository folder /definitely/not/here does not exist")]
    [InlineData(new[] { "render" }, "error: Option '--cluster' is required.")]
    [InlineData(new[] { "diff" }, "error: Option '--base' is required.")]
    [InlineData(new[] { "oracle", "check" }, "error: Option '--cases' is required.")]
    [InlineData(new[] { "schemas", "pull", "--repo", "/" }, "error: no --k8s-version given and none read from the repository: validation.yaml not found at the repository root /")]
    [InlineData(new[] { "report", "merge" }, "error: Required argument 'shard-reports' missing for command: 'merge'.")]
    [InlineData(new[] { "rules", "explain", "policy/no-such-rule" }, "error: unknown rule policy/no-such-rule; `rules list` shows the rules")]
    public async Task A_usage_error_exits_two_with_one_line_on_standard_error(string[] args, string expected)
    {
        var (exit, output, error) = await BuiltCli.RunAsync(args);

        exit.ShouldBe(2, error);
        output.ShouldBeEmpty();
        error.ShouldStartWith(expected);
        error.TrimEnd('\n').ShouldNotContain('\n');
    }

    [Fact]
    public async Task Help_lists_every_command_and_exits_zero()
    {
        var (exit, output, _) = await BuiltCli.RunAsync("--help");

        exit.ShouldBe(0);
        var commands = output[output.IndexOf("Commands:", StringComparison.Ordinal)..].Split('\n').Skip(1).Where(l => l.Length > 0).Select(l => l.Trim().Split(' ')[0]);
        commands.ShouldBe(["validate", "render", "diff", "rules", "schemas", "charts", "init", "oracle", "report"]);
    }

    [Fact]
    public async Task Rules_list_prints_every_rule_and_policies_is_the_same_command()
    {
        var rules = await BuiltCli.RunAsync("rules", "list");
        var policies = await BuiltCli.RunAsync("policies", "list");

        rules.Exit.ShouldBe(0, rules.Err);
        var lines = rules.Out.TrimEnd('\n').Split('\n');
        lines.Length.ShouldBe(RuleList.Stages.Count + RuleDiscovery.Discover().Count);
        lines.ShouldContain(l => Regex.IsMatch(l, @"^schema/unknown-field +schema +error +"));
        lines.ShouldContain(l => Regex.IsMatch(l, @"^policy/image-tag-not-latest +policy +error +"));
        policies.ShouldBe(rules);
    }

    [Theory]
    [InlineData("rules")]
    [InlineData("policies")]
    public async Task The_rule_catalogue_s_help_shows_its_commands_under_either_name(string name)
    {
        var (exit, output, error) = await BuiltCli.RunAsync(name, "--help");

        exit.ShouldBe(0, error);
        output.ShouldContain($"acolhimento-validate {name} [command] [options]");
        foreach (var command in new[] { "list", "explain", "readme", "coverage" }) output.ShouldContain($"\n  {command} ");
    }

    [Fact]
    public async Task Rules_list_of_one_stage_as_json()
    {
        var (exit, output, error) = await BuiltCli.RunAsync("rules", "list", "--stage", "policy", "--format", "json");

        exit.ShouldBe(0, error);
        using var json = JsonDocument.Parse(output);
        json.RootElement.EnumerateArray().Select(r => r.GetProperty("id").GetString())
            .ShouldBe(RuleList.All(RuleDiscovery.Discover().Select(r => r.Metadata)).Where(r => r.Stage == "policy").Select(r => r.Id));
    }

    [Theory]
    [InlineData("schema/unknown-field", "schema/unknown-field (schema, error)", "Documentation: README.md#schemaunknown-field")]
    [InlineData("image-registry-allowed", "Images come from an allowed registry", "Parameter `allowedRegistries`: `[docker.io, ghcr.io]`")]
    public async Task Rules_explain_describes_a_stage_rule_or_a_policy_rule_with_its_parameters(string id, string first, string second)
    {
        var (exit, output, error) = await BuiltCli.RunAsync("rules", "explain", id);

        exit.ShouldBe(0, error);
        output.ShouldContain(first);
        output.ShouldContain(second);
    }

    [Fact]
    public async Task Rules_readme_write_regenerates_both_rule_documents_as_committed()
    {
        using var copy = new TempRepository()
            .Write("README.md", $"# Title\n\n{RuleList.ReadmeBegin}\nstale\n{RuleList.ReadmeEnd}\n")
            .Write(PolicyConfiguration.FileName, File.ReadAllText(Path.Combine(RepositoryLocator.Root, PolicyConfiguration.FileName)));

        var (exit, _, error) = await BuiltCli.RunInAsync(copy.Root, null, "rules", "readme", "--write", "--repo", copy.Root);

        exit.ShouldBe(0, error);
        File.ReadAllText(Path.Combine(copy.Root, "README.md")).ShouldBe($"# Title\n\n{RuleList.Markdown(RuleList.Stages)}\n");
        File.ReadAllText(Path.Combine(copy.Root, PolicyReadme.FileName)).ShouldBe(File.ReadAllText(Path.Combine(RepositoryLocator.Root, PolicyReadme.FileName)));
    }

    [Fact]
    public async Task Rules_coverage_prints_the_api_server_coverage_table()
    {
        var (exit, output, error) = await BuiltCli.RunAsync("rules", "coverage");

        exit.ShouldBe(0, error);
        output.ShouldStartWith(ApiServerCoverage.ReadmeBegin);
        output.TrimEnd('\n').ShouldEndWith(ApiServerCoverage.ReadmeEnd);
    }

    [Fact]
    public async Task Init_prints_this_repository_s_validation_yaml_and_refuses_to_overwrite_it()
    {
        var printed = await BuiltCli.RunAsync("init", "--print", "--repo", RepositoryLocator.Root);
        var refused = await BuiltCli.RunAsync("init", "--repo", RepositoryLocator.Root);

        printed.Exit.ShouldBe(0, printed.Err);
        printed.Out.ShouldBe(File.ReadAllText(Path.Combine(RepositoryLocator.Root, "validation.yaml")).ReplaceLineEndings("\n"));
        refused.Exit.ShouldBe(2);
        refused.Err.ShouldBe($"error: {Path.Combine(RepositoryLocator.Root, "validation.yaml")} exists; pass --force to overwrite it or --print to see what init would write\n");
    }

    [Fact]
    public async Task Init_writes_validation_yaml_into_a_repository_without_one()
    {
        using var copy = new TempRepository().CopyFrom(RepositoryLocator.Root);
        File.Delete(Path.Combine(copy.Root, "validation.yaml"));

        var (exit, output, error) = await BuiltCli.RunInAsync(copy.Root, null, "init");

        exit.ShouldBe(0, error);
        output.ShouldStartWith($"wrote {Path.Combine(copy.Root, "validation.yaml")}\n");
        output.ShouldContain("  entry point: clusters/dev/");
        File.Exists(Path.Combine(copy.Root, "validation.yaml")).ShouldBeTrue();
    }

    [Fact]
    public async Task Without_schema_data_validate_exits_two_saying_where_to_get_it()
    {
        using var home = new TempRepository();
        var empty = new Dictionary<string, string?>
        {
            [Validation.Kubernetes.SchemaLocator.EnvironmentVariable] = null,
            ["HOME"] = home.Root,
            ["XDG_CACHE_HOME"] = null,
            [Validation.Identity.CacheFolders.EnvironmentVariable] = null,
        };

        var report = Path.Combine(home.Root, "report.json");

        var (exit, output, error) = await BuiltCli.RunInAsync(RepositoryLocator.Root, empty, "validate", "--format", "json=" + report);

        exit.ShouldBe(2);
        output.ShouldBeEmpty();
        error.ShouldStartWith("error: ");
        error.ShouldContain($"no schema data: pass --schemas DIR, set {Validation.Kubernetes.SchemaLocator.EnvironmentVariable}, or run `");
        error.TrimEnd('\n').ShouldNotContain('\n');
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        json.RootElement.GetProperty("exitCode").GetInt32().ShouldBe(2);
        json.RootElement.GetProperty("reason").GetString()!.ShouldContain("no schema data: ");
    }

    [Fact]
    public async Task Schemas_pull_without_network_exits_two_with_the_reason()
    {
        using var target = new TempRepository();

        var (exit, output, error) = await BuiltCli.RunAsync("schemas", "pull", "--k8s-version", "1.35", "--output", target.Root);

        exit.ShouldBe(2);
        output.ShouldBeEmpty();
        error.ShouldStartWith("error: ");
        error.TrimEnd('\n').ShouldNotContain('\n');
        Directory.EnumerateFiles(target.Root, "*", SearchOption.AllDirectories).ShouldBeEmpty("nothing is written without the verified download");
    }
}
