using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Policy;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Yaml;
using Acolhimento.Validation.Tests.Support;
using Shouldly;
using static Acolhimento.Validation.Tests.Policy.PolicyTestData;

namespace Acolhimento.Validation.Tests.Policy;

[Trait("Category", "Policy")]
public sealed class WaiverTests
{
    private static string Waiver(string id = "dev-fake-secret", string rule = "policy/secret-data-in-git", string selector = "{cluster: dev, kind: Secret, name: fake}", string expires = "2026-06-30") =>
        $"  - id: {id}\n    rule: {rule}\n    selector: {selector}\n    reason: visibly fake development values\n    owner: platform-team\n    expires: {expires}\n";

    private const string FakeSecret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: fake\n  namespace: central-acolhimento-dev\n  labels: {app.kubernetes.io/name: fake, app.kubernetes.io/part-of: central-acolhimento, app.kubernetes.io/managed-by: kustomize, app.kubernetes.io/component: database, environment: dev, team: acolhimento, cost-centre: cc-1234}\nstringData:\n  password: not-a-real-one\n";

    [Fact]
    public void Matching_waiver_marks_the_finding_waived_and_it_no_longer_counts()
    {
        var findings = Stage("waivers:\n" + Waiver()).Run([Cluster(FakeSecret)], Today);
        var finding = findings.ShouldHaveSingle("policy/secret-data-in-git");
        finding.Waiver.ShouldBe("dev-fake-secret");
        finding.CountsAsError.ShouldBeFalse();
        findings.ShouldHaveNoErrors();
        findings.ShouldNotContain(f => f.Rule == PolicyStageRules.UnusedWaiver);
    }

    [Fact]
    public void Waiver_by_namespace_matches_an_object_whose_namespace_came_from_its_Application()
    {
        // The Secret names no namespace; the render places it in the Application's destination namespace exactly so
        // (ClusterRender.WithDestinationNamespace): identity, body and the override pointing at spec.destination.namespace.
        var unplaced = FakeSecret.Replace("  namespace: central-acolhimento-dev\n", "", StringComparison.Ordinal);
        var destination = new SourceLocation("clusters/dev/apps.yaml", 14, 16);
        var placed = RenderedObjects.FromText(ManifestPath, unplaced, "dev", "central-acolhimento-dev").Select(o =>
        {
            o.Namespace.ShouldBeNull();
            return o with
            {
                Id = o.Id with { Namespace = "central-acolhimento-dev" },
                Body = o.Body.WithMetadata("namespace", "central-acolhimento-dev"),
                Provenance = o.Provenance with { Overrides = [.. o.Provenance.Overrides, new FieldOverride(ObjectPath.Of("metadata", "namespace"), destination)] },
            };
        }).ToList();
        var application = new RenderedApplication("central-acolhimento-dev", "central-acolhimento", "central-acolhimento-dev", "root", destination, null, []);
        var cluster = new RenderedCluster("dev", "1.35", [application], placed, []);

        var findings = Stage("waivers:\n" + Waiver(selector: "{cluster: dev, namespace: central-acolhimento-dev, kind: Secret}")).Run([cluster], Today);

        var finding = findings.ShouldHaveSingle("policy/secret-data-in-git");
        finding.Object!.Namespace.ShouldBe("central-acolhimento-dev");
        finding.Location!.File.ShouldBe(ManifestPath);
        finding.Waiver.ShouldBe("dev-fake-secret");
        findings.ShouldNotContain(f => f.Rule == PolicyStageRules.UnusedWaiver, findings.Describe());
    }

    [Fact]
    public void Waiver_for_another_cluster_does_not_apply()
    {
        var findings = Stage("waivers:\n" + Waiver()).Run([Cluster(FakeSecret, "staging")], Today);
        findings.ShouldHaveSingle("policy/secret-data-in-git").Waiver.ShouldBeNull();
        findings.ShouldHaveSingle(PolicyStageRules.UnusedWaiver).Severity.ShouldBe(Severity.Warning);
    }

    [Fact]
    public void Waiver_is_valid_through_its_expiry_date()
    {
        var onTheDay = Stage("waivers:\n" + Waiver(expires: "2026-03-01")).Run([Cluster(FakeSecret)], Today);
        onTheDay.ShouldHaveNoErrors();
        var dayAfter = Stage("waivers:\n" + Waiver(expires: "2026-02-28")).Run([Cluster(FakeSecret)], Today);
        dayAfter.ShouldHaveSingle("policy/secret-data-in-git").Waiver.ShouldBeNull();
        dayAfter.ShouldHaveSingle(PolicyStageRules.ExpiredWaiver).Location!.Line.ShouldBe(2);
    }

