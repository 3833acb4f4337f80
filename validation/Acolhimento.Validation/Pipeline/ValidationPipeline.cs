using System.Diagnostics;
using Acolhimento.Validation.Configuration;
using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Reporting;

namespace Acolhimento.Validation.Pipeline;

/// <summary>What to validate. <see cref="Stages"/> empty means every offline stage.</summary>
public sealed record ValidationRequest(
    string RepositoryRoot,
    IReadOnlyList<string> Clusters,
    IReadOnlyList<string> Stages,
    string? SchemaDirectory = null,
    bool WaitForReady = false)
{
    public IReadOnlyList<string> EffectiveStages => Stages.Count == 0 ? Findings.Stages.Offline : Stages;
}

/// <summary>A run's report and the clusters its render stage produced.</summary>
public sealed record PipelineRun(ValidationReport Report, IReadOnlyList<RenderedCluster> Clusters);

/// <summary>Where the pipeline keeps what it may reuse between runs; tests point it at throwaway folders.</summary>
public sealed record PipelineSettings(RenderCache? RenderCache, Tools.ToolCache? ToolCache, RenderOptions? RenderOptions, Func<DateOnly>? Clock = null)
{
    public static PipelineSettings Default() => new(RenderCache.Default(), null, null);

    /// <summary>Today's date (UTC) for waiver expiry; injectable so tests do not depend on the calendar.</summary>
    public DateOnly Today() => Clock?.Invoke() ?? DateOnly.FromDateTime(DateTime.UtcNow);
}

/// <summary>
/// Runs the stages in data-flow order (discover → parse → render → schema → policy → live) and gathers their findings.
/// A requested stage also runs the stages it needs, and their findings are reported too: a later stage cannot
/// vouch for input an earlier one could not read.
/// </summary>
public sealed class ValidationPipeline(IProcessRunner processRunner, PipelineSettings? settings = null)
{
    private readonly PipelineSettings _settings = settings ?? PipelineSettings.Default();

    public async Task<ValidationReport> RunAsync(ValidationRequest request, CancellationToken cancellationToken = default) =>
        (await RunKeepingRenderAsync(request, cancellationToken)).Report;

    /// <summary>As <see cref="RunAsync"/>, also handing back the rendered clusters (empty when only parse ran), so a caller that needs the objects does not render twice.</summary>
    public async Task<PipelineRun> RunKeepingRenderAsync(ValidationRequest request, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var stages = request.EffectiveStages;
        var findings = new List<Finding>();

        var inventory = RepositoryScanner.Scan(request.RepositoryRoot);
        var parsed = ParseStage.Run(inventory);
        findings.AddRange(parsed.Findings);
        var objects = parsed.Repository.ObjectCount;
        IReadOnlyList<RenderedCluster> clusters = [];

        if (stages.Any(s => s != Findings.Stages.Parse))
        {
            var rendered = await RenderAsync(parsed.Repository, request, cancellationToken);
            findings.AddRange(rendered.Findings);
            objects = rendered.Clusters.Sum(c => c.Objects.Count);
            clusters = rendered.Clusters;
            if (stages.Contains(Findings.Stages.Schema))
            {
                findings.AddRange(Schema.SchemaStage.Create(request.SchemaDirectory).Run(rendered.Clusters));
            }
            if (stages.Contains(Findings.Stages.Policy))
            {
                findings.AddRange(Policy.PolicyStage.Load(request.RepositoryRoot).Run(rendered.Clusters, _settings.Today(), rendered.FailedClusters));
            }
            if (stages.Contains(Findings.Stages.Live))
            {
                var live = new Live.LiveStage(processRunner, new Live.LiveOptions(request.SchemaDirectory, Wait: request.WaitForReady));
                findings.AddRange(await live.RunAsync(rendered.Clusters, cancellationToken));
            }
        }

        return new PipelineRun(ValidationReport.Create(findings, inventory.Files.Count, parsed.Repository.DocumentCount, objects, stopwatch.ElapsedMilliseconds), clusters);
    }

    /// <summary>Parse and render only: what Argo CD would apply to each selected cluster, with the findings met on the way.</summary>
    public async Task<RenderResult> RenderAsync(ParsedRepository repository, ValidationRequest request, CancellationToken cancellationToken = default)
    {
        var configuration = RepositoryConfiguration.Load(request.RepositoryRoot);
        var stage = new RenderStage(processRunner, _settings.RenderCache, _settings.RenderOptions, _settings.ToolCache);
        return await stage.RunAsync(repository, configuration, request.Clusters, cancellationToken);
    }
}
