using Acolhimento.Validation.Render;
using Acolhimento.Validation.Render.Generators;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.AnyRepository;

/// <summary>
/// Issue 16 §6: ApplicationSet generators rendered offline, each on a small repository written for it — which
/// Applications come out, and exactly which findings.
/// </summary>
[Trait("Category", "Unit")]
public sealed class GeneratorTests
{
    private const string Url = SmallRepository.Url;

    /// <summary>An ApplicationSet in apps/ (which the root Application renders) with the given generators, template options and template name/path.</summary>
    private static string ApplicationSet(string generators, string name, string path, string options = "", string extra = "", string destination = "services") => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: ApplicationSet
        metadata:
          name: services
          namespace: argocd
        spec:
        {{options}}
          generators:
        {{generators}}
          template:
            metadata:
              name: '{{name}}'
            spec:
              project: default
              source:
                repoURL: {{Url}}
                targetRevision: HEAD
                path: '{{path}}'
              destination:
                server: https://kubernetes.default.svc
                namespace: '{{destination}}'
        {{extra}}
        """;

    private static SmallRepository WithServices(string extraSpec = "", params string[] services)
    {
        var repository = new SmallRepository(extraSpec);
        foreach (var service in services) repository.Write($"services/{service}/deployment.yaml", SmallRepository.Deployment(service));
        return repository;
    }

    private static async Task<(IReadOnlyList<string> Applications, string Findings, IReadOnlyList<Findings.Finding> All)> Render(SmallRepository repository)
    {
        var result = await repository.RenderAsync();
        var applications = result.Clusters.Single().Applications.Select(a => a.Name).Where(n => n is not ("bootstrap" or "root")).ToList();
        return (applications, result.Findings.Lines(), result.Findings);
    }

    [Fact]
    public async Task Git_directories_from_the_working_tree_with_exclusions()
    {
        using var repository = WithServices("", "api", "web", "legacy").Write("apps/appset.yaml", ApplicationSet("""
                - git:
                    repoURL: https://github.com/example/small-apps
                    revision: HEAD
                    directories:
                      - path: services/*
                      - path: services/legacy
                        exclude: true
            """, "{{path.basename}}", "{{path}}"));
        var (applications, findings, all) = await Render(repository);
        applications.ShouldBe(["api", "web"]);
        findings.ShouldBe("", all.Describe());
    }

    [Fact]
    public async Task Git_files_yield_a_set_per_file_and_per_list_item_in_go_template_mode()
    {
        using var repository = WithServices("", "api", "web")
            .Write("config/api/config.json", """{"service": "api", "team": {"name": "core"}}""")
            .Write("config/web/config.yaml", "- service: web\n  team: {name: edge}\n")
            .Write("apps/appset.yaml", ApplicationSet("""
                - git:
                    repoURL: https://github.com/example/small-apps.git
                    revision: HEAD
                    files:
                      - path: config/**/config.*
            """, "{{ .team.name }}-{{ .service }}-{{ .path.basename }}", "services/{{ .service }}", options: """
              goTemplate: true
              goTemplateOptions: ["missingkey=error"]
            """));
        var (applications, findings, all) = await Render(repository);
        applications.ShouldBe(["core-api-api", "edge-web-web"]);
        findings.ShouldBe("", all.Describe());
    }

    [Fact]
    public async Task Git_generator_of_another_repository_cannot_render_offline()
    {
        using var repository = WithServices("", "api").Write("apps/appset.yaml", ApplicationSet("""
                - git:
                    repoURL: https://github.com/someone-else/apps.git
                    revision: HEAD
                    directories:
                      - path: '*'
            """, "{{path.basename}}", "{{path}}"));
        var (applications, findings, all) = await Render(repository);
        applications.ShouldBeEmpty();
        findings.ShouldBe("apps/appset.yaml:10: error render/cannot-render-offline", all.Describe());
        all.ShouldHaveSingle(RenderRules.CannotRenderOffline).Message.ShouldContain("https://github.com/someone-else/apps.git, which is not this repository");
    }

    [Fact]
    public async Task Cluster_generator_reads_the_inventory_plus_in_cluster_and_honours_selectors()
    {
        using var repository = WithServices("", "api");
        const string inventory = "      argoCdClusters:\n"
            + "        - {name: edge-1, server: https://edge-1.example.com, labels: {tier: edge}}\n"
            + "        - {name: Core_2, server: https://core-2.example.com, labels: {tier: core}}\n";
        var configuration = Path.Combine(repository.Root, "validation.yaml");
        File.WriteAllText(configuration, File.ReadAllText(configuration).Replace("      kubernetesVersion: \"1.35\"\n", "      kubernetesVersion: \"1.35\"\n" + inventory, StringComparison.Ordinal));
        repository.Write("apps/appset.yaml", ApplicationSet("""
                - clusters:
                    values: {suffix: ""}
                - clusters:
                    selector:
                      matchLabels:
                        tier: edge
                    values:
                      suffix: '-{{metadata.labels.tier}}'
            """, "api-{{nameNormalized}}{{values.suffix}}", "services/api", destination: "{{nameNormalized}}{{values.suffix}}"));
        var (applications, findings, all) = await Render(repository);
        applications.ShouldBe(["api-core-2", "api-edge-1", "api-edge-1-edge", "api-in-cluster"]);
        findings.ShouldBe("", all.Describe());
    }

    /// <summary>Issue 22 §1: a generator that generates no Application is said at the generator, never silent.</summary>
    [Fact]
    public async Task A_generator_that_generates_nothing_is_a_finding_at_the_generator()
    {
        using var repository = WithServices("", "api");
        const string inventory = "      argoCdClusters:\n"
            + "        - {name: edge-1, server: https://edge-1.example.com, labels: {tier: edge}}\n";
        var configuration = Path.Combine(repository.Root, "validation.yaml");
        File.WriteAllText(configuration, File.ReadAllText(configuration).Replace("      kubernetesVersion: \"1.35\"\n", "      kubernetesVersion: \"1.35\"\n" + inventory, StringComparison.Ordinal));
        repository.Write("apps/appset.yaml", ApplicationSet("""
                - clusters:
                    selector:
                      matchLabels:
                        tier: core
                - matrix:
                    generators:
                      - clusters:
                          selector:
                            matchExpressions:
                              - {key: tier, operator: In, values: [gpu]}
                      - list:
                          elements:
                            - env: dev
                - list:
                    elements: []
                - list:
                    elements:
                      - name: other
                  selector:
                    matchLabels:
                      name: api
                - git:
                    repoURL: https://github.com/example/small-apps.git
                    revision: HEAD
                    directories:
                      - path: 'nowhere/*'
                - list:
                    elements:
                      - name: kept
            """, "api-{{name}}", "services/api"));

        var (applications, _, all) = await Render(repository);

        applications.ShouldBe(["api-kept"]);
        var said = all.Where(f => f.Rule == RenderRules.GeneratorYieldsNothing).Select(f => $"{f.Location?.Line} {f.Severity} {f.Message[(f.Message.IndexOf(": ", StringComparison.Ordinal) + 2)..]}").ToList();
        said.ShouldBe([
            "9 Warning the clusters generator generates no Application: its selector matched none of the clusters Argo CD knows on cluster one (in-cluster and the argoCdClusters validation.yaml declares for it)",
            "15 Warning the clusters generator generates no Application: its selector matched none of the clusters Argo CD knows on cluster one (in-cluster and the argoCdClusters validation.yaml declares for it)",
            "22 Info the list generator generates no Application: its list has no elements",
            "24 Warning the list generator generates no Application: its selector matched none of the 1 parameter set(s) it yields",
            "30 Warning the git generator generates no Application: its directories or files match nothing in this repository",
        ], all.Describe());
        all.Where(f => f.Rule != RenderRules.GeneratorYieldsNothing).ShouldBeEmpty(all.Describe());
    }

    [Fact]
    public async Task Matrix_second_child_uses_the_first_childs_parameters()
    {
        using var repository = WithServices("", "api", "web")
            .Write("envs/dev/api/deployment.yaml", SmallRepository.Deployment("api"))
            .Write("envs/staging/web/deployment.yaml", SmallRepository.Deployment("web"))
            .Write("apps/appset.yaml", ApplicationSet("""
                - matrix:
                    generators:
                      - list:
                          elements:
                            - env: dev
                            - env: staging
                      - git:
                          repoURL: https://github.com/example/small-apps.git
                          revision: HEAD
                          directories:
                            - path: 'envs/{{env}}/*'
            """, "{{path.basename}}-{{env}}", "{{path}}"));
        var (applications, findings, all) = await Render(repository);
        applications.ShouldBe(["api-dev", "web-staging"]);
        findings.ShouldBe("", all.Describe());
    }

    [Fact]
    public async Task Merge_overrides_base_sets_by_merge_keys()
    {
        using var repository = WithServices("", "api", "web").Write("apps/appset.yaml", ApplicationSet("""
                - merge:
                    mergeKeys: [service]
                    generators:
                      - list:
                          elements:
                            - {service: api, stage: base}
                            - {service: web, stage: base}
                      - list:
                          elements:
                            - {service: web, stage: override}
                            - {service: other, stage: dropped}
            """, "{{service}}-{{stage}}", "services/{{service}}"));
        var (applications, findings, all) = await Render(repository);
        applications.ShouldBe(["api-base", "web-override"]);
        findings.ShouldBe("", all.Describe());
    }

    [Fact]
    public async Task Go_templates_with_missingkey_error_and_sprig_functions()
    {
        using var repository = WithServices("", "api", "web").Write("apps/appset.yaml", ApplicationSet("""
                - list:
                    elements:
                      - {service: api, owner: Team-Core}
                      - {service: web}
            """, "{{ printf \"%s-%s\" .service (.owner | lower | trunc 4) }}", "services/{{ .service | trim }}", options: """
              goTemplate: true
              goTemplateOptions: ["missingkey=error"]
            """));
        var (applications, findings, all) = await Render(repository);
        applications.ShouldBe(["api-team"]);
        // The element without "owner" is refused at the element, as Argo CD refuses it; its Application is not generated.
        findings.ShouldBe("apps/appset.yaml:13: error render/template-error", all.Describe());
        all.Single().Message.ShouldContain("map has no entry for key \"owner\"");
    }

    [Theory]
    [InlineData("{{ .service | semver }}", "function \"semver\" (Sprig, allowed by Argo CD) is not implemented by this gate")]
    [InlineData("{{ env \"HOME\" }}", "function \"env\" is not allowed by Argo CD")]
    [InlineData("{{ .service | nosuch }}", "function \"nosuch\" not defined")]
    [InlineData("{{ .service ", "unclosed action")]
    public async Task A_function_the_gate_cannot_run_is_an_error_naming_it_never_an_empty_string(string name, string message)
    {
        using var repository = WithServices("", "api").Write("apps/appset.yaml", ApplicationSet("""
                - list:
                    elements:
                      - {service: api}
            """, name, "services/api", options: "  goTemplate: true\n"));
        var (_, _, all) = await Render(repository);
        all.ShouldHaveSingle(RenderRules.TemplateError).Message.ShouldContain(message);
    }

    [Fact]
    public async Task Go_template_without_missingkey_error_reports_no_value()
    {
        using var repository = WithServices("", "api").Write("apps/appset.yaml", ApplicationSet("""
                - list:
                    elements:
                      - {service: api}
            """, "{{ .service }}-{{ .owner }}", "services/api", options: "  goTemplate: true\n"));
        var (_, findings, all) = await Render(repository);
        findings.ShouldBe("apps/appset.yaml:15: error render/template-error", all.Describe());
        all.Single().Message.ShouldContain("<no value>");
    }

    [Fact]
    public async Task Template_patch_is_rendered_and_merged()
    {
        using var repository = WithServices("", "api", "web").Write("apps/appset.yaml", ApplicationSet("""
                - list:
                    elements:
                      - {service: api, automated: true}
                      - {service: web, automated: false}
            """, "{{ .service }}", "services/{{ .service }}", options: "  goTemplate: true\n  goTemplateOptions: [\"missingkey=error\"]\n", extra: """
              templatePatch: |
                {{- if .automated }}
                spec:
                  syncPolicy:
                    automated:
                      prune: true
                {{- end }}
            """));
        var result = await repository.RenderAsync();
        result.Findings.ShouldBeEmpty(result.Findings.Describe());
        var applications = result.Clusters.Single().Applications.Where(a => a.Name is "api" or "web").ToDictionary(a => a.Name, a => a.Definition!);
        applications["api"].Spec!.Mapping("syncPolicy")!.Mapping("automated")!.Boolean("prune").ShouldBe(true);
        applications["web"].Spec!.Mapping("syncPolicy").ShouldBeNull();
        applications["api"].Spec!.Mapping("source")!.String("path").ShouldBe("services/api");
    }

    [Fact]
    public async Task Duplicate_generated_names_are_an_error()
    {
        using var repository = WithServices("", "api").Write("apps/appset.yaml", ApplicationSet("""
                - list:
                    elements:
                      - {service: api, region: eu}
                      - {service: api, region: us}
            """, "{{service}}", "services/{{service}}"));
        var (applications, findings, all) = await Render(repository);
        applications.ShouldBe(["api"]);
        findings.ShouldBe("apps/appset.yaml:15: error render/duplicate-generated-application", all.Describe());
    }

    [Theory]
    [InlineData("pullRequest", "github: {owner: example, repo: small-apps}")]
    [InlineData("scmProvider", "github: {organization: example}")]
    [InlineData("plugin", "configMapRef: {name: my-plugin}")]
    [InlineData("clusterDecisionResource", "configMapRef: ocm-placement")]
    public async Task Service_backed_generators_cannot_render_offline_without_recorded_parameters(string generator, string body)
    {
        using var repository = WithServices("", "api").Write("apps/appset.yaml", ApplicationSet($"""
                - {generator}:
                    {body}
            """, "{{number}}", "services/api"));
        var (applications, findings, all) = await Render(repository);
        applications.ShouldBeEmpty();
        findings.ShouldBe("apps/appset.yaml:9: error render/cannot-render-offline", all.Describe());
        all.Single().Message.ShouldContain($"generator: {generator}");
    }

    [Fact]
    public async Task Recorded_parameters_render_a_pull_request_generator()
    {
        using var repository = WithServices("""
              recordedParameters:
                - applicationSet: services
                  generator: pullRequest
                  parameters:
                    - {number: "12", service: api}
                    - {number: "15", service: web}
            """, "api", "web").Write("apps/appset.yaml", ApplicationSet("""
                - pullRequest:
                    github: {owner: example, repo: small-apps}
            """, "preview-{{number}}", "services/{{service}}"));
        var (applications, findings, all) = await Render(repository);
        applications.ShouldBe(["preview-12", "preview-15"]);
        findings.ShouldBe("", all.Describe());
    }

    [Fact]
    public void Go_template_engine_covers_what_templates_use()
    {
        var data = (IReadOnlyDictionary<string, object?>)ParameterValues.FromYaml("name: Web_App\nreplicas: 3\nlabels: {tier: edge}\nlist: [a, b]\nflag: false\n")!;
        string Run(string text) => GoTemplate.Render(text, data, missingKeyIsError: true);
        Run("{{ .name | lower }}").ShouldBe("web_app");
        Run("{{ normalize .name }}").ShouldBe("web-app");
        Run("{{ .name | kebabcase }}").ShouldBe("web-app");
        Run("{{ if eq .replicas 3 }}three{{ else }}other{{ end }}").ShouldBe("three");
        Run("{{ if .flag }}yes{{ else if .replicas }}replicas{{ end }}").ShouldBe("replicas");
        Run("{{ range .list }}[{{ . }}]{{ end }}").ShouldBe("[a][b]");
        Run("{{ with .labels }}{{ .tier }}{{ end }}").ShouldBe("edge");
        Run("{{ index .labels \"tier\" }}-{{ index .list 1 }}").ShouldBe("edge-b");
        Run("{{ .labels | toJson }}").ShouldBe("{\"tier\":\"edge\"}");
        Run("{{ default \"x\" .flag }}-{{ .name | trunc 3 | upper | quote }}").ShouldBe("x-\"WEB\"");
        Run("a  {{- \" b \" -}}  c").ShouldBe("a b c");
        Run("{{ $n := .name }}{{ $n | replace \"_\" \".\" }}").ShouldBe("Web.App");
        Run("{{ .replicas | add 2 }}-{{ sha256sum \"x\" | trunc 8 }}").ShouldBe("5-2d711642");
        Should.Throw<TemplateException>(() => Run("{{ .missing }}")).Message.ShouldContain("map has no entry for key \"missing\"");
        Should.Throw<TemplateException>(() => Run("{{ if .name }}open")).Message.ShouldContain("has no {{end}}");
        GoTemplate.Render("{{ .missing }}", data, missingKeyIsError: false).ShouldBe("<no value>");
    }
}