    [Fact]
    public void Unused_waiver_is_a_warning_at_its_line()
    {
        var findings = Stage("waivers:\n" + Waiver() + Waiver(id: "second", name: null)).Run([Cluster(FakeSecret)], Today);
        var unused = findings.ShouldHaveSingle(PolicyStageRules.UnusedWaiver);
        unused.Location.ShouldBe(new SourceLocation(WaiverFile.FileName, 8, 5));
        unused.Message.ShouldContain("second");
    }

    [Theory]
    [InlineData("{cluster: production, kind: Secret, name: fake}")]
    [InlineData("{kind: Secret, name: other}")]
    public void Run_over_some_clusters_does_not_call_waivers_for_the_others_unused(string selector)
    {
        string[] repository = ["dev", "staging", "production"];
        var onlyDev = Stage("waivers:\n" + Waiver(selector: selector), repository).Run([Cluster(FakeSecret, "dev")], Today);
        onlyDev.ShouldNotContain(f => f.Rule == PolicyStageRules.UnusedWaiver, onlyDev.Describe());
        var all = Stage("waivers:\n" + Waiver(selector: selector), repository)
            .Run([Cluster(FakeSecret, "dev"), Cluster(FakeSecret, "staging"), Cluster(FakeSecret, "production")], Today);
        all.Count(f => f.Rule == PolicyStageRules.UnusedWaiver).ShouldBe(selector.Contains("production") ? 0 : 1, all.Describe());
    }

    [Fact]
    public void Waiver_for_a_cluster_the_repository_lacks_is_unused_and_says_so()
    {
        var findings = Stage("waivers:\n" + Waiver(selector: "{cluster: prod, kind: Secret}"), ["dev", "production"]).Run([Cluster(FakeSecret, "dev")], Today);
        findings.ShouldHaveSingle(PolicyStageRules.UnusedWaiver).Message.ShouldContain("cluster prod is not one of dev, production");
    }

    [Theory]
    [InlineData("waivers:\n  - id: a\n    rule: policy/secret-data-in-git\n    selector: {kind: Secret}\n    reason: r\n    owner: o\n", 2, "\"expires\" is missing")]
    [InlineData("waivers:\n  - id: a\n    rule: policy/no-such-rule\n    selector: {kind: Secret}\n    reason: r\n    owner: o\n    expires: 2026-06-30\n", 3, "unknown rule")]
    [InlineData("waivers:\n  - id: a\n    rule: policy/secret-data-in-git\n    selector: {kind: Secret}\n    reason: r\n    owner: o\n    expires: 30/06/2026\n", 7, "YYYY-MM-DD")]
    [InlineData("waivers:\n  - id: a\n    rule: policy/secret-data-in-git\n    selector: {}\n    reason: r\n    owner: o\n    expires: 2026-06-30\n", 4, "selector is empty")]
    [InlineData("waivers:\n  - id: a\n    rule: policy/secret-data-in-git\n    selector: {kind: Secret, nmae: x}\n    reason: r\n    owner: o\n    expires: 2026-06-30\n", 4, "unknown selector field")]
    [InlineData("waivers:\n  - just a string\n", 2, "must be a mapping")]
    [InlineData("waivers: {id: a}\n", 1, "must be a list")]
    [InlineData("waiver: []\n", 1, "unknown key")]
    [InlineData("waivers:\n  - id: a\n    id: b\n", 3, "duplicate")]
    [InlineData("waivers: [\n", 2, "cannot be read")]
    public void Malformed_waiver_file_yields_an_error_at_its_line(string exceptions, int line, string message)
    {
        var findings = Stage(exceptions).Run([Cluster(FakeSecret)], Today);
        var problems = findings.Where(f => f.Rule == PolicyStageRules.InvalidWaiver || f.Rule.StartsWith("parse/", StringComparison.Ordinal)).ToList();
        problems.ShouldNotBeEmpty(findings.Describe());
        problems.ShouldContain(f => f.Location!.File == WaiverFile.FileName && f.Location.Line == line && f.Message.Contains(message, StringComparison.OrdinalIgnoreCase), findings.Describe());
        problems.ShouldAllBe(f => f.CountsAsError);
        findings.ShouldHaveSingle("policy/secret-data-in-git").Waiver.ShouldBeNull(); // a malformed waiver waives nothing
    }

    [Fact]
    public void Duplicate_waiver_ids_are_rejected()
    {
        var findings = Stage("waivers:\n" + Waiver() + Waiver()).Run([Cluster(FakeSecret)], Today);
        findings.ShouldContain(f => f.Rule == PolicyStageRules.InvalidWaiver && f.Location!.Line == 8 && f.Message.Contains("used twice"));
    }

    private static string Waiver(string id, string? name) =>
        Waiver(id: id, selector: name is null ? "{cluster: dev, kind: Deployment}" : $"{{name: {name}}}");
}
