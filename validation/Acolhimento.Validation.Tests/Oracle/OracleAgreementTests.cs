using System.Text.Json;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Oracle;

/// <summary>
/// The offline stages against a real kube-apiserver's recorded answers (<c>oracle check</c> on the shared cases file):
/// agreement both ways at least <see cref="GoalPercent"/>, and every remaining disagreement listed with its reason in
/// <c>Fixtures/known-differences.txt</c> (a listed case that agrees again fails too, so the list stays true).
/// </summary>
[Trait("Category", "Oracle")]
public sealed class OracleAgreementTests
{
    public const double GoalPercent = 99.5;

    [Fact]
    public async Task The_offline_stages_agree_with_the_api_server_on_the_shared_cases()
    {
        var cases = OracleCasesFile.Require();
        VisibleSkip.When(string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("ACOLHIMENTO_SCHEMA_DIR")), "ACOLHIMENTO_SCHEMA_DIR is not set: the real Kubernetes 1.35 schema data is needed");
        var known = RepositoryLocator.Fixture("Oracle", "known-differences.txt");
        var run = await CliRun.RunAsync(["oracle", "check", "--cases", cases, "--format", "json", "--known-differences", known]);
        run.Err.ShouldBeEmpty();
        using var report = JsonDocument.Parse(run.Out);
        var root = report.RootElement;
        string Figures(string side) => $"{root.GetProperty(side).GetProperty("agreeing")}/{root.GetProperty(side).GetProperty("total")} ({root.GetProperty(side).GetProperty("percent")} %)";
        TestContext.Current.SendDiagnosticMessage("oracle agreement: rejected {0}, accepted {1}; Applications: rejected {2}, accepted {3}",
            Figures("rejected"), Figures("accepted"), Figures("applicationsRejected"), Figures("applicationsAccepted"));

        var unexplained = root.GetProperty("disagreements").EnumerateArray()
            .Where(d => d.GetProperty("deliberate").ValueKind == JsonValueKind.Null)
            .Select(d => $"{d.GetProperty("id")} {d.GetProperty("outcome")}: {d.GetProperty("object")}, {d.GetProperty("mutation")}: {d.GetProperty("message")}")
            .ToList();
        unexplained.ShouldBeEmpty("disagreements with the API server not listed in known-differences.txt:\n" + string.Join("\n", unexplained));
        root.GetProperty("staleDifferences").EnumerateArray().Select(e => e.GetString()).ShouldBeEmpty("listed as deliberate differences but no longer disagreeing (remove them)");
        foreach (var side in new[] { "rejected", "accepted", "applicationsRejected", "applicationsAccepted" })
        {
            root.GetProperty(side).GetProperty("percent").GetDouble().ShouldBeGreaterThanOrEqualTo(GoalPercent, $"{side}: {Figures(side)}");
        }
        run.Exit.ShouldBe(0);
    }
}
