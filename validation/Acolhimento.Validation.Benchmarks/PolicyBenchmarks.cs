using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Policy;
using Acolhimento.Validation.Render;
using BenchmarkDotNet.Attributes;

namespace Acolhimento.Validation.Benchmarks;

/// <summary>
/// The policy stage over one cluster of <see cref="Applications"/> copies of the clean test application (17 objects each,
/// each in its own namespace): every rule, cross-object lookups included.
/// </summary>
[MemoryDiagnoser]
public class PolicyBenchmarks
{
    private PolicyStage _stage = null!;
    private RenderedCluster _cluster = null!;

    [Params(10, 100)]
    public int Applications { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var root = BenchmarkRepository.Root;
        _stage = PolicyStage.Load(root);
        var clean = File.ReadAllText(Path.Combine(root, "validation/Acolhimento.Validation.Tests/Policy/Fixtures/clean-cluster.yaml"));
        var objects = Enumerable.Range(0, Applications)
            .SelectMany(i => RenderedObjects.FromText($"apps/app{i}/all.yaml",
                clean.Replace("central-acolhimento-dev", $"central-acolhimento-dev{i}", StringComparison.Ordinal)
                     .Replace("name: letsencrypt-staging\n", i == 0 ? "name: letsencrypt-staging\n" : $"name: letsencrypt-staging-{i}\n", StringComparison.Ordinal),
                "dev", $"app{i}"))
            .ToList();
        _cluster = new RenderedCluster("dev", "1.35", [], objects, []);
    }

    [Benchmark]
    public IReadOnlyList<Finding> RunAllRules() => _stage.Run([_cluster], new DateOnly(2026, 3, 1));
}
