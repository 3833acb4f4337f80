using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.AnyRepository;
using Acolhimento.Validation.Tests.Render.Charts;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Render.Jsonnet;

/// <summary>
/// Jsonnet directory sources evaluated as Argo CD evaluates them, with the pinned interpreter (built once into the tool
/// cache from the pinned npm package): top-level arguments, external variables, libraries; imports that would leave the
/// repository are refused before anything runs. One class, so the first test builds the interpreter and the rest reuse it.
/// </summary>
[Trait("Category", "Gate")]
public sealed class JsonnetSourceTests
{
    private static string App(string jsonnet) => $"""
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata:
          name: web
          namespace: argocd
        spec:
          project: default
          destination:
            server: https://kubernetes.default.svc
            namespace: web
          source:
            repoURL: {SmallRepository.Url}
            targetRevision: HEAD
            path: jsonnet/web
            directory:
              jsonnet:
        {jsonnet}
        """;

    private const string Options = """
                tlas:
                  - name: replicas
                    value: "3"
                    code: true
                  - name: app
                    value: $ARGOCD_APP_NAME
                extVars:
                  - name: env
                    value: production
                libs:
                  - vendor
        """;

    private static ChartRepositoryFixture Repository(string main, string options = Options)
    {
        var fixture = new ChartRepositoryFixture();
        fixture.Repository
            .Write("apps/web.yaml", App(options))
            .Write("jsonnet/web/main.jsonnet", main)
            .Write("jsonnet/web/parts.libsonnet", "{ labels(app):: { app: app } }\n")
            .Write("vendor/k.libsonnet", "{ configMap(name, data):: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: name }, data: data } }\n");
        return fixture;
    }

    private const string Main = """
        local k = import 'k.libsonnet';
        local parts = import 'parts.libsonnet';
        function(replicas, app) [
          k.configMap(app + '-' + std.extVar('env'), { replicas: std.toString(replicas) }),
          {
            apiVersion: 'apps/v1', kind: 'Deployment',
            metadata: { name: app, labels: parts.labels(app) },
            spec: {
              replicas: replicas,
              selector: { matchLabels: parts.labels(app) },
              template: { metadata: { labels: parts.labels(app) }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
            },
          },
        ]
        """;

    [Fact]
    public async Task A_jsonnet_app_renders_with_its_tlas_ext_vars_and_libs()
    {
        using var fixture = Repository(Main);

        var render = await fixture.RenderAsync();

        render.Findings.Where(f => f.Severity == Severity.Error).ShouldBeEmpty(render.Findings.Describe());
        render.Object("ConfigMap", "web-production").Body.Mapping("data")!.String("replicas").ShouldBe("3");
        var deployment = render.Object("Deployment", "web");
        deployment.Body.Mapping("spec")!.String("replicas").ShouldBe("3");
        deployment.Location.File.ShouldBe("jsonnet/web/main.jsonnet");
        deployment.Application.ShouldBe("web");
    }

    [Theory]
    [InlineData("import '/etc/hostname'", "absolute path")]
    [InlineData("importstr '../../../../etc/hostname'", "leaves the repository")]
    [InlineData("import 'nowhere.libsonnet'", "found in no folder")]
    public async Task An_import_that_would_read_outside_the_repository_is_refused_at_its_line(string import, string reason)
    {
        using var fixture = Repository($"{{\n  a: {import},\n}}\n");

        var render = await fixture.RenderAsync();

        var finding = render.Findings.ShouldHaveSingle(RenderRules.InputRefused);
        $"{finding.Location!.File}:{finding.Location.Line}".ShouldBe("jsonnet/web/main.jsonnet:2");
        finding.Message.ShouldContain(reason);
        render.FailedClusters.Keys.ShouldContain("one");
    }

    [Fact]
    public async Task An_evaluation_error_is_a_finding_at_the_line_jsonnet_names()
    {
        using var fixture = Repository("function(replicas, app)\n  error 'no ' + app\n");

        var render = await fixture.RenderAsync();

        var finding = render.Findings.ShouldHaveSingle(RenderRules.RenderFailed);
        finding.Location!.File.ShouldBe("jsonnet/web/main.jsonnet");
        finding.Message.ShouldContain("no web");
    }

    [Fact]
    public async Task A_result_that_is_no_object_fails_the_source_as_in_Argo_CD()
    {
        using var fixture = Repository("function(replicas, app) [1, 2]\n");

        var render = await fixture.RenderAsync();

        render.Findings.ShouldHaveSingle(RenderRules.RenderFailed).Message.ShouldContain("cannot read as objects");
    }
}
