using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Reporting;

namespace Acolhimento.Validation.Tests.Support;

public static class FindingAssertions
{
    /// <summary>Findings as the gate prints them: <c>file:line: rule: message</c>, one per line.</summary>
    public static string Describe(this IEnumerable<Finding> findings) =>
        string.Join('\n', findings.Select(TextReport.FormatFinding));

    /// <summary>
    /// Findings other than the <c>render/chart-not-cached</c> warnings an Application's upstream chart gets while the chart
    /// cache lacks it: what this repository's add-ons (and fixtures copied from it) get on a machine without network.
    /// </summary>
    public static IEnumerable<Finding> ExceptUncachedCharts(this IEnumerable<Finding> findings) =>
        findings.Where(f => f.Rule != Validation.Render.RenderRules.ChartNotCached);

    /// <summary>The JSON report's findings without the <c>render/chart-not-cached</c> warnings (see <see cref="ExceptUncachedCharts(IEnumerable{Finding})"/>).</summary>
    public static IEnumerable<System.Text.Json.JsonElement> ExceptUncachedCharts(this IEnumerable<System.Text.Json.JsonElement> findings) =>
        findings.Where(f => f.GetProperty("rule").GetString() != Validation.Render.RenderRules.ChartNotCached);

    public static void ShouldHaveNoErrors(this IEnumerable<Finding> findings)
    {
        var errors = findings.Where(f => f.CountsAsError).ToList();
        if (errors.Count > 0) throw new Xunit.Sdk.XunitException($"{errors.Count} error finding(s):\n{errors.Describe()}");
    }

    public static Finding ShouldHaveSingle(this IEnumerable<Finding> findings, string rule)
    {
        var all = findings.ToList();
        var matching = all.Where(f => f.Rule == rule).ToList();
        if (matching.Count != 1) throw new Xunit.Sdk.XunitException($"expected exactly one {rule} finding, got {matching.Count}:\n{all.Describe()}");
        return matching[0];
    }
}
