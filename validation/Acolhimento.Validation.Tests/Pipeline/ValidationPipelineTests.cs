using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Pipeline;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Render;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Pipeline;

/// <summary>The one pipeline entry: stages hand back findings in a fixed order whatever finishes first; the pipeline sorts once.</summary>
[Trait("Category", "Unit")]
public sealed class ValidationPipelineTests
{
    private const int Applications = 6;

    /// <summary>
    /// Kustomize runs of the <c>overlays/bad-N</c> folders fail after a delay that grows with N (or shrinks, reversed), so
    /// the Applications of one level finish in opposite orders in two runs; every other process runs for real.
    /// </summary>
    private sealed class StaggeredFailures(bool reversed) : IProcessRunner
    {
        private readonly ProcessRunner _real = new();

        public async Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken = default)
        {
            var folder = spec.Arguments.FirstOrDefault(a => a.Contains("overlays/bad-", StringComparison.Ordinal));
            if (folder is null) return await _real.RunAsync(spec, cancellationToken);
            var n = folder[(folder.LastIndexOf("bad-", StringComparison.Ordinal) + 4)] - '0';
            await Task.Delay(TimeSpan.FromMilliseconds(60 * (reversed ? Applications - 1 - n : n)), cancellationToken);
            return new ProcessResult(ProcessOutcome.Exited, 1, "", $"error: overlay bad-{n} cannot be built", TimeSpan.Zero);
        }
    }

    private static RenderFixture WithConcurrentFailingApplications()
    {
        var fixture = new RenderFixture();
        for (var n = 0; n < Applications; n++)
        {
            fixture.Write($"overlays/bad-{n}/kustomization.yaml", "resources:\n  - configmap.yaml\n")
                .Write($"overlays/bad-{n}/configmap.yaml", $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad-{n}\n")
                .Write($"clusters/one/bad-{n}.yaml", $"""
                    apiVersion: argoproj.io/v1alpha1
                    kind: Application
                    metadata:
                      name: bad-{n}
                      namespace: argocd
                    spec:
                      project: default
                      destination: {"{"}server: "https://kubernetes.default.svc", namespace: bad{"}"}
                      source: {"{"}repoURL: "https://github.com/central-acolhimento/gitops.git", targetRevision: main, path: overlays/bad-{n}{"}"}
                    """);
        }
        return fixture;
    }

    [Fact]
    public async Task Concurrent_application_renders_merge_into_the_same_findings_whichever_finishes_first()
    {
        using var fixture = WithConcurrentFailingApplications();
        async Task<IReadOnlyList<Finding>> RawRenderFindings(bool reversed)
        {
            // The stage itself, unsorted: what it hands the pipeline must not depend on timing.
            using var cache = new TempRepository();
            var input = RepositoryInput.Read(fixture.Repository.Root);
            SchemaDataSkip.RequireForRender();
            var result = await new RenderStage(new StaggeredFailures(reversed), new RenderCache(cache.Root))
                .RunAsync(input.Repository, input.Configuration, [], TestContext.Current.CancellationToken);
            return result.Findings;
        }

        var forward = await RawRenderFindings(reversed: false);
        var backward = await RawRenderFindings(reversed: true);

        forward.Where(f => f.Rule == RenderRules.RenderFailed).Select(f => f.Application!).Order(StringComparer.Ordinal)
            .ShouldBe(Enumerable.Range(0, Applications).Select(n => $"bad-{n}"), forward.Describe());
        backward.ShouldBe(forward, "the merged findings must not depend on which Application finished first");
    }

    [Fact]
    public async Task Findings_leave_the_pipeline_sorted()
    {
        using var fixture = WithConcurrentFailingApplications();
        using var cache = new TempRepository();
        var pipeline = TestPipeline.Create(cache.Root, new StaggeredFailures(reversed: true));

        var rendered = await pipeline.RenderAsync(RepositoryInput.Read(fixture.Repository.Root), [], TestContext.Current.CancellationToken);
        rendered.Findings.Count.ShouldBeGreaterThanOrEqualTo(Applications);
        rendered.Findings.ShouldBe(rendered.Findings.Order(FindingOrder.Instance).ToList());

        var report = await pipeline.RunAsync(new ValidationRequest(fixture.Repository.Root, [], [Stages.Render]), TestContext.Current.CancellationToken);
        report.Findings.ShouldBe(report.Findings.Order(FindingOrder.Instance).ToList());
        report.Findings.Count(f => f.Rule == RenderRules.RenderFailed).ShouldBe(Applications);
    }

    [Fact]
    public void The_repository_configuration_is_read_once_per_run_and_only_when_asked_for()
    {
        using var repository = new TempRepository().Write("apps/a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
        var input = RepositoryInput.Read(repository.Root);
        input.HasConfiguration.ShouldBeFalse();
        input.ConfigurationIfPresent.ShouldBeNull();
        Should.Throw<CannotValidateException>(() => input.Configuration).Message.ShouldContain("validation.yaml not found");

        var fixture = new RenderFixture();
        using var _ = fixture;
        var withConfiguration = RepositoryInput.Read(fixture.Repository.Root);
        var first = withConfiguration.Configuration;
        File.Delete(Path.Combine(fixture.Repository.Root, "validation.yaml"));
        withConfiguration.Configuration.ShouldBeSameAs(first);
    }
}
