using System.Diagnostics;
using BenchmarkDotNet.Attributes;

namespace Acolhimento.Validation.Benchmarks;

/// <summary>
/// The measurement issue #13 counts: this CLI and kubeconform, each from process start to exit, on the same
/// 10,000-object corpus in the same benchmark run, so both see the same machine. kubeconform is not part of this
/// repository: point <c>ACOLHIMENTO_BENCH_KUBECONFORM</c> at a kubeconform binary and <c>ACOLHIMENTO_BENCH_KUBECONFORM_SCHEMAS</c>
/// at its <c>-schema-location</c> templates (separated by <c>;</c>; strict schemas converted from the same Kubernetes
/// OpenAPI and CRDs as <c>ACOLHIMENTO_SCHEMA_DIR</c>). kubeconform reads the corpus's <c>corpus/</c> folder (the 10,000
/// objects); this CLI renders the corpus repository through its Application, as a user runs it.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 7)]
public class SideBySideBenchmarks
{
    private string _cli = null!;
    private string _corpus = null!;
    private string _kubeconform = null!;
    private string[] _schemaLocations = [];

    [GlobalSetup]
    public void Setup()
    {
        _cli = EndToEndBenchmarks.CliPath();
        _corpus = EndToEndBenchmarks.CorpusPath();
        _kubeconform = Environment.GetEnvironmentVariable("ACOLHIMENTO_BENCH_KUBECONFORM") ?? "";
        if (!File.Exists(_kubeconform)) throw new InvalidOperationException("ACOLHIMENTO_BENCH_KUBECONFORM must name a kubeconform binary (built by you; none is shipped here)");
        _schemaLocations = (Environment.GetEnvironmentVariable("ACOLHIMENTO_BENCH_KUBECONFORM_SCHEMAS") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries);
        if (_schemaLocations.Length == 0) throw new InvalidOperationException("ACOLHIMENTO_BENCH_KUBECONFORM_SCHEMAS must give kubeconform's -schema-location templates, separated by ';'");
    }

    [Benchmark(Baseline = true)]
    public int Kubeconform()
    {
        var arguments = new List<string> { "-strict", "-summary" };
        foreach (var location in _schemaLocations) arguments.AddRange(["-schema-location", location]);
        arguments.Add(Path.Combine(_corpus, "corpus"));
        var exit = EndToEndBenchmarks.Run(_kubeconform, [.. arguments]);
        // kubeconform exits 1 on an invalid object or a missing schema: then it did not do the same work.
        return exit == 0 ? exit : throw new InvalidOperationException($"kubeconform exited {exit}: its schemas do not cover the corpus");
    }

    [Benchmark]
    public int ThisCli() => EndToEndBenchmarks.Run(_cli, "validate", "--repo", _corpus, "--stage", "schema");
}
