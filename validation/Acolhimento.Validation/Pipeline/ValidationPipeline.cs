using System.Diagnostics;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Reporting;

namespace Acolhimento.Validation.Pipeline;

/// <summary>What to validate. <see cref="Stages"/> empty means every offline stage; <see cref="Shard"/> takes one share of the (selected) clusters.</summary>
public sealed record ValidationRequest(
    string RepositoryRoot,
    IReadOnlyList<string> Clusters,
    IReadOnlyList<string> Stages,
    string? SchemaDirectory = null,
    bool WaitForReady = false,
    ClusterShard? Shard = null)
{
    public IReadOnlyList<string> EffectiveStages => Stages.Count == 0 ? Findings.Stages.Offline : Stages;

    /// <summary>
    /// The caller reads the run's report, not its rendered objects' bodies: when no stage after schema runs either, the
    /// parse stage keeps only outlines of plain object files and the schema stage reads each file again while it checks
    /// it, so that memory does not grow with the repository (<see cref="Parsing.ParseOptions.ReleaseObjectTrees"/>).
    /// </summary>
    public bool ReportOnly { get; init; }

    /// <summary>Whether the run may release plain object files' trees (see <see cref="ReportOnly"/>).</summary>
    public bool ReleasesObjectTrees => ReportOnly && !EffectiveStages.Contains(Findings.Stages.Policy) && !EffectiveStages.Contains(Findings.Stages.Live);
}

/// <summary>Where the pipeline keeps what it may reuse between runs; tests point it at throwaway folders.</summary>
public sealed record PipelineSettings(RenderCache? RenderCache, Tools.ToolCache? ToolCache, RenderOptions? RenderOptions, Func<DateOnly>? Clock = null, IProgress<PipelineStep>? Progress = null, Render.Charts.ChartStore? ChartStore = null)
{
    public static PipelineSettings Default() => new(RenderCache.Default(), null, null);

    /// <summary>Today's date (UTC) for waiver expiry; injectable so tests do not depend on the calendar.</summary>
    public DateOnly Today() => Clock?.Invoke() ?? DateOnly.FromDateTime(DateTime.UtcNow);
}

/// <summary>A whole run: the repository as read, its render (null when only parse ran) and the report.</summary>
public sealed record ValidationRun(RepositoryInput Input, RenderResult? Rendered, ValidationReport Report)
{
    /// <summary>The policy rules and waivers the run loaded (null when only parse ran), so that the report does not read and discover them again.</summary>
    public Policy.PolicyStage? Policy { get; init; }
}

/// <summary>
/// The one entry every caller (CLI commands, tests, benchmarks) uses: runs the stages in data-flow order
/// (discover → parse → render → schema → policy → live) and gathers their findings. A requested stage also runs the
/// stages it needs, and their findings are reported too: a later stage cannot vouch for input an earlier one could
/// not read. Stages hand back findings in the order they met them; they are sorted once, here, on the way out.
/// </summary>
public sealed class ValidationPipeline(IProcessRunner processRunner, PipelineSettings? settings = null)
{
    private readonly PipelineSettings _settings = settings ?? PipelineSettings.Default();

    public async Task<ValidationReport> RunAsync(ValidationRequest request, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync(request, cancellationToken: cancellationToken)).Report;

