using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Live;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Live;

/// <summary>
/// Deliberately broken objects applied to the real cluster: checks that the stage reads real kubectl output (not just
/// the recorded samples) into the findings the unit tests expect.
/// </summary>
[Collection(LiveCollection.Name)]
[Trait("Category", "Live")]
public sealed class LiveClusterTests(LiveClusterFixture fixture)
{
    private const string File = "apps/broken/all.yaml";

    private const string Broken = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: live-test-restricted
          labels:
            pod-security.kubernetes.io/enforce: restricted
            pod-security.kubernetes.io/warn: restricted
        ---
        apiVersion: v1
        kind: Namespace
        metadata:
          name: live-test-unwarned
          labels:
            pod-security.kubernetes.io/enforce: restricted
            pod-security.kubernetes.io/warn: privileged
        ---
        apiVersion: v1
        kind: Namespace
        metadata:
          name: live-test-enforce-only
          labels:
            pod-security.kubernetes.io/enforce: restricted
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: privileged-once
          namespace: live-test-enforce-only
        spec:
          selector:
            matchLabels:
              app: once
          template:
            metadata:
              labels:
                app: once
            spec:
              containers:
                - name: once
                  image: registry.invalid/once:1.0.0
                  securityContext:
                    privileged: true
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: privileged-quiet
          namespace: live-test-unwarned
        spec:
          selector:
            matchLabels:
              app: quiet
          template:
            metadata:
              labels:
                app: quiet
            spec:
              containers:
                - name: quiet
                  image: registry.invalid/quiet:1.0.0
                  securityContext:
                    privileged: true
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: fine
        data:
          key: value
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: zero-port
        spec:
          selector:
            app: web
          ports:
            - port: 0
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: privileged-web
        spec:
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
                - name: web
                  image: registry.invalid/web:1.0.0
                  securityContext:
                    privileged: true
        ---
        apiVersion: external-secrets.io/v1
        kind: ExternalSecret
        metadata:
          name: typed-wrong
        spec:
          refreshInterval: 5
        ---
        apiVersion: example.com/v1
        kind: Widget
        metadata:
          name: no-crd
        """;

    [Fact]
    public async Task Real_rejections_and_warnings_become_located_findings()
    {
        var cluster = await fixture.RequireClusterAsync();
        var schemas = LiveClusterFixture.RequireSchemaDirectory();
        var rendered = LiveTestData.Cluster("live-test", new LiveTestData.App("broken", "live-test-restricted", File, Broken));
        var findings = await new LiveStage(fixture.Runner, fixture.Options with { SchemaDirectory = schemas })
            .RunAsync(cluster, [rendered], TestContext.Current.CancellationToken);
        var describe = findings.Describe();

        // Lines come from the fixture: the first line with the text, after the line with the anchor when one is given.
        var lines = Broken.ReplaceLineEndings("\n").Split('\n');
        int Line(string text, string? after = null)
        {
            var from = after is null ? 0 : Array.FindIndex(lines, l => l.Contains(after, StringComparison.Ordinal));
            return Array.FindIndex(lines, from, l => l.Contains(text, StringComparison.Ordinal)) + 1;
        }
        Finding About(string name, string rule) =>
            findings.FirstOrDefault(f => f.Object?.Name == name && f.Rule == rule) ?? throw new Xunit.Sdk.XunitException($"no {rule} for {name} in:\n{describe}");

        // Admission accepts the Deployment with a warning; the namespace enforces that policy, so its Pods would be refused.
        About("privileged-web", LiveRules.Rejected).Message.ShouldContain("would violate PodSecurity \"restricted:latest\"", customMessage: describe);
        // At the field the warning names (container "web" must not set securityContext.privileged=true), as the source writes it.
        About("privileged-web", LiveRules.Rejected).Location!.Line.ShouldBe(Line("privileged: true", after: "- name: web"), describe);
        // Only enforce set: warn defaults to the enforced policy, so the warning is the one verdict (no second one from a Pod dry run).
        findings.Where(f => f.Object?.Name == "privileged-once").ShouldHaveSingleItem(describe).Message.ShouldContain("the API server warned: would violate PodSecurity \"restricted:latest\"");
        // Enforced but warned only at privileged: no warning on the Deployment; a Pod from its template is refused on its dry run.
        var quietContainer = Line("privileged: true", after: "- name: quiet");
        findings.ShouldContain(f => f.Object!.Name == "privileged-quiet" && f.Rule == LiveRules.Rejected && f.Location!.Line == quietContainer
            && f.Message.Contains("a server dry run of a Pod from the template was refused", StringComparison.Ordinal)
            && f.Message.Contains("violates PodSecurity \"restricted:latest\"", StringComparison.Ordinal), describe);
        findings.ShouldNotContain(f => f.Object!.Name == "privileged-quiet" && f.Rule == LiveRules.Warning, describe);
        About("zero-port", LiveRules.Rejected).Location.ShouldBe(new SourceLocation(File, Line("- port: 0"), 7), describe);
        findings.ShouldContain(f => f.Object!.Name == "typed-wrong" && f.Rule == LiveRules.Rejected && f.Path == "spec.refreshInterval", describe);
        About("no-crd", LiveRules.Rejected).Location!.Line.ShouldBe(Line("apiVersion: example.com/v1"), describe);
        findings.ShouldNotContain(f => f.Object!.Name == "fine" || f.Object!.Name == "live-test-restricted" || f.Object!.Name == "live-test-enforce-only" || f.Object!.Name == "live-test-unwarned", describe);
    }
}
