using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Pipeline;
using Acolhimento.Validation.Policy;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Policy;

/// <summary>
/// The acceptance check on this repository itself: one defect planted in a copy of it, rendered as Argo CD would,
/// yields exactly the expected rule, unwaived, at the file and line a person edits, in every cluster that receives it.
/// </summary>
[Trait("Category", "Gate")]
public sealed class PlantedDefectGateTests
{
    private static readonly string[] AllClusters = ["dev", "production", "staging"];

    public static TheoryData<string> Defects() => new(Plants.Keys.Order(StringComparer.Ordinal));

    private sealed record Plant(string File, string Original, string Planted, string Rule, string ExpectedFile, string ExpectedLineText, string[] Clusters, string? NewFile = null, string? NewFileText = null);

    private static readonly Dictionary<string, Plant> Plants = new(StringComparer.Ordinal)
    {
        ["latest image"] = new("overlays/staging/kustomization.yaml", "    newTag: 1.4.0\n", "    newTag: latest\n",
            "policy/image-tag-not-latest", "overlays/staging/kustomization.yaml", "newTag: latest", ["staging"]),
        ["missing limit"] = new("apps/api/deployment.yaml", "            limits:\n              cpu: 500m\n", "            limits:\n",
            "policy/container-resources", "apps/api/deployment.yaml", "limits:", AllClusters),
        ["privileged container"] = new("apps/api/deployment.yaml", "            allowPrivilegeEscalation: false\n", "            allowPrivilegeEscalation: false\n            privileged: true\n",
            "policy/pss-privileged", "apps/api/deployment.yaml", "privileged: true", AllClusters),
        ["plaintext secret"] = new("apps/api/kustomization.yaml", "  - networkpolicy.yaml\n", "  - networkpolicy.yaml\n  - secret-plain.yaml\n",
            "policy/secret-data-in-git", "apps/api/secret-plain.yaml", "stringData:", AllClusters,
            "apps/api/secret-plain.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: api-plain\nstringData:\n  password: hunter2\n"),
        ["service selector typo"] = new("apps/api/service.yaml", "    app.kubernetes.io/name: api\n", "    app.kubernetes.io/name: apj\n",
            "policy/ref-service-selector", "apps/api/service.yaml", "app.kubernetes.io/name: apj", AllClusters),
        ["namespace below the pod security floor"] = new("apps/namespace/namespace.yaml", "    pod-security.kubernetes.io/enforce: restricted\n", "    pod-security.kubernetes.io/enforce: privileged\n",
            "policy/pss-namespace-below-floor", "apps/namespace/namespace.yaml", "pod-security.kubernetes.io/enforce: privileged", AllClusters),
        ["literal credential"] = new("apps/api/deployment.yaml", "            - name: LLM_URL\n", "            - name: SMTP_PASSWORD\n              value: hunter2\n            - name: LLM_URL\n",
            "policy/credential-env-literal", "apps/api/deployment.yaml", "value: hunter2", ["production", "staging"]),
        ["egress blocks a declared flow"] = new("apps/api/networkpolicy.yaml", "          port: 11434\n", "          port: 11435\n",
            "policy/network-reachability", "apps/api/deployment.yaml", "value: http://llm:11434", AllClusters),
        ["ingress opens a port nobody listens on"] = new("apps/api/networkpolicy.yaml", "              app.kubernetes.io/name: prometheus\n      ports:\n        - protocol: TCP\n          port: 8000\n",
            "              app.kubernetes.io/name: prometheus\n      ports:\n        - protocol: TCP\n          port: 9090\n",
            "policy/network-policy-port-listened", "apps/api/networkpolicy.yaml", "port: 9090", AllClusters),
    };

    [Theory]
    [MemberData(nameof(Defects))]
    public async Task Planted_defect_yields_exactly_its_rule_at_its_line(string defect)
    {
        var plant = Plants[defect];
        using var copy = new TempRepository().CopyFrom(RepositoryLocator.Root);
        Replace(copy.Root, plant.File, plant.Original, plant.Planted);
        if (plant.NewFile is not null) File.WriteAllText(Path.Combine(copy.Root, plant.NewFile), plant.NewFileText);
        var findings = await PolicyFindings(copy.Root);

        var unwaived = findings.Where(f => f.CountsAsError || f.CountsAsWarning).ToList();
        unwaived.ShouldAllBe(f => f.Rule == plant.Rule, $"{defect}: only {plant.Rule} should fire:\n{unwaived.Describe()}");
        unwaived.Select(f => f.Cluster!).Order(StringComparer.Ordinal).ToArray().ShouldBe(plant.Clusters, unwaived.Describe());
        var line = LineOf(Path.Combine(copy.Root, plant.ExpectedFile), plant.ExpectedLineText);
        unwaived.ShouldAllBe(f => f.Location!.File == plant.ExpectedFile && f.Location.Line == line, unwaived.Describe());
    }

    [Fact]
    public async Task Expired_waiver_is_an_error_at_its_line_and_no_longer_waives()
    {
        using var copy = new TempRepository().CopyFrom(RepositoryLocator.Root);
        var exceptions = File.ReadAllText(Path.Combine(copy.Root, WaiverFile.FileName));
        var entry = exceptions.IndexOf("  - id: dev-fake-api-database\n", StringComparison.Ordinal);
        entry.ShouldBeGreaterThan(0);
        var expiry = exceptions.IndexOf("    expires: 2027-03-31\n", entry, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(copy.Root, WaiverFile.FileName), exceptions[..expiry] + "    expires: 2020-01-31\n" + exceptions[(expiry + "    expires: 2027-03-31\n".Length)..]);
        var findings = await PolicyFindings(copy.Root);

        var unwaived = findings.Where(f => f.CountsAsError || f.CountsAsWarning).ToList();
        var expired = unwaived.ShouldHaveSingle(PolicyStageRules.ExpiredWaiver);
        expired.Location!.File.ShouldBe(WaiverFile.FileName);
        expired.Location.Line.ShouldBe(LineOf(Path.Combine(copy.Root, WaiverFile.FileName), "- id: dev-fake-api-database"));
        var uncovered = unwaived.ShouldHaveSingle("policy/secret-data-in-git");
        uncovered.Object!.Name.ShouldBe("api-database");
        unwaived.Count.ShouldBe(2, unwaived.Describe());
    }

    /// <summary>The policy stage's findings through the pipeline, on <see cref="TestPipeline.Today"/>; parse and render must be clean.</summary>
    private static async Task<IReadOnlyList<Findings.Finding>> PolicyFindings(string root)
    {
        using var cache = new TempRepository();
        var report = await TestPipeline.Create(cache.Root).RunAsync(new ValidationRequest(root, [], [Stages.Policy]), TestContext.Current.CancellationToken);
        report.Findings.Where(f => f.Stage != Stages.Policy).ToList().ShouldHaveNoErrors();
        return report.Findings.Where(f => f.Stage == Stages.Policy).ToList();
    }

    private static void Replace(string root, string file, string original, string planted)
    {
        var path = Path.Combine(root, file);
        var text = File.ReadAllText(path);
        var at = text.IndexOf(original, StringComparison.Ordinal);
        (at >= 0 && text.IndexOf(original, at + 1, StringComparison.Ordinal) < 0).ShouldBeTrue($"{file} must contain \"{original.TrimEnd()}\" exactly once");
        File.WriteAllText(path, text[..at] + planted + text[(at + original.Length)..]);
    }

    private static int LineOf(string path, string text) => FixtureText.LineOf(path, text);
}