    /// <summary>
    /// Runs the request; <paramref name="input"/> is the repository already read by the caller (it must be
    /// <see cref="ValidationRequest.RepositoryRoot"/>), else it is read here.
    /// </summary>
    public async Task<ValidationRun> ExecuteAsync(ValidationRequest request, RepositoryInput? input = null, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var stages = request.EffectiveStages;
        var progress = _settings.Progress;
        if (input is null)
        {
            progress.Report("reading the repository");
            input = RepositoryInput.Read(request.RepositoryRoot, new Parsing.ParseOptions(ReleaseObjectTrees: request.ReleasesObjectTrees));
        }
        var findings = new List<Finding>(input.Findings);
        var objects = input.Repository.ObjectCount;

        RenderResult? rendered = null;
        Policy.PolicyStage? policy = null;
        if (stages.Any(s => s != Findings.Stages.Parse))
        {
            rendered = await RenderStageAsync(input, request.Clusters, cancellationToken, request.SchemaDirectory, request.Shard);
            var clusters = rendered.Clusters.Select(c => c.Name).ToList();
            // The rule profile also decides the severity of unpinned external sources and of kinds without a schema; the rules
            // and waivers are loaded only when the policy stage runs. Both from the settings text the parse stage read.
            if (stages.Contains(Findings.Stages.Policy)) policy = Policy.PolicyStage.Load(input.Repository, input.ConfigurationIfPresent);
            var selection = new Policy.RuleSelection(policy?.Configuration.EffectiveSelection.Profile ?? Policy.PolicyStage.ProfileOf(input.Repository), []);
            rendered = rendered with { Findings = rendered.Findings.Select(f => f.Rule == RenderRules.Unpinned ? f with { Severity = selection.UnpinnedExternalSourceSeverity } : f).ToList() };
            findings.AddRange(rendered.Findings);
            objects = rendered.Clusters.Sum(c => c.Objects.Count);
            if (stages.Contains(Findings.Stages.Schema))
            {
                progress.Report("checking every object against the Kubernetes schemas", clusters);
                findings.AddRange(Schema.SchemaStage.Create(request.SchemaDirectory).Run(rendered.Clusters, selection.KindWithoutSchemaSeverity));
            }
            if (stages.Contains(Findings.Stages.Policy))
            {
                progress.Report("checking the policy rules", clusters);
                findings.AddRange(policy!.Run(rendered.Clusters, _settings.Today(), rendered.FailedClusters, request.Shard));
            }
            if (stages.Contains(Findings.Stages.Live))
            {
                progress.Report("applying to an API server (live stage)", clusters);
                var live = new Live.LiveStage(processRunner, new Live.LiveOptions(request.SchemaDirectory, Wait: request.WaitForReady));
                findings.AddRange(await live.RunAsync(rendered.Clusters.SelectMany(c => c.PerDestination()).ToList(), cancellationToken));
            }
        }

        var report = ValidationReport.Create(findings, input.Inventory.Files.Count, input.Repository.DocumentCount, objects, stopwatch.ElapsedMilliseconds);
        if (rendered is not null && NothingChecked.Reason(input.Repository, rendered, request.Clusters, request.Shard) is { } notChecked) report = report with { CannotValidateReason = notChecked };
        if (request.Shard is { } shard)
            report = report with { Shard = new ShardInfo(shard.Index, shard.Count, rendered?.Clusters.Select(c => c.Name).ToList() ?? [], stages) };
        return new ValidationRun(input, rendered is null ? null : Sorted(rendered), report) { Policy = policy };
    }

    /// <summary>Render only: what Argo CD would apply to each selected cluster (all when <paramref name="clusters"/> is empty), with the render's findings in order.</summary>
    public async Task<RenderResult> RenderAsync(RepositoryInput input, IReadOnlyList<string> clusters, CancellationToken cancellationToken = default) =>
        Sorted(await RenderStageAsync(input, clusters, cancellationToken));

    private Task<RenderResult> RenderStageAsync(RepositoryInput input, IReadOnlyList<string> clusters, CancellationToken cancellationToken, string? schemaDirectory = null, ClusterShard? shard = null)
    {
        var names = (clusters.Count > 0 ? clusters : input.Configuration.Clusters.Select(c => c.Name)).Where(c => shard?.Takes(c) ?? true).ToList();
        _settings.Progress.Report("rendering what Argo CD would apply (the first run also installs Helm and kubectl)", names);
        var stage = new RenderStage(processRunner, _settings.RenderCache, _settings.RenderOptions, _settings.ToolCache, schemaDirectory,
            new GitRevisionCheckout(processRunner, Diff.BaseRevision.DefaultCacheFolder()), _settings.ChartStore);
        return stage.RunAsync(input.Repository, input.Configuration, clusters, cancellationToken, shard);
    }

    private static RenderResult Sorted(RenderResult result) => result with { Findings = result.Findings.Order(FindingOrder.Instance).ToList() };
}
