using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Pipeline;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Reporting;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Gate;

/// <summary>
/// Issue 21, "Helm as Argo CD runs it" and "Nondeterminism", tried through the whole gate on a small repository: one
/// cluster, one Application, one chart. Objects a chart hides behind <c>.Capabilities</c> are rendered as Argo CD renders
/// them for the cluster, so a defect planted in one fails the gate at its template line; a chart whose output changes
/// between renders fails at the line that makes it change, with the same report on every run.
/// </summary>
[Trait("Category", "Gate")]
public sealed class HelmCapabilitiesGateTests
{
    private const string Application = """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata:
          name: caps
          namespace: argocd
        spec:
          project: default
          destination:
            server: https://kubernetes.default.svc
            namespace: monitoring
          source:
            repoURL: https://github.com/central-acolhimento/gitops.git
            targetRevision: main
            path: charts/caps
        """;

    private const string ServiceMonitor = """
        {{- if .Capabilities.APIVersions.Has "monitoring.coreos.com/v1" }}
        apiVersion: monitoring.coreos.com/v1
        kind: ServiceMonitor
        metadata:
          name: web
        spec:
          selector:
            matchLabels:
              app: web
          endpointz:
            - port: http
        {{- end }}
        """;

    private const string PatchGated = """
        {{- if semverCompare ">=1.35.1-0" .Capabilities.KubeVersion.Version }}
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: patched
        data:
          planted: 5
        {{- end }}
        """;

    private const string Random = """
        apiVersion: v1
        kind: Secret
        metadata:
          name: generated
        stringData:
          token: {{ randAlphaNum 32 | quote }}
          kept: {{ .Values.password | default (randAlphaNum 16) | quote }}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: stamp-{{ now | date "20060102" }}
        data:
          greeting: hi
        """;

    private static TempRepository Chart(string kubernetesVersion, params (string Path, string Text)[] templates)
    {
        var configuration = File.ReadAllText(RepositoryLocator.Fixture("Render", "repo", "validation.yaml"));
        configuration.ShouldContain("kubernetesVersion: \"1.35\"");
        var repo = new TempRepository()
            .Write("validation.yaml", configuration.Replace("kubernetesVersion: \"1.35\"", $"kubernetesVersion: \"{kubernetesVersion}\"", StringComparison.Ordinal))
            .Write("clusters/one/caps.yaml", Application)
            .Write("charts/caps/Chart.yaml", "apiVersion: v2\nname: caps\nversion: 0.1.0\n")
            .Write("charts/caps/values.yaml", "password: set-in-values\n");
        foreach (var (path, text) in templates) repo.Write($"charts/caps/templates/{path}", text);
        return repo;
    }

    private static async Task<(ValidationReport Report, int ExitCode)> ValidateAsync(TempRepository repo)
    {
        var schemas = Environment.GetEnvironmentVariable(SchemaLocator.EnvironmentVariable);
        VisibleSkip.When(string.IsNullOrWhiteSpace(schemas), $"{SchemaLocator.EnvironmentVariable} is not set: the gate needs schema data (README: what the commands need)");
        using var cache = new TempRepository();
        var report = await TestPipeline.Create(cache.Root).RunAsync(new ValidationRequest(repo.Root, [], []), TestContext.Current.CancellationToken);
        return (report, ReportContext.Minimal().ExitCode(report));
    }

    private static int LineOf(TempRepository repo, string file, string text) => FixtureText.LineOf(Path.Combine(repo.Root, file), text);

    [Fact]
    public async Task An_object_behind_an_API_version_the_cluster_serves_is_rendered_and_its_defect_fails_the_gate_at_its_line()
    {
        using var repo = Chart("1.35", ("monitor.yaml", ServiceMonitor));
        var (report, exitCode) = await ValidateAsync(repo);

        exitCode.ShouldBe(1);
        var typo = report.Findings.Where(f => f.Rule == "schema/unknown-field").ShouldHaveSingleItem(report.Findings.Describe());
        typo.Location.ShouldBe(new SourceLocation("charts/caps/templates/monitor.yaml", LineOf(repo, "charts/caps/templates/monitor.yaml", "endpointz:"), 3));
    }

