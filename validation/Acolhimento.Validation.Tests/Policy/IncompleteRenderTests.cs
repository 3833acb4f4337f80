using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Policy;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Support;
using Shouldly;
using static Acolhimento.Validation.Tests.Policy.PolicyTestData;

namespace Acolhimento.Validation.Tests.Policy;

/// <summary>Issue 10 §3: no advice derived from a failed render — findings that need every object are not made for a cluster whose render lost objects.</summary>
[Trait("Category", "Unit")]
public sealed class IncompleteRenderTests
{
    private const string PodNamingMissingConfigMap = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: api
          namespace: acolhimento-dev
        spec:
          containers:
            - name: api
              image: ghcr.io/central-acolhimento/api@sha256:0000000000000000000000000000000000000000000000000000000000000000
              envFrom:
                - configMapRef:
                    name: api-config
        """;

    private const string SecretInGit = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: fake\n  namespace: acolhimento-dev\nstringData:\n  password: not-a-real-one\n";

    private static readonly Finding RenderFailure = new(Stages.Render, Severity.Error, RenderRules.RenderFailed,
        "rendering overlays/dev failed: boom", new SourceLocation("overlays/dev/kustomization.yaml", 12, 3), "dev", "central-acolhimento-dev");

    private static string Waiver(string id, string rule, string selector) =>
        $"  - id: {id}\n    rule: {rule}\n    selector: {selector}\n    reason: test\n    owner: platform-team\n    expires: 2026-06-30\n";

    [Fact]
    public void Failed_clusters_are_named_by_their_first_object_losing_render_finding_only()
    {
        var findings = new[]
        {
            RenderFailure with { Location = new SourceLocation("overlays/dev/kustomization.yaml", 30, 1) },
            RenderFailure,
            new Finding(Stages.Render, Severity.Error, RenderRules.Duplicate, "twice", new SourceLocation("apps/a.yaml", 1, 1), "staging"),
            new Finding(Stages.Render, Severity.Error, RenderRules.Unpinned, "unpinned", new SourceLocation("apps/b.yaml", 1, 1), "production"),
            new Finding(Stages.Render, Severity.Error, RenderRules.MissingResource, "missing", new SourceLocation("overlays/production/kustomization.yaml", 9, 5), "production"),
        };

        var failed = IncompleteRender.FailedClusters(findings);

        failed.Keys.ShouldBe(["dev", "production"]);
        failed["dev"].ShouldBe(RenderFailure);
        failed["production"].Rule.ShouldBe(RenderRules.MissingResource);
    }

    [Fact]
    public void Every_object_losing_render_rule_is_a_render_rule_and_none_that_keeps_objects_is_listed()
    {
        IncompleteRender.Rules.ShouldAllBe(r => r.StartsWith("render/", StringComparison.Ordinal));
        IncompleteRender.Rules.ShouldNotContain(RenderRules.Duplicate);
        IncompleteRender.Rules.ShouldNotContain(RenderRules.Dead);
        IncompleteRender.Rules.ShouldContain(RenderRules.RenderFailed);
        IncompleteRender.Rules.ShouldContain(RenderRules.ObjectsLost);
    }

    [Fact]
    public void Cross_object_rule_fires_on_a_complete_render()
    {
        var findings = Stage().Run([Cluster(PodNamingMissingConfigMap)], Today);
        findings.ShouldContain(f => f.Rule == "policy/ref-configmap", findings.Describe());
        findings.ShouldNotContain(f => f.Rule == PolicyStageRules.ChecksSkipped);
    }

    [Fact]
    public void Failed_render_skips_cross_object_rules_keeps_per_object_rules_and_says_so_once()
    {
        var findings = Stage().Run([Cluster(PodNamingMissingConfigMap + "\n---\n" + SecretInGit)], Today,
            new Dictionary<string, Finding> { ["dev"] = RenderFailure });

        findings.ShouldNotContain(f => f.Rule == "policy/ref-configmap", findings.Describe());
        findings.ShouldNotContain(f => f.Rule == "policy/network-default-deny", findings.Describe());
        findings.ShouldContain(f => f.Rule == "policy/secret-data-in-git", findings.Describe());
        var skipped = findings.ShouldHaveSingle(PolicyStageRules.ChecksSkipped);
        skipped.Severity.ShouldBe(Severity.Info);
        skipped.Cluster.ShouldBe("dev");
        skipped.Location.ShouldBe(RenderFailure.Location);
        skipped.Message.ShouldContain("render/render-failed at overlays/dev/kustomization.yaml:12:3");
        skipped.Message.ShouldContain("unused waivers");
        skipped.Message.ShouldContain("dead configuration");
        skipped.Message.ShouldContain("policy/ref-configmap");
        skipped.Message.ShouldNotContain("policy/secret-data-in-git");
    }

    [Fact]
    public void Only_the_failed_cluster_is_judged_partly()
    {
        var findings = Stage().Run([Cluster(PodNamingMissingConfigMap, "dev"), Cluster(PodNamingMissingConfigMap, "staging")], Today,
            new Dictionary<string, Finding> { ["dev"] = RenderFailure });

        findings.Where(f => f.Rule == "policy/ref-configmap").Select(f => f.Cluster).Distinct().ShouldBe(["staging"]);
        findings.ShouldHaveSingle(PolicyStageRules.ChecksSkipped).Cluster.ShouldBe("dev");
    }

    [Theory]
    [InlineData("{cluster: dev, kind: Secret, name: gone}")]
    [InlineData("{kind: Secret, name: gone}")]
    public void Waiver_that_may_apply_to_a_failed_cluster_is_not_called_unused(string selector)
    {
        var exceptions = "waivers:\n" + Waiver("gone-secret", "policy/secret-data-in-git", selector);
        var clusters = new[] { Cluster("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: acolhimento-dev\n", "dev"), Cluster("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: acolhimento-dev\n", "staging") };

        var complete = Stage(exceptions, ["dev", "staging"]).Run(clusters, Today);
        complete.ShouldHaveSingle(PolicyStageRules.UnusedWaiver);

        var failed = Stage(exceptions, ["dev", "staging"]).Run(clusters, Today, new Dictionary<string, Finding> { ["dev"] = RenderFailure });
        failed.ShouldNotContain(f => f.Rule == PolicyStageRules.UnusedWaiver, failed.Describe());
        failed.ShouldHaveSingle(PolicyStageRules.ChecksSkipped);
    }

    [Fact]
    public void Waiver_for_a_cluster_that_rendered_completely_is_still_called_unused()
    {
        var exceptions = "waivers:\n" + Waiver("staging-secret", "policy/secret-data-in-git", "{cluster: staging, kind: Secret}");
        var clusters = new[] { Cluster(SecretInGit, "dev"), Cluster("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: acolhimento-dev\n", "staging") };

        var findings = Stage(exceptions, ["dev", "staging"]).Run(clusters, Today, new Dictionary<string, Finding> { ["dev"] = RenderFailure });

        findings.ShouldHaveSingle(PolicyStageRules.UnusedWaiver).Message.ShouldContain("staging-secret");
    }

    [Fact]
    public void Waiver_still_waives_what_a_failed_cluster_reports()
    {
        var exceptions = "waivers:\n" + Waiver("dev-fake", "policy/secret-data-in-git", "{cluster: dev, kind: Secret, name: fake}");
        var findings = Stage(exceptions, ["dev"]).Run([Cluster(SecretInGit)], Today, new Dictionary<string, Finding> { ["dev"] = RenderFailure });
        findings.ShouldHaveSingle("policy/secret-data-in-git").Waiver.ShouldBe("dev-fake");
    }
}
