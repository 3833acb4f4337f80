using System.Text.Json;
using System.Text.RegularExpressions;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Cli;

/// <summary>
/// The commands that render and judge, through the built binary (<see cref="BuiltCli"/>), on this repository (exit 0)
/// and on a copy with a defect planted in a base every cluster shares (exit 1, the finding as <c>file:line:column:
/// severity rule: message</c>). One class, so its renders run one after another and reuse the render cache.
/// </summary>
[Trait("Category", "Gate")]
public sealed partial class BuiltCliGateTests : IDisposable
{
    private const string Deployment = "apps/api/deployment.yaml";

    private readonly TempRepository _broken = new();

    public void Dispose() => _broken.Dispose();

    /// <summary>Gives the API Deployment of the copy a field the API server does not know; returns its file.</summary>
    private string PlantDefect()
    {
        var path = Path.Combine(_broken.Root, Deployment);
        File.WriteAllText(path, File.ReadAllText(path).Replace("          image: ghcr.io/", "          imagePullPolice: Always\n          image: ghcr.io/", StringComparison.Ordinal));
        return path;
    }

    [Fact]
    public async Task Validate_passes_this_repository_in_text_and_json()
    {
        SchemaDataSkip.RequireForRender();
        using var reports = new TempRepository();
        var json = Path.Combine(reports.Root, "report.json");

        var (exit, output, error) = await BuiltCli.RunInAsync(RepositoryLocator.Root, null, "validate", "--format", "text", "--format", "json=" + json);

        exit.ShouldBe(0, error);
        var lines = output.TrimEnd('\n').Split('\n');
        lines[^1].ShouldMatch(@"^0 error\(s\), \d+ warning\(s\) in \d+ file\(s\), \d+ document\(s\), [1-9]\d* object\(s\)");
        lines[..^1].ShouldAllBe(l => FindingLine().IsMatch(l) && !l.Contains(": error "));
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        report.RootElement.GetProperty("exitCode").GetInt32().ShouldBe(0);
        report.RootElement.GetProperty("summary").GetProperty("errors").GetInt32().ShouldBe(0);
        report.RootElement.GetProperty("summary").GetProperty("objects").GetInt32().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Validate_fails_a_broken_copy_at_the_planted_line()
    {
        SchemaDataSkip.RequireForRender();
        _broken.CopyFrom(RepositoryLocator.Root);
        var line = FixtureText.LineOf(PlantDefect(), "imagePullPolice");

        var (exit, output, error) = await BuiltCli.RunInAsync(_broken.Root, null, "validate", "--cluster", "dev");

        exit.ShouldBe(1, error);
        output.Split('\n').ShouldContain(l => l.StartsWith($"{Deployment}:{line}:11: error schema/unknown-field: unknown field \"imagePullPolice\"", StringComparison.Ordinal), output);
        output.TrimEnd('\n').Split('\n')[^1].ShouldMatch(@"^[1-9]\d* error\(s\), \d+ warning\(s\) in \d+ file\(s\)");
    }

    [Fact]
    public async Task Render_prints_the_objects_of_a_cluster_with_their_sources()
    {
        SchemaDataSkip.RequireForRender();

        var (exit, output, error) = await BuiltCli.RunAsync("render", "--cluster", "dev", "--show-sources");

        exit.ShouldBe(0, error);
        output.ShouldStartWith("---\n# Source: ");
        output.ShouldContain($"# Source: {Deployment}:");
        output.ShouldContain("kind: Deployment\n");
        (await BuiltCli.RunAsync("render", "--cluster", "no-such-cluster")).Exit.ShouldNotBe(0);
    }

    [Fact]
    public async Task Diff_shows_the_change_and_fails_on_its_finding()
    {
        SchemaDataSkip.RequireForRender();
        _broken.CopyFrom(RepositoryLocator.Root);
        var runner = new ProcessRunner();
        foreach (var git in new[] { new[] { "init", "-q" }, ["add", "-A"], ["-c", "user.name=test", "-c", "user.email=test@example.invalid", "commit", "-q", "-m", "base"] })
        {
            var step = await runner.RunAsync(new ProcessSpec("git", git, TimeSpan.FromMinutes(2), _broken.Root), TestContext.Current.CancellationToken);
            step.Succeeded.ShouldBeTrue(step.FailureSummary);
        }
        var line = FixtureText.LineOf(PlantDefect(), "imagePullPolice");

        var (exit, output, error) = await BuiltCli.RunInAsync(_broken.Root, null, "diff", "--base", "HEAD", "--cluster", "dev");

        exit.ShouldBe(1, error);
        output.ShouldContain("Deployment central-acolhimento-dev/api");
        output.ShouldMatch(@"\n\s*\+\s+imagePullPolice: Always\n");
        output.ShouldContain($"^ error schema/unknown-field: unknown field \"imagePullPolice\" in spec.template.spec.containers[0]; did you mean \"imagePullPolicy\"? ({Deployment}:{line}:11)");
    }

    [Fact]
    public async Task Report_merge_combines_the_shards_into_the_unsharded_report()
    {
        using var reports = new TempRepository();
        var shards = new[] { "1/2", "2/2" }.Select((s, i) => (Shard: s, File: Path.Combine(reports.Root, $"shard-{i + 1}.json"))).ToList();
        foreach (var (shard, file) in shards)
        {
            var run = await BuiltCli.RunAsync("validate", "--stage", "parse", "--shard", shard, "--format", "json=" + file);
            run.Exit.ShouldBe(0, run.Err);
        }

        var (exit, output, error) = await BuiltCli.RunAsync(["report", "merge", .. shards.Select(s => s.File), "--format", "json"]);
        var unsharded = await BuiltCli.RunAsync("validate", "--stage", "parse", "--format", "json");

        exit.ShouldBe(0, error);
        Summary(output).ShouldBe(Summary(unsharded.Out));
    }

    private static string Summary(string json)
    {
        using var document = JsonDocument.Parse(json);
        var summary = document.RootElement.GetProperty("summary");
        return string.Join(' ', new[] { "files", "documents", "errors", "warnings" }.Select(p => $"{p}={summary.GetProperty(p).GetInt32()}"));
    }

    /// <summary><c>file:line:column: severity rule: message</c>, as every finding line of the text format.</summary>
    [GeneratedRegex(@"^[^:\s]+:\d+:\d+: (waived )?(error|warning|info) [a-z]+/[a-z0-9-]+: ")]
    private static partial Regex FindingLine();
}
