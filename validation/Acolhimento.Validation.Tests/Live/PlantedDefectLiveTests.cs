using Acolhimento.Validation.Configuration;
using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Live;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Live;

/// <summary>
/// What only a real API server finds, proved on a copy of this repository with one defect planted (issue 11 §4): each is
/// expected as <c>live/rejected</c> at the line the defect was planted on. They run where a cluster is (the workflow's
/// envtest and k3s jobs) and skip here with the reason.
/// </summary>
[Collection(LiveCollection.Name)]
[Trait("Category", "Live")]
public sealed class PlantedDefectLiveTests(LiveClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_pod_security_violation_in_a_namespace_that_enforces_restricted_is_refused_at_the_planted_line()
    {
        var cluster = await fixture.RequireClusterAsync();
        using var copy = new TempRepository().CopyFrom(RepositoryLocator.Root);
        Replace(copy, "apps/api/deployment.yaml", "            capabilities:\n              drop:\n", "            capabilities:\n              add:\n                - NET_ADMIN\n              drop:\n");
        var findings = await LiveAsync(cluster, await RenderDevAsync(copy));
        var finding = Single(findings, "Deployment", "api");
        finding.Message.ShouldContain("PodSecurity \"restricted:v1.35\"", customMessage: findings.Describe());
        FileAndLine(finding).ShouldBe(At(copy, "apps/api/deployment.yaml", "              add:"), findings.Describe());
    }

    [Fact]
    public async Task An_unknown_field_and_an_invalid_enum_in_a_cert_manager_certificate_are_refused_at_their_lines()
    {
        var cluster = await fixture.RequireClusterAsync();
        using var copy = new TempRepository().CopyFrom(RepositoryLocator.Root);
        Replace(copy, "apps/api/kustomization.yaml", "  - networkpolicy.yaml\n", "  - networkpolicy.yaml\n  - certificate.yaml\n");
        copy.Write("apps/api/certificate.yaml", """
            apiVersion: cert-manager.io/v1
            kind: Certificate
            metadata:
              name: api-tls-typo
            spec:
              secretName: api-tls-typo
              dnsNames:
                - api.central-acolhimento.example
              issuerRef:
                kind: ClusterIssuer
                name: letsencrypt-production
              renewBefor: 360h
            ---
            apiVersion: cert-manager.io/v1
            kind: Certificate
            metadata:
              name: api-tls-enum
            spec:
              secretName: api-tls-enum
              dnsNames:
                - api.central-acolhimento.example
              issuerRef:
                kind: ClusterIssuer
                name: letsencrypt-production
              privateKey:
                algorithm: DSA
            """);
        var findings = await LiveAsync(cluster, await RenderDevAsync(copy));
        FileAndLine(Single(findings, "Certificate", "api-tls-typo")).ShouldBe(At(copy, "apps/api/certificate.yaml", "renewBefor:"), findings.Describe());
        var invalidEnum = Single(findings, "Certificate", "api-tls-enum");
        FileAndLine(invalidEnum).ShouldBe(At(copy, "apps/api/certificate.yaml", "algorithm: DSA"), findings.Describe());
        invalidEnum.Message.ShouldContain("Unsupported value: \"DSA\"", customMessage: findings.Describe());
    }

    [Fact]
    public async Task Immutable_field_changes_from_the_applied_revision_are_refused_at_the_changed_lines()
    {
        var cluster = await fixture.RequireClusterAsync();
        using var copy = new TempRepository().CopyFrom(RepositoryLocator.Root);
        (await LiveAsync(cluster, await RenderDevAsync(copy))).ShouldHaveNoErrors();

        Replace(copy, "apps/api/deployment.yaml", "    matchLabels:\n      app.kubernetes.io/name: api\n", "    matchLabels:\n      app.kubernetes.io/name: api\n      app.kubernetes.io/component: api\n");
        Replace(copy, "apps/llm/statefulset.yaml", "            storage: 20Gi\n", "            storage: 30Gi\n");
        var findings = await LiveAsync(cluster, await RenderDevAsync(copy));
        FileAndLine(Single(findings, "Deployment", "api")).ShouldBe(At(copy, "apps/api/deployment.yaml", "      app.kubernetes.io/component: api"), findings.Describe());
        FileAndLine(Single(findings, "StatefulSet", "llm")).ShouldBe(At(copy, "apps/llm/statefulset.yaml", "storage: 30Gi"), findings.Describe());
    }

    [Fact]
    public async Task A_conflict_with_another_field_manager_is_reported_not_forced()
    {
        var cluster = await fixture.RequireClusterAsync();
        const string file = "apps/conflict/all.yaml";
        const string yaml = """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: live-test-conflict
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
              namespace: live-test-conflict
            data:
              LOG_LEVEL: info
            """;
        var rendered = LiveTestData.Cluster("live-test", new LiveTestData.App("conflict", "live-test-conflict", file, yaml));
        (await LiveAsync(cluster, [rendered])).ShouldHaveNoErrors();
        // Someone else (a person with kubectl, another tool) takes the field over with another value.
        using (var api = ApiServer.Connect(cluster, TimeSpan.FromSeconds(30)))
        {
            var taken = await api.ApplyAsync("api/v1/namespaces/live-test-conflict/configmaps/settings",
                """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings","namespace":"live-test-conflict"},"data":{"LOG_LEVEL":"debug"}}""",
                ApplyMode.Apply, Ct, force: true, fieldManager: "someone-else");
            taken.Succeeded.ShouldBeTrue(taken.Summary);
        }
        var findings = await LiveAsync(cluster, [rendered]);
        var conflict = Single(findings, "ConfigMap", "settings");
        conflict.Message.ShouldContain("(Conflict)", customMessage: findings.Describe());
        conflict.Message.ShouldContain("someone-else", customMessage: findings.Describe());
        conflict.Location!.Line.ShouldBe(yaml.Split('\n').ToList().FindIndex(l => l.Contains("LOG_LEVEL", StringComparison.Ordinal)) + 1, findings.Describe());
    }

    private async Task<IReadOnlyList<Finding>> LiveAsync(LiveCluster cluster, IReadOnlyList<RenderedCluster> clusters) =>
        await new LiveStage(fixture.Runner, fixture.Options with { SchemaDirectory = LiveClusterFixture.RequireSchemaDirectory() }).RunAsync(cluster, clusters, Ct);

    private static async Task<IReadOnlyList<RenderedCluster>> RenderDevAsync(TempRepository copy)
    {
        using var cache = new TempRepository();
        var (_, render) = await TestPipeline.RenderAsync(copy.Root, cache.Root, ["dev"]);
        render.Findings.ShouldHaveNoErrors();
        return render.Clusters;
    }

    /// <summary>The one refusal of the object (an error, unwaived).</summary>
    private static Finding Single(IReadOnlyList<Finding> findings, string kind, string name)
    {
        var about = findings.Where(f => f.CountsAsError && f.Object?.Kind == kind && f.Object.Name == name).ToList();
        about.Count.ShouldBe(1, $"one error for {kind} {name} expected in:\n{findings.Describe()}");
        about[0].Rule.ShouldBe(LiveRules.Rejected, findings.Describe());
        return about[0];
    }

    private static string At(TempRepository copy, string file, string text)
    {
        var lines = File.ReadAllLines(Path.Combine(copy.Root, file));
        var matches = Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains(text, StringComparison.Ordinal)).ToList();
        matches.Count.ShouldBe(1, $"{file}: one line with \"{text}\" expected");
        return $"{file}:{matches[0] + 1}";
    }

    private static string FileAndLine(Finding finding) => $"{finding.Location?.File}:{finding.Location?.Line}";

    private static void Replace(TempRepository copy, string file, string original, string planted)
    {
        var path = Path.Combine(copy.Root, file);
        var text = File.ReadAllText(path);
        var at = text.IndexOf(original, StringComparison.Ordinal);
        (at >= 0 && text.IndexOf(original, at + 1, StringComparison.Ordinal) < 0).ShouldBeTrue($"{file} must contain \"{original.TrimEnd()}\" exactly once");
        File.WriteAllText(path, text[..at] + planted + text[(at + original.Length)..]);
    }
}