    [Fact]
    public async Task An_API_version_the_cluster_does_not_serve_keeps_the_object_out_as_Argo_CD_does()
    {
        using var repo = Chart("1.35", ("monitor.yaml", ServiceMonitor.Replace("monitoring.coreos.com/v1", "nothing.example.com/v1", StringComparison.Ordinal)));
        using var cache = new TempRepository();
        var (_, render) = await TestPipeline.RenderAsync(repo.Root, cache.Root);
        render.Clusters.ShouldHaveSingleItem().Objects.ShouldNotContain(o => o.Kind == "ServiceMonitor");
    }

    [Fact]
    public async Task A_patch_version_gate_on_an_unpinned_cluster_renders_the_hidden_object_and_asks_for_the_full_version()
    {
        using var repo = Chart("1.35", ("patch.yaml", PatchGated));
        var (report, exitCode) = await ValidateAsync(repo);

        exitCode.ShouldBe(1);
        var unpinned = report.Findings.Where(f => f.Rule == RenderRules.UnpinnedKubePatch).ShouldHaveSingleItem(report.Findings.Describe());
        unpinned.Location.ShouldBe(new SourceLocation("charts/caps/templates/patch.yaml", 1, 1));
        unpinned.Message.ShouldContain("ConfigMap patched (v1) is rendered with Kubernetes 1.35.999 but not with 1.35.0");
        var planted = report.Findings.Where(f => f.Rule == "schema/type-mismatch").ShouldHaveSingleItem(report.Findings.Describe());
        planted.Location!.Line.ShouldBe(LineOf(repo, "charts/caps/templates/patch.yaml", "planted: 5"));
    }

    [Theory]
    [InlineData("1.35.3", true)]
    [InlineData("v1.35.1", true)]
    [InlineData("1.35.0", false)]
    public async Task A_pinned_patch_is_what_Helm_sees(string version, bool rendered)
    {
        using var repo = Chart(version, ("patch.yaml", PatchGated));
        using var cache = new TempRepository();
        var (_, render) = await TestPipeline.RenderAsync(repo.Root, cache.Root);
        render.Findings.ShouldNotContain(f => f.Rule == RenderRules.UnpinnedKubePatch);
        render.Clusters.ShouldHaveSingleItem().Objects.Any(o => o.Name == "patched").ShouldBe(rendered);
    }

    [Fact]
    public async Task A_chart_that_renders_differently_each_time_fails_at_its_lines_with_the_same_report_every_run()
    {
        using var repo = Chart("1.35", ("random.yaml", Random));
        var (first, exitCode) = await ValidateAsync(repo);
        var (second, _) = await ValidateAsync(repo);

        exitCode.ShouldBe(1);
        string Lines(ValidationReport r) => string.Join("\n", r.Findings.Select(f => $"{f.Location}: {f.Rule}: {f.Message}"));
        Lines(second).ShouldBe(Lines(first));
        var file = "charts/caps/templates/random.yaml";
        var nondeterministic = first.Findings.Where(f => f.Rule == RenderRules.Nondeterministic).ToList();
        nondeterministic.Select(f => f.Location!.Line).ShouldBe([LineOf(repo, file, "token:"), LineOf(repo, file, "name: stamp-")], first.Findings.Describe());
        nondeterministic[0].Message.ShouldContain("Secret generated (v1) differs between two renders of the same input at stringData.token (the template calls randAlphaNum)");
        nondeterministic[1].Message.ShouldContain("the template calls now and date on a line that writes an object's identity");
    }

    [Fact]
    public async Task A_DNS_lookup_in_a_template_is_refused_before_Helm_runs()
    {
        using var repo = Chart("1.35", ("dns.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dns\ndata:\n  ip: {{ getHostByName \"example.com\" | quote }}\n"));
        using var cache = new TempRepository();
        var runner = new RecordingProcessRunner();
        var (_, render) = await TestPipeline.RenderAsync(repo.Root, cache.Root, runner: runner);
        var refused = render.Findings.Where(f => f.Rule == RenderRules.HelmNetworkRefused).ShouldHaveSingleItem(render.Findings.Describe());
        refused.Location.ShouldBe(new SourceLocation("charts/caps/templates/dns.yaml", 6, 1));
        runner.Started.ShouldNotContain(s => s.Arguments.Count > 0 && s.Arguments[0] == "template");
    }
}
