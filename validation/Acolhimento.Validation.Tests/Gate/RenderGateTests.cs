using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Gate;

/// <summary>Every cluster of this repository renders as Argo CD would render it, with nothing left unrendered.</summary>
[Trait("Category", "Gate")]
public sealed class RenderGateTests(RepositoryGate gate)
{
    [Fact]
    public async Task Every_cluster_renders_without_errors_or_dead_configuration()
    {
        var (_, render) = await gate.ResultAsync();
        render.Findings.ShouldHaveNoErrors();
        // The add-ons' upstream charts are not in the chart cache on a machine without network: one warning per chart and cluster, nothing else.
        render.Findings.Where(f => f.Rule == RenderRules.ChartNotCached).Select(f => f.Application).Distinct().Order(StringComparer.Ordinal).ToList()
            .ShouldBe(["cert-manager", "external-secrets", "ingress-nginx", "kube-prometheus-stack"]);
        var warnings = render.Findings.ExceptUncachedCharts().Where(f => f.Severity == Severity.Warning).ToList();
        warnings.ShouldBeEmpty(warnings.Describe());
        render.Clusters.Select(c => c.Name).ShouldBe(["dev", "production", "staging"]);
    }

    [Theory]
    [InlineData("dev", true)]
    [InlineData("staging", true)]
    [InlineData("production", false)]
    public async Task Each_environment_receives_its_components(string cluster, bool runsItsOwnDatabase)
    {
        var (_, render) = await gate.ResultAsync();
        var objects = render.Clusters.Single(c => c.Name == cluster).Objects;
        var ns = $"central-acolhimento-{cluster}";
        string[] expected =
        [
            "Namespace//" + ns, $"Deployment/{ns}/api", $"Service/{ns}/api", $"HorizontalPodAutoscaler/{ns}/api", $"PodDisruptionBudget/{ns}/api",
            $"ServiceMonitor/{ns}/api", $"StatefulSet/{ns}/llm", $"Service/{ns}/llm", $"Ingress/{ns}/api", $"PrometheusRule/{ns}/central-acolhimento",
            $"ResourceQuota/{ns}/", $"LimitRange/{ns}/", $"NetworkPolicy/{ns}/default-deny",
        ];
        var present = objects.Select(o => $"{o.Kind}/{o.Namespace}/{o.Name}").ToList();
        foreach (var item in expected)
        {
            present.ShouldContain(p => p.StartsWith(item, StringComparison.Ordinal), $"{cluster} lacks {item}");
        }
        present.Any(p => p.StartsWith($"StatefulSet/{ns}/postgresql", StringComparison.Ordinal)).ShouldBe(runsItsOwnDatabase);
        objects.ShouldContain(o => o.Kind == "AppProject");
        render.Clusters.Single(c => c.Name == cluster).ExternalCharts.Select(e => e.Chart).Order()
            .ShouldBe(["cert-manager", "external-secrets", "ingress-nginx", "kube-prometheus-stack"]);
    }

    [Fact]
    public async Task Every_object_points_at_a_repository_file()
    {
        var (_, render) = await gate.ResultAsync();
        foreach (var o in render.Clusters.SelectMany(c => c.Objects))
        {
            File.Exists(Path.Combine(RepositoryLocator.Root, o.Location.File)).ShouldBeTrue($"{o.Id} → {o.Location}");
            o.Location.Line.ShouldBeGreaterThan(0);
        }
    }
}
