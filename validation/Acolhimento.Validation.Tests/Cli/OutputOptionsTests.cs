using System.Text.Json;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Cli;

[Trait("Category", "Unit")]
public sealed class OutputOptionsTests
{
    private static TempRepository RepositoryWithOneDuplicateKey() => new TempRepository()
        .Write("validation.yaml", File.ReadAllText(Path.Combine(RepositoryLocator.Root, "validation.yaml")))
        .Write("overlays/dev/patch.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 1\n  replicas: 2\n");

    [Fact]
    public async Task Several_formats_go_to_the_output_folder_under_their_default_names()
    {
        using var repo = RepositoryWithOneDuplicateKey();
        var folder = Path.Combine(repo.Root, "out");
        var (exit, output, _) = await CliRun.RunAsync(["validate", "--repo", repo.Root, "--stage", "parse", "--format", "sarif", "--format", "junit", "--format", "markdown", "--format", "github", "--output-dir", folder]);
        exit.ShouldBe(1);
        File.ReadAllText(Path.Combine(folder, "report.sarif")).ShouldContain("\"ruleId\": \"parse/duplicate-key\"");
        File.ReadAllText(Path.Combine(folder, "report.junit.xml")).ShouldContain("overlays/dev/patch.yaml:7:");
        File.ReadAllText(Path.Combine(folder, "summary.md")).ShouldContain("parse/duplicate-key");
        // The runner reads workflow commands from standard output only: annotations never go into the folder.
        output.ShouldStartWith("::error file=overlays/dev/patch.yaml,line=7,");
        File.Exists(Path.Combine(folder, "report.github.txt")).ShouldBeFalse();
    }

    [Fact]
    public async Task A_format_can_name_its_file_while_another_goes_to_standard_output()
    {
        using var repo = RepositoryWithOneDuplicateKey();
        var json = Path.Combine(repo.Root, "report.json");
        var (exit, output, _) = await CliRun.RunAsync(["validate", "--repo", repo.Root, "--stage", "parse", "--format", $"json={json}", "--format", "github"]);
        exit.ShouldBe(1);
        output.ShouldStartWith("::error file=overlays/dev/patch.yaml");
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        doc.RootElement.GetProperty("exitCode").GetInt32().ShouldBe(1);
    }

    [Theory]
    [InlineData("--format", "sarif", "--format", "junit")]
    [InlineData("--format", "nonsense=x.txt")]
    [InlineData("--format", "json=")]
    [InlineData("--format", "json", "--format", "text", "--output", "x")]
    [InlineData("--fail-on", "info")]
    public async Task Ambiguous_or_unknown_outputs_exit_two_before_running(params string[] options)
    {
        using var repo = RepositoryWithOneDuplicateKey();
        var (exit, output, err) = await CliRun.RunAsync(["validate", "--repo", repo.Root, "--stage", "parse", .. options]);
        exit.ShouldBe(2);
        output.ShouldBeEmpty();
        err.ShouldStartWith("error: ");
    }

    [Theory]
    [InlineData("--format", "sarif=/nonexistent-folder/x.sarif")]
    [InlineData("--output", "/nonexistent-folder/x.txt")]
    public async Task A_file_in_a_folder_that_does_not_exist_is_refused_before_running(params string[] options)
    {
        using var repo = RepositoryWithOneDuplicateKey();
        var (exit, output, err) = await CliRun.RunAsync(["validate", "--repo", repo.Root, "--stage", "parse", .. options]);
        exit.ShouldBe(2);
        output.ShouldBeEmpty();
        err.ShouldBe("error: " + options[0] + (options[0] == "--output" ? "" : " " + options[1]) + ": folder /nonexistent-folder does not exist; create it or use --output-dir\n");
        Directory.Exists("/nonexistent-folder").ShouldBeFalse();
    }

    [Fact]
    public async Task Fail_on_warning_exits_one_for_a_warning()
    {
        using var repo = new TempRepository()
            .Write("validation.yaml", File.ReadAllText(Path.Combine(RepositoryLocator.Root, "validation.yaml")))
            .Write("clusters/dev/configmap.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: default\ndata:\n  a: b\n")
            .Write("apps/web/kustomization.yaml", "resources: []\n"); // never rendered: a dead-configuration warning
        File.WriteAllText(Path.Combine(repo.Root, "validation.yaml"), File.ReadAllText(Path.Combine(repo.Root, "validation.yaml")).Replace("    - name: staging\n      kubernetesVersion: \"1.35\"\n    - name: production\n      kubernetesVersion: \"1.35\"\n", "", StringComparison.Ordinal));
        var lenient = await CliRun.RunAsync(["validate", "--repo", repo.Root, "--stage", "render", "--format", "json"]);
        lenient.Exit.ShouldBe(0, lenient.Out + lenient.Err);
        lenient.Out.ShouldContain("render/dead-configuration");
        var strict = await CliRun.RunAsync(["validate", "--repo", repo.Root, "--stage", "render", "--format", "json", "--fail-on", "warning"]);
        strict.Exit.ShouldBe(1);
    }

    [Fact]
    public async Task The_json_report_is_written_also_when_the_run_exits_two()
    {
        using var repo = RepositoryWithOneDuplicateKey();
        var json = Path.Combine(repo.Root, "report.json");
        var (exit, _, err) = await CliRun.RunAsync(["validate", "--repo", repo.Root, "--stage", "schema", "--schemas", Path.Combine(repo.Root, "no-schemas"), "--format", $"json={json}"]);
        exit.ShouldBe(2);
        err.ShouldStartWith("error: ");
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        doc.RootElement.GetProperty("exitCode").GetInt32().ShouldBe(2);
        doc.RootElement.GetProperty("reason").GetString().ShouldNotBeNullOrWhiteSpace();
        err.ShouldContain(doc.RootElement.GetProperty("reason").GetString()!.Split(' ')[0]);
    }
}
