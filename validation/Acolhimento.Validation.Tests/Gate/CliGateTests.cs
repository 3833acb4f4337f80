using Acolhimento.Validation.Kubernetes;
using System.Text.Json;
using Acolhimento.Validation.Schema;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Gate;

/// <summary>README's first command, as a user runs it, over this repository.</summary>
[Trait("Category", "Gate")]
public sealed class CliGateTests
{
    private static async Task<(int Exit, JsonDocument Report, string Error)> Validate(params string[] extra)
    {
        var (exit, output, error) = await CliRun.RunAsync(["validate", "--repo", RepositoryLocator.Root, "--format", "json", .. extra]);
        return (exit, JsonDocument.Parse(output is { Length: > 0 } ? output : "{}"), error);
    }

    [Fact]
    public async Task Parse_stage_exits_zero_on_this_repository()
    {
        var (exit, report, error) = await Validate("--stage", "parse");
        exit.ShouldBe(0, error + report.RootElement);
        report.RootElement.GetProperty("summary").GetProperty("files").GetInt32().ShouldBeGreaterThan(50);
    }

    [Fact]
    public async Task Every_offline_stage_exits_zero_on_this_repository()
    {
        SchemaDataSkip.RequireDirectory();
        var (exit, report, error) = await Validate();
        exit.ShouldBe(0, error + report.RootElement);
        var summary = report.RootElement.GetProperty("summary");
        summary.GetProperty("errors").GetInt32().ShouldBe(0);
        summary.GetProperty("objects").GetInt32().ShouldBeGreaterThan(100);
        report.RootElement.GetProperty("findings").EnumerateArray().ExceptUncachedCharts().ShouldAllBe(f => f.GetProperty("waiver").ValueKind == JsonValueKind.String);
    }
}
