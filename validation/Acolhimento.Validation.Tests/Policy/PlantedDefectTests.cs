using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Policy;
using Acolhimento.Validation.Tests.Support;
using Shouldly;
using static Acolhimento.Validation.Tests.Policy.PolicyTestData;

namespace Acolhimento.Validation.Tests.Policy;

/// <summary>The whole policy stage over a clean application, then one planted defect at a time: exactly the expected rule, at the planted line.</summary>
[Trait("Category", "Policy")]
public sealed class PlantedDefectTests
{
    [Fact]
    public void Clean_cluster_has_no_policy_findings()
    {
        var findings = Stage().Run([Cluster(CleanCluster)], Today);
        findings.ShouldBeEmpty(findings.Describe());
    }

    [Theory]
    [InlineData("latest image", "image: ghcr.io/central-acolhimento/api:1.4.2", "image: ghcr.io/central-acolhimento/api:latest", "api:latest", "policy/image-tag-not-latest")]
    [InlineData("missing limit", "limits: {cpu: 500m, memory: 256Mi}", "limits: {memory: 256Mi}", "limits: {memory: 256Mi}", "policy/container-resources")]
    [InlineData("privileged container", "            allowPrivilegeEscalation: false\n", "            allowPrivilegeEscalation: false\n            privileged: true\n", "privileged: true", "policy/pss-privileged")]
    [InlineData("service selector typo", "  selector:\n    app.kubernetes.io/name: api\n  ports:", "  selector:\n    app.kubernetes.io/name: apj\n  ports:", "app.kubernetes.io/name: apj", "policy/ref-service-selector")]
    public void Planted_defect_yields_exactly_its_rule_at_its_line(string defect, string original, string planted, string plantedLine, string rule)
    {
        var yaml = ReplaceOnce(CleanCluster, original, planted);
        var findings = Stage().Run([Cluster(yaml)], Today);
        var finding = findings.ShouldHaveSingle(rule);
        findings.Count.ShouldBe(1, $"{defect}: only {rule} should fire:\n{findings.Describe()}");
        finding.Location!.File.ShouldBe(ManifestPath);
        finding.Location.Line.ShouldBe(LineOf(yaml, plantedLine), defect);
        finding.CountsAsError.ShouldBeTrue();
    }

    [Fact]
    public void Plaintext_secret_yields_secret_data_in_git_at_its_data()
    {
        var yaml = CleanCluster + "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: api-db-plain\n  namespace: central-acolhimento-dev\n  labels: {app.kubernetes.io/name: api-db-plain, app.kubernetes.io/part-of: central-acolhimento, app.kubernetes.io/managed-by: kustomize, app.kubernetes.io/component: database, environment: dev, team: acolhimento, cost-centre: cc-1234}\ndata:\n  password: aHVudGVyMg==\n";
        var findings = Stage().Run([Cluster(yaml)], Today);
        findings.Count.ShouldBe(1, findings.Describe());
        var finding = findings.ShouldHaveSingle("policy/secret-data-in-git");
        finding.Location!.Line.ShouldBe(yaml.ReplaceLineEndings("\n").Split('\n').Length - 2);
    }

    [Fact]
    public void Expired_waiver_yields_expired_waiver_at_its_line_in_the_exceptions_file()
    {
        const string exceptions = "waivers:\n  - id: old-exception\n    rule: policy/image-tag-not-latest\n    selector: {cluster: dev}\n    reason: demo image\n    owner: platform-team\n    expires: 2026-02-28\n";
        var findings = Stage(exceptions).Run([Cluster(CleanCluster)], Today);
        var finding = findings.ShouldHaveSingle(PolicyStageRules.ExpiredWaiver);
        findings.Count.ShouldBe(1, findings.Describe());
        finding.Location.ShouldBe(new SourceLocation(WaiverFile.FileName, 2, 5));
        finding.CountsAsError.ShouldBeTrue();
    }

    [Fact]
    public void Production_only_rules_apply_to_production_clusters_only()
    {
        var yaml = ReplaceOnce(CleanCluster, "api:1.4.2", "api:1.4");
        Stage().Run([Cluster(yaml, "dev")], Today).ShouldBeEmpty();
        var production = Stage().Run([Cluster(yaml, "production")], Today);
        production.ShouldContain(f => f.Rule == "policy/image-pinned-in-production" && f.Cluster == "production");
    }
}
