using Acolhimento.Validation.Configuration;
using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Policy;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Support;
using Shouldly;
using static Acolhimento.Validation.Tests.Policy.PolicyTestData;

namespace Acolhimento.Validation.Tests.Policy;

/// <summary>
/// Rule profiles and per-rule settings on a small Argo CD repository written for these tests (Policy/Fixtures/argocd-style-repo):
/// an app of apps on Argo CD's built-ins (default project, in-cluster destination), an Argo Rollout behind a Service and
/// an HPA, a Deployment scaled by a KEDA ScaledObject — rendered as Argo CD would, then judged by the policy stage.
/// </summary>
[Trait("Category", "Policy")]
public sealed class RuleProfileTests
{
    private static TempRepository Repository() => new TempRepository().CopyFrom(RepositoryLocator.Fixture("Policy", "argocd-style-repo"));

    private static async Task<(PolicyStage Stage, IReadOnlyList<Finding> Findings)> Judge(TempRepository repository)
    {
        using var cache = new TempRepository();
        var (input, render) = await TestPipeline.RenderAsync(repository.Root, cache.Root);
        input.Findings.ShouldHaveNoErrors();
        render.Findings.ShouldHaveNoErrors();
        render.Clusters.Single().Objects.Select(o => o.Kind).ShouldContain("Rollout");
        var stage = PolicyStage.Load(repository.Root, input.Configuration);
        return (stage, stage.Run(render.Clusters, Today));
    }

    private static void Plant(TempRepository repository, string file, string original, string planted) =>
        File.WriteAllText(Path.Combine(repository.Root, file), ReplaceOnce(File.ReadAllText(Path.Combine(repository.Root, file)), original, planted));

    [Fact]
    public async Task Repository_without_a_policy_folder_gets_the_kubernetes_profile_and_no_false_positive()
    {
        using var repository = Repository();
        var (stage, findings) = await Judge(repository);
        stage.Configuration.EffectiveSelection.Profile.ShouldBe(RuleProfile.Kubernetes);
        stage.FileFindings.ShouldBeEmpty();
        findings.ShouldBeEmpty(findings.Describe());
    }

    [Fact]
    public async Task Kubernetes_profile_reports_what_is_wrong_on_any_cluster()
    {
        using var repository = Repository();
        Plant(repository, "guestbook/service.yaml", "    app: guestbook\n", "    app: guestbok\n");
        Plant(repository, "guestbook/scaledobject.yaml", "    name: worker\n  minReplicaCount", "    name: wroker\n  minReplicaCount");
        Plant(repository, "apps/guestbook.yaml", "  project: default\n", "  project: defualt\n");
        var (_, findings) = await Judge(repository);
        string.Join("\n", findings.Select(f => $"{f.Location!.File}:{f.Location.Line}: {f.Rule}").Order(StringComparer.Ordinal)).ShouldBe(
            "apps/guestbook.yaml:7: policy/argocd-application-project\n"
            + "guestbook/scaledobject.yaml:7: policy/ref-hpa-target\n"
            + "guestbook/service.yaml:7: policy/ref-service-selector", findings.Describe());
    }

    [Fact]
    public async Task Organisation_profile_adds_the_organisation_rules()
    {
        using var repository = Repository().Write(PolicyConfiguration.FileName, RepositoryConfigurationText);
        var (stage, findings) = await Judge(repository);
        stage.FileFindings.ShouldBeEmpty(stage.FileFindings.Describe());
        var rules = findings.Select(f => f.Rule).ToHashSet();
        rules.ShouldContain("policy/argocd-no-default-project");
        rules.ShouldContain("policy/image-registry-allowed"); // gcr.io is not an allowed registry here
        rules.ShouldContain("policy/container-resources");
        rules.ShouldContain("policy/network-default-deny");
        rules.ShouldNotContain("policy/argocd-application-project");
        rules.ShouldNotContain("policy/ref-service-selector");
    }

