using System.Collections.Concurrent;
using Acolhimento.Validation.Configuration;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Render.Helm;
using Acolhimento.Validation.Tools;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

/// <param name="ToolTimeout">Longest one tool run may take.</param>
/// <param name="MaxParallelTools">Tool runs at once.</param>
/// <param name="RunBudget">Longest all tool runs of one render stage may take together (default: twice <paramref name="ToolTimeout"/>), so no input
/// can make a render wait for timeout after timeout.</param>
/// <param name="MaxToolOutputBytes">Most bytes of output kept from one tool run (a run past it is a failure, never a partial success); bounds the memory its output and the YAML read from it take.</param>
/// <param name="MaxToolMemoryBytes">
/// Address space one tool run may map (Helm, kubectl kustomize, Jsonnet evaluate pull-request content, and a template
/// can grow a string without end): a run past it fails as "out of memory". 4 GiB leaves a Go tool about 1.5 GiB of heap,
/// several times what rendering kube-prometheus-stack takes, and keeps two parallel runs inside a CI runner's 7 GiB.
/// </param>
public sealed record RenderOptions(TimeSpan ToolTimeout, int MaxParallelTools, TimeSpan? RunBudget = null, long MaxToolOutputBytes = 16 * 1024 * 1024, long MaxToolMemoryBytes = 4L * 1024 * 1024 * 1024)
{
    public static readonly RenderOptions Default = new(TimeSpan.FromMinutes(2), Math.Max(2, Environment.ProcessorCount));

    public TimeSpan Budget => RunBudget ?? 2 * ToolTimeout;
}

/// <summary>Why a tool run failed: a short message for the finding, and the full output for mapping it to files.</summary>
internal sealed record ToolFailure(string Message, bool TimedOut, string Output);

internal sealed record ToolOutput(string Text, ToolFailure? Failure);

/// <summary>This repository at another revision: a render context over that revision's files, or why there is none.</summary>
internal sealed record RevisionTree(RenderContext? Context, string Revision, string? Commit, string? Problem);

