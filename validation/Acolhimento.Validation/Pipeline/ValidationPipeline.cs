using System.Diagnostics;
using Acolhimento.Validation.Configuration;
using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Reporting;

namespace Acolhimento.Validation.Pipeline;

/// <summary>What to validate. <see cref="Stages"/> empty means every offline stage.</summary>
public sealed record ValidationRequest(
    string RepositoryRoot,
    IReadOnlyList<string> Clusters,
    IReadOnlyList<string> Stages,
    string? SchemaDirectory = null)
{
    public IReadOnlyList<string> EffectiveStages => Stages.Count == 0 ? Findings.Stages.Offline : Stages;
}

/// <summary>
/// Runs the stages in data-flow order (discover → parse → render → schema → policy → live) and gathers their findings.
/// A requested stage also runs the stages it needs, and their findings are reported too: a later stage cannot
/// vouch for input an earlier one could not read.
/// </summary>
public sealed class ValidationPipeline(IProcessRunner processRunner)
{
    public IProcessRunner ProcessRunner { get; } = processRunner;

    public Task<ValidationReport> RunAsync(ValidationRequest request, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var unknown = request.Stages.Where(s => !Findings.Stages.All.Contains(s)).ToList();
        if (unknown.Count > 0) throw new CannotValidateException($"unknown stage {unknown[0]}; stages are {string.Join(", ", Findings.Stages.All)}");
        var stages = request.EffectiveStages;
        var missing = stages.Where(s => !ImplementedStages.Contains(s)).ToList();
        if (request.Stages.Count > 0 && missing.Count > 0)
        {
            throw new CannotValidateException($"stage {missing[0]} is not available in this version of the harness");
        }

        var findings = new List<Finding>();
        var inventory = RepositoryScanner.Scan(request.RepositoryRoot);
        var parsed = ParseStage.Run(inventory);
        findings.AddRange(parsed.Findings);
        var objects = parsed.Repository.ObjectCount;

        return Task.FromResult(ValidationReport.Create(findings, inventory.Files.Count, parsed.Repository.DocumentCount, objects, stopwatch.ElapsedMilliseconds));
    }

    private static readonly IReadOnlySet<string> ImplementedStages = new HashSet<string> { Findings.Stages.Parse };
}
