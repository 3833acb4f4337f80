using Acolhimento.Validation.Pipeline;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Render;
using BenchmarkDotNet.Attributes;

namespace Acolhimento.Validation.Benchmarks;

/// <summary>
/// Rendering one cluster of this repository: cold (empty render cache, so kubectl and helm run) and warm
/// (everything cached, no external tool starts). Tools must already be resolvable (PATH or tool cache).
/// </summary>
[MemoryDiagnoser]
public class RenderBenchmarks
{
    private RepositoryInput _input = null!;
    private string _warmCache = null!;
    private string _coldCache = null!;

    [Params("dev", "staging", "production")]
    public string Cluster { get; set; } = "dev";

    [GlobalSetup]
    public void Setup()
    {
        var root = BenchmarkRepository.Root;
        _input = RepositoryInput.Read(root);
        _ = _input.Configuration; // read once here, outside the measured renders
        _warmCache = Path.Combine(Path.GetTempPath(), "acolhimento-bench-warm-" + Guid.NewGuid().ToString("N")[..8]);
        Render(_warmCache).GetAwaiter().GetResult();
    }

    [IterationSetup(Target = nameof(Cold))]
    public void EmptyCache() => _coldCache = Path.Combine(Path.GetTempPath(), "acolhimento-bench-cold-" + Guid.NewGuid().ToString("N")[..8]);

    [IterationCleanup(Target = nameof(Cold))]
    public void DropCache()
    {
        if (Directory.Exists(_coldCache)) Directory.Delete(_coldCache, recursive: true);
    }

    [Benchmark]
    public Task<RenderResult> Cold() => Render(_coldCache);

    [Benchmark(Baseline = true)]
    public Task<RenderResult> Warm() => Render(_warmCache);

    private Task<RenderResult> Render(string cache) =>
        new ValidationPipeline(new ProcessRunner(), new PipelineSettings(new RenderCache(cache), null, null)).RenderAsync(_input, [Cluster]);

    [GlobalCleanup]
    public void Cleanup()
    {
        if (Directory.Exists(_warmCache)) Directory.Delete(_warmCache, recursive: true);
    }
}