/// <summary>Everything the renderers of one run share: inputs, tools, the cache, and counters for what was started.</summary>
internal sealed class RenderContext(
    ParsedRepository repository,
    RepositoryConfiguration configuration,
    IProcessRunner runner,
    ToolResolver tools,
    RenderCache? cache,
    RenderOptions options,
    Func<string, ClusterCapabilities>? capabilities = null,
    IRevisionCheckout? revisions = null,
    Charts.ChartSources? charts = null)
{
    private readonly Func<string, ClusterCapabilities> _capabilities = capabilities ?? new CapabilitySource(null).ForClusters(configuration);
    private readonly ConcurrentDictionary<string, Lazy<Task<RevisionTree>>> _otherRevisions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<ToolOutput>>> _inFlight = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _toolSlots = new(options.MaxParallelTools, options.MaxParallelTools);
    private readonly Lazy<Task<string>> _fingerprint = new(() => Task.Run(() => RepositoryFingerprint.Compute(repository.Root)));
    private readonly RenderInputDigest _reads = new(repository.Root);
    private readonly System.Diagnostics.Stopwatch _sinceStart = System.Diagnostics.Stopwatch.StartNew();
    private int _toolRuns;
    private int _cacheHits;

    public ParsedRepository Repository { get; } = repository;

    public RepositoryConfiguration Configuration { get; } = configuration;

    public RenderOptions Options { get; } = options;

    public SourceTexts Texts { get; } = new(repository.Root);

    /// <summary>Template scans of repository files (<see cref="HelmTemplateScan"/>), each file scanned once per run.</summary>
    public TemplateFileScans TemplateScans { get; } = new();

    /// <summary>Which targetRevision of this repository's own sources is the working tree.</summary>
    public RevisionUnderTest Revision { get; } = new(repository.Root, configuration.TargetBranch);

    public ToolPins Tools => Configuration.Tools;

    /// <summary>Charts and remote bases pinned by the repository's lock, read from the content-addressed chart cache (never the network).</summary>
    public Charts.ChartSources Charts { get; } = charts ?? new Charts.ChartSources(Render.Charts.ChartLock.Empty, Render.Charts.ChartStore.Default());

    /// <summary>External tool processes started by this run (version checks included).</summary>
    public int ToolRuns => _toolRuns;

    public int CacheHits => _cacheHits;

    /// <summary>
    /// The part of a render's cache key that stands for the files it reads: the digest of exactly those
    /// (<see cref="RenderInputDigest"/>), or — when they cannot be bounded, or the caller cannot name them — the whole
    /// repository's fingerprint, so that no input is ever missed.
    /// </summary>
    public async Task<string> InputsKeyAsync(IEnumerable<string>? reads) =>
        reads is not null && _reads.Of(reads) is { } digest ? "reads:" + digest : "repository:" + await _fingerprint.Value;

    /// <summary>
    /// This repository at another revision, checked out and parsed once per run, with a render context of its own
    /// (same tools, cache, options and capabilities); without a checkout, or for a revision Git does not know, the reason why.
    /// </summary>
    public Task<RevisionTree> OtherRevisionAsync(string revision, CancellationToken ct) =>
        _otherRevisions.GetOrAdd(revision, r => new Lazy<Task<RevisionTree>>(async () =>
        {
            if (revisions is null) return new RevisionTree(null, r, null, "this run has no Git checkout of other revisions");
            var tree = await revisions.CheckOutAsync(Repository.Root, r, ct);
            if (tree.Root is null) return new RevisionTree(null, r, null, tree.Problem ?? "it cannot be checked out");
            var parsed = ParseStage.Run(Discovery.RepositoryScanner.Scan(tree.Root)).Repository;
            return new RevisionTree(new RenderContext(parsed, Configuration, runner, tools, cache, Options, _capabilities, null, Charts), r, tree.Commit, null);
        })).Value;

    /// <summary>A render context over another tree (an upstream chart unpacked from the chart cache, a workspace with dependencies placed): same tools, cache, options and chart sources.</summary>
    public RenderContext Over(ParsedRepository tree) => new(tree, Configuration, runner, tools, cache, Options, _capabilities, null, Charts);

    /// <summary>What Argo CD tells Helm about <paramref name="cluster"/>: its Kubernetes version and the APIs it serves.</summary>
    public ClusterCapabilities Capabilities(string cluster) => _capabilities(cluster);

    public Task<ResolvedTools> ResolveToolsAsync(CancellationToken ct) => tools.ResolveAsync(ct);

    /// <summary>The pinned Jsonnet interpreter, built on first use; <see cref="Findings.CannotValidateException"/> when there is none.</summary>
    public Task<string> ResolveJsonnetAsync(CancellationToken ct) => tools.ResolveJsonnetAsync(ct);

    public async Task<ProcessResult> RunToolAsync(ProcessSpec spec, CancellationToken ct)
    {
        await _toolSlots.WaitAsync(ct);
        try
        {
            // Every run gets what is left of the stage's budget at most; with nothing left it is not started.
            var left = Options.Budget - _sinceStart.Elapsed;
            if (left <= TimeSpan.Zero) return new ProcessResult(ProcessOutcome.TimedOut, -1, "", "", TimeSpan.Zero);
            Interlocked.Increment(ref _toolRuns);
            return await runner.RunAsync(spec with { Timeout = spec.Timeout < left ? spec.Timeout : left, OutputLimitBytes = Options.MaxToolOutputBytes, MemoryLimitBytes = Options.MaxToolMemoryBytes }, ct);
        }
        finally
        {
            _toolSlots.Release();
        }
    }

    /// <summary>Output for a key: from the cache, from a render already under way in this run, or by running the tool once.</summary>
    public Task<ToolOutput> CachedAsync(string key, Func<Task<(ProcessResult Result, string Message)>> render) =>
        _inFlight.GetOrAdd(key, k => new Lazy<Task<ToolOutput>>(async () =>
        {
            if (cache?.Get(k) is { } hit)
            {
                Interlocked.Increment(ref _cacheHits);
                return new ToolOutput(hit, null);
            }
            var (result, message) = await render();
            if (!result.Succeeded)
            {
                var text = result.Outcome == ProcessOutcome.Exited ? Summary(message) : result.FailureSummary;
                return new ToolOutput("", new ToolFailure(text, result.Outcome == ProcessOutcome.TimedOut, message));
            }
            cache?.Put(k, result.StandardOutput);
            return new ToolOutput(result.StandardOutput, null);
        })).Value;

    /// <summary>True when a check with this key (a hash of everything its verdict depends on) passed in an earlier run.</summary>
    public bool PassedBefore(string key) => cache?.Get(key) == PassedMarker;

    /// <summary>Remembers that the check with this key passed; only passes are remembered, so findings are always recomputed with their locations.</summary>
    public void RememberPassed(string key) => cache?.Put(key, PassedMarker);

    private const string PassedMarker = "passed\n";

    /// <summary>A fresh temporary copy of the repository prepared for a Kustomize build (with Argo CD kustomize options applied).</summary>
    public RenderWorkspace Workspace(string kustomizationFolder, YamlMapping? applicationOptions) =>
        RenderWorkspace.Create(Repository, kustomizationFolder,
            applicationOptions is null ? null : k => KustomizeOptions.Apply(k, applicationOptions));

    /// <summary>Advice a tool prints for the person who ran it; here the harness ran it, so the reader cannot act on it.</summary>
    private static readonly string[] ToolHints = ["Use --debug flag to render out invalid YAML"];

    /// <summary>A failed tool run's message for a finding: its first lines, joined, without advice meant for whoever typed the command.</summary>
    internal static string Summary(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !ToolHints.Any(h => l.Contains(h, StringComparison.Ordinal)));
        return string.Join(" | ", lines.Take(6));
    }
}