    [Fact]
    public async Task Settings_switch_rules_on_relevel_them_and_switch_them_off_per_path()
    {
        using var repository = Repository().Write(PolicyConfiguration.FileName, """
            profile: kubernetes
            rules:
              # Outside the kubernetes profile: switched on, as a warning, for the guestbook folder only.
              - rule: policy/container-resources
                severity: warning
                paths: [guestbook/]
              # …and as an error for one file (the later entry wins).
              - rule: policy/container-resources
                severity: error
                paths: ["**/worker.yaml"]
              - rule: policy/ref-service-selector
                severity: off
                paths: [guestbook/service.yaml]
            """);
        Plant(repository, "guestbook/service.yaml", "    app: guestbook\n", "    app: guestbok\n");
        var (stage, findings) = await Judge(repository);
        stage.FileFindings.ShouldBeEmpty(stage.FileFindings.Describe());
        string.Join("\n", findings.Select(f => $"{f.Location!.File} {f.Rule} {f.Severity}").Distinct().Order(StringComparer.Ordinal)).ShouldBe(
            "guestbook/rollout.yaml policy/container-resources Warning\n"
            + "guestbook/worker.yaml policy/container-resources Error", findings.Describe());
    }

    [Fact]
    public void Organisation_profile_without_its_parameters_names_each_missing_one()
    {
        var stage = PolicyStage.FromText("profile: organisation\n", null);
        var missing = stage.FileFindings.Where(f => f.Message.Contains("is missing", StringComparison.Ordinal)).Select(f => f.Message[..f.Message.IndexOf(':')]).ToList();
        missing.ShouldContain("\"allowedRegistries\" is missing");
        missing.ShouldContain("\"podSecurityFloor\" is missing");
        missing.ShouldNotContain("\"exemptNamespaces\" is missing");
        PolicyStage.FromText("profile: kubernetes\n", null).FileFindings.ShouldBeEmpty();
        var enabled = PolicyStage.FromText("profile: kubernetes\nrules:\n  - {rule: policy/image-registry-allowed, severity: error}\n", null);
        enabled.FileFindings.ShouldHaveSingle(PolicyStageRules.InvalidConfiguration).Message.ShouldStartWith("\"allowedRegistries\" is missing: profile kubernetes runs policy/image-registry-allowed");
    }

    [Theory]
    [InlineData("profile: strict\n", 1, "\"profile\" must be kubernetes or organisation")]
    [InlineData("rules: []\n", 1, "\"profile\" is missing")]
    [InlineData("profile: kubernetes\nrules:\n  - rule: policy/no-such-rule\n    severity: error\n", 3, "unknown rule \"policy/no-such-rule\"")]
    [InlineData("profile: kubernetes\nrules:\n  - rule: policy/ref-pvc\n    severity: fatal\n", 4, "\"severity\" must be one of error, warning, info, off")]
    [InlineData("profile: kubernetes\nrules:\n  - rule: policy/ref-pvc\n    severity: off\n    path: [apps/]\n", 5, "unknown field \"path\"")]
    [InlineData("profile: kubernetes\nrules:\n  - rule: policy/ref-pvc\n    severity: off\n    paths: apps/\n", 5, "\"paths\" must be a list of strings")]
    [InlineData("profile: kubernetes\nrules: {policy/ref-pvc: off}\n", 2, "\"rules\" must be a list")]
    [InlineData("profile: kubernetes\nrules:\n  - policy/ref-pvc\n", 3, "a rules entry must be a mapping")]
    public void Malformed_settings_are_findings_at_their_line(string text, int line, string message)
    {
        var stage = PolicyStage.FromText(text, null);
        var finding = stage.FileFindings.FirstOrDefault(f => f.Message.Contains(message, StringComparison.Ordinal));
        finding.ShouldNotBeNull(stage.FileFindings.Describe());
        finding.Location.ShouldNotBeNull().Line.ShouldBe(line);
        finding.Rule.ShouldBe(PolicyStageRules.InvalidConfiguration);
    }

    [Theory]
    [InlineData("guestbook/", "guestbook/service.yaml", true)]
    [InlineData("guestbook/", "guestbook/sub/service.yaml", true)]
    [InlineData("guestbook/", "apps/guestbook/service.yaml", false)]
    [InlineData("guestbook/*.yaml", "guestbook/sub/service.yaml", false)]
    [InlineData("guestbook/**", "guestbook/sub/service.yaml", true)]
    [InlineData("*.yaml", "guestbook/service.yaml", true)]
    [InlineData("charts/*/templates/**", "charts/web/templates/deployment.yaml", true)]
    public void Path_patterns_match_repository_files(string pattern, string file, bool matches) =>
        RuleSelection.PathMatches(pattern, file).ShouldBe(matches);
}
