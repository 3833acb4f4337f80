using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Policy;
using Acolhimento.Validation.Policy.Rules.ArgoCd;
using Acolhimento.Validation.Render;
using Shouldly;

namespace Acolhimento.Validation.Tests.Policy;

/// <summary>
/// The external sources the render recorded for Applications that are not objects of the cluster (the bootstrap
/// folder's): charts need an exact version, Git sources a commit SHA or an exact version tag.
/// </summary>
[Trait("Category", "Policy")]
public sealed class ExternalChartPinnedTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";

    private static IReadOnlyList<Finding> Evaluate(params ExternalChart[] external) =>
        PolicyStage.EvaluateRule(new ArgocdExternalChartPinned(),
            new PolicyContext(new RenderedCluster("dev", "1.35", [], [], external), PolicyFixture.RepositoryConfiguration()));

    private static ExternalChart Recorded(string chartOrPath, string revision, bool isChart, int line) =>
        new("bootstrap-addon", "https://github.com/example/addons.git", chartOrPath, revision, new SourceLocation("clusters/dev/addon.yaml", line, 5), isChart);

    [Theory]
    [InlineData(Sha)]
    [InlineData("v1.4.2")]
    public void Git_source_pinned_to_a_commit_or_exact_tag_passes(string revision) =>
        Evaluate(Recorded("deploy/manifests", revision, isChart: false, 12)).ShouldBeEmpty();

    [Fact]
    public void Git_source_on_a_branch_is_reported_as_a_source_at_its_revision()
    {
        var finding = Evaluate(Recorded("deploy/manifests", "main", isChart: false, 12)).ShouldHaveSingleItem();
        finding.Location.ShouldBe(new SourceLocation("clusters/dev/addon.yaml", 12, 5));
        finding.Message.ShouldContain("source deploy/manifests");
        finding.Message.ShouldContain("commit SHA");
    }

    [Fact]
    public void Chart_still_needs_an_exact_version_not_a_commit()
    {
        var findings = Evaluate(Recorded("cert-manager", Sha, isChart: true, 7), Recorded("ingress-nginx", "4.14.1", isChart: true, 9));
        findings.ShouldHaveSingleItem().Message.ShouldContain("chart cert-manager");
    }

    [Fact]
    public void Git_source_of_an_Application_object_is_judged_only_when_the_render_recorded_it_as_external()
    {
        const string yaml = """
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata:
              name: addon
              namespace: argocd
            spec:
              project: platform
              sources:
                - repoURL: https://github.com/example/addons.git
                  path: deploy/manifests
                  targetRevision: main
                - repoURL: https://github.com/central-acolhimento/gitops.git
                  path: overlays/dev
                  targetRevision: main
              destination:
                server: https://kubernetes.default.svc
                namespace: addon
            """;
        var objects = RenderedObjects.FromText("clusters/dev/addon.yaml", yaml, "dev", "root");
        var recorded = new ExternalChart("addon", "https://github.com/example/addons.git", "deploy/manifests", "main", new SourceLocation("clusters/dev/addon.yaml", 11, 23), IsChart: false);
        var findings = PolicyStage.EvaluateRule(new ArgocdExternalChartPinned(),
            new PolicyContext(new RenderedCluster("dev", "1.35", [], objects, [recorded]), PolicyFixture.RepositoryConfiguration()));
        var finding = findings.ShouldHaveSingleItem();
        finding.Location!.Line.ShouldBe(11);
        finding.Message.ShouldContain("source deploy/manifests");
    }

    [Fact]
    public void A_git_source_at_a_repository_root_is_named_by_its_repository()
    {
        // What `init` on a repository with another remote produces: this repository's own URL is external, with no path.
        var recorded = new ExternalChart("root", "https://git.example.org/team/gitops.git", "", "main", new SourceLocation("clusters/dev/root.yaml", 9, 23), IsChart: false);
        var finding = PolicyStage.EvaluateRule(new ArgocdExternalChartPinned(),
            new PolicyContext(new RenderedCluster("dev", "1.35", [], [], [recorded]), PolicyFixture.RepositoryConfiguration())).ShouldHaveSingleItem();
        finding.Message.ShouldStartWith("Git source at the root of https://git.example.org/team/gitops.git is not pinned: ");
        finding.Message.ShouldNotContain("  ");
    }
}
