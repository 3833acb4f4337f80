using Acolhimento.Validation.Kubernetes;
using System.Diagnostics;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Schema;
using BenchmarkDotNet.Attributes;

namespace Acolhimento.Validation.Benchmarks.Schema;

/// <summary>
/// Objects per second of the schema stage over a generated corpus of mixed kinds against the real Kubernetes 1.35
/// schema data (<c>ACOLHIMENTO_SCHEMA_DIR</c>). Catalog loading and schema compilation happen once, in setup, as in a
/// run; the measured operation validates every object (in parallel) and sorts the findings.
/// objects/s = ObjectCount / Mean.
/// </summary>
[MemoryDiagnoser]
public class SchemaValidationBenchmark
{
    private SchemaStage _stage = null!;
    private IReadOnlyList<RenderedCluster> _clusters = null!;

    [Params(10_000)]
    public int ObjectCount { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var directory = Environment.GetEnvironmentVariable(SchemaLocator.EnvironmentVariable)
            ?? throw new InvalidOperationException($"set {SchemaLocator.EnvironmentVariable} to the schema data folder (e.g. /work/shared/k8s)");
        _stage = SchemaStage.Create(directory);
        var objects = RenderedObjects.FromText("corpus.yaml", SchemaCorpus.Generate(ObjectCount), "bench", "bench");
        if (objects.Count != ObjectCount) throw new InvalidOperationException($"the corpus produced {objects.Count} objects, not {ObjectCount}");
        _clusters = [new RenderedCluster("bench", "1.35", [], objects, [])];
        // Warm the catalog (parse and compile each kind once) and make sure the corpus is valid: errors would measure the wrong path.
        var findings = _stage.Run(_clusters);
        var errors = findings.Where(f => f.CountsAsError).Take(5).ToList();
        if (errors.Count > 0) throw new InvalidOperationException("the corpus is not valid: " + string.Join("; ", errors.Select(f => $"{f.Location}: {f.Rule}: {f.Message}")));
    }

    [Benchmark]
    public int ValidateCorpus() => _stage.Run(_clusters).Count;

    [GlobalCleanup]
    public void Cleanup()
    {
        using var process = Process.GetCurrentProcess();
        Console.WriteLine($"// Peak working set: {process.PeakWorkingSet64 / (1024 * 1024)} MiB");
    }
}
