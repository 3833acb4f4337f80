using System.CommandLine;
using Acolhimento.Validation.Oracle;
using Acolhimento.Validation.Schema;

namespace Acolhimento.Validation.Cli;

/// <summary>
/// <c>oracle check --cases FILE</c>: puts every case of a file of the API server's answers through the offline stages and
/// prints the agreement both ways and every disagreement. Exit 0 when every disagreement is a listed deliberate one and every listed one still disagrees, 1 otherwise.
/// </summary>
public static class OracleCommand
{
    public static Command Create(TextWriter stdout)
    {
        var cases = new Option<string>("--cases") { Description = "Cases file (JSON lines, .gz for gzip): each a manifest and a kube-apiserver's verdict on it.", Required = true };
        var format = SharedOptions.Format("text (figures, then each disagreement) or json.", "text");
        format.AcceptOnlyFromAmong("text", "json");
        var schemas = SharedOptions.Schemas();
        var version = SharedOptions.KubernetesVersion("Kubernetes version (MAJOR.MINOR) of the API server that answered.", "1.35");
        var known = new Option<string?>("--known-differences") { Description = "File of deliberate differences (lines `ID reason`): listed cases do not fail the run." };
        var check = new Command("check", "Compare the offline stages' verdicts with a kube-apiserver's on every case of a file.") { cases, format, schemas, version, known };
        check.SetAction(async (result, _) =>
        {
            var stage = SchemaStage.Create(result.GetValue(schemas));
            var differences = result.GetValue(known) is { } knownPath ? KnownDifferences.Load(knownPath) : KnownDifferences.None;
            var comparison = OracleComparison.Run(OracleCaseFile.Read(result.GetValue(cases)!), stage, result.GetValue(version)!, differences);
            await stdout.WriteAsync(result.GetValue(format) == "json" ? OracleReport.Json(comparison) : OracleReport.Text(comparison));
            return comparison.Unexplained.Count == 0 && comparison.StaleDifferences.Count == 0 ? CommandLine.Ok : CommandLine.FindingsFailed;
        });
        return new Command("oracle", "Measure the offline stages against a real API server's recorded answers.") { check };
    }
}
