using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Parsing;
using BenchmarkDotNet.Attributes;

namespace Acolhimento.Validation.Benchmarks;

/// <summary>
/// The parse stage alone (read, decode and parse every discovered YAML file with positions, then the object checks), in
/// process: on the 10,000-object corpus (<c>ACOLHIMENTO_BENCH_CORPUS</c>, a folder written by <c>make-corpus.py</c>;
/// skipped with its reason when unset) and on this repository. Discovery runs once in setup, so the figure is the
/// stage the benchmark names; the end-to-end benchmarks include everything else.
/// </summary>
[MemoryDiagnoser]
public class ParseBenchmarks
{
    private RepositoryInventory _inventory = null!;

    [Params("corpus10k", "this-repository")]
    public string Repository { get; set; } = "this-repository";

    [GlobalSetup]
    public void Setup()
    {
        var root = Repository == "this-repository" ? BenchmarkRepository.Root : Environment.GetEnvironmentVariable("ACOLHIMENTO_BENCH_CORPUS") ?? "";
        if (!Directory.Exists(Path.Combine(root, "corpus")) && Repository != "this-repository")
        {
            throw new InvalidOperationException(
                "ACOLHIMENTO_BENCH_CORPUS must name a corpus folder: python3 ../shared/bench/make-corpus.py --repo . --out /tmp/corpus10k");
        }
        _inventory = RepositoryScanner.Scan(root);
    }

    [Benchmark]
    public int ParseStage() => Parsing.ParseStage.Run(_inventory).Repository.Files.Count;
}
