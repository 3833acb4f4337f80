using System.Diagnostics;
using BenchmarkDotNet.Attributes;

namespace Acolhimento.Validation.Benchmarks;

/// <summary>
/// What a user waits for: the CLI from process start to exit, on the 10,000-object corpus (schema stage, as
/// kubeconform is run on it) and on this repository (the whole offline gate, warm render cache). Unlike the in-process
/// benchmarks this includes runtime start-up, JIT, reading the schema data and writing the report.
/// Needs <c>ACOLHIMENTO_BENCH_CORPUS</c> (a folder written by <c>make-corpus.py</c>) and schema data
/// (<c>ACOLHIMENTO_SCHEMA_DIR</c>); <c>ACOLHIMENTO_CLI</c> selects the binary (default: the Release build of the CLI).
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 7)]
public class EndToEndBenchmarks
{
    private string _cli = null!;
    private string _corpus = null!;

    [GlobalSetup]
    public void Setup()
    {
        _cli = CliPath();
        _corpus = CorpusPath();
        Run(_cli, "validate"); // fills the render cache: the repository benchmark measures a warm run
    }

    /// <summary>The CLI binary: <c>ACOLHIMENTO_CLI</c>, else the Release build.</summary>
    internal static string CliPath()
    {
        var cli = Environment.GetEnvironmentVariable("ACOLHIMENTO_CLI") is { Length: > 0 } chosen
            ? chosen
            : Path.Combine(BenchmarkRepository.Root, "validation", "Acolhimento.Validation.Cli", "bin", "Release", "net10.0", "acolhimento-validate");
        return File.Exists(cli) ? cli : throw new InvalidOperationException($"no CLI binary at {cli}: run `dotnet build -c Release validation/Acolhimento.Validation.Cli` or set ACOLHIMENTO_CLI");
    }

    /// <summary>The corpus repository written by make-corpus.py: <c>ACOLHIMENTO_BENCH_CORPUS</c>.</summary>
    internal static string CorpusPath()
    {
        var corpus = Environment.GetEnvironmentVariable("ACOLHIMENTO_BENCH_CORPUS") ?? "";
        return Directory.Exists(Path.Combine(corpus, "corpus"))
            ? corpus
            : throw new InvalidOperationException("ACOLHIMENTO_BENCH_CORPUS must name a corpus folder: python3 ../shared/bench/make-corpus.py --repo . --out /tmp/corpus10k");
    }

    [Benchmark]
    public int Corpus10000Objects() => Run(_cli, "validate", "--repo", _corpus, "--stage", "schema");

    [Benchmark]
    public int ThisRepositoryWholeGate() => Run(_cli, "validate", "--repo", BenchmarkRepository.Root);

    /// <summary>Runs a program to its exit and returns its exit code; exit 2 (this CLI could not validate) is an error.</summary>
    internal static int Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        Task.WaitAll(output, error);
        // Exit 2 means it could not validate (missing schema data, tools): a benchmark of that would measure nothing.
        if (process.ExitCode == 2) throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} could not validate: {error.Result}");
        return process.ExitCode;
    }
}
