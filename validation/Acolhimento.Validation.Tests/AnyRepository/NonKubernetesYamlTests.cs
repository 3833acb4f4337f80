using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.AnyRepository;

/// <summary>
/// Issue 16 §5: only files a render reads or that declare apiVersion and kind are judged as Kubernetes objects; other
/// YAML gets the syntax checks only; a Flux tree gets one finding and its folders are not dead configuration.
/// </summary>
[Trait("Category", "Unit")]
public sealed class NonKubernetesYamlTests
{
    private const string ToolConfigurations = """
        # what a Go project keeps beside its manifests
        run:
          timeout: 5m
        linters:
          enable: [govet, errcheck]
        """;

    [Fact]
    public async Task Tool_configuration_yaml_gets_no_finding_and_its_syntax_is_still_checked()
    {
        using var repository = new SmallRepository()
            .Write("apps/web.yaml", SmallRepository.Deployment("web"))
            .Write(".golangci.yml", ToolConfigurations)
            .Write("codecov.yml", "coverage:\n  status:\n    project: off\n")
            .Write("docs/mkdocs.yml", "site_name: Small apps\nnav:\n  - Home: index.md\n")
            // A tool's format with an apiVersion and kind of its own but no metadata is no Kubernetes object (issue 22 §3).
            .Write("hack/kind-cluster.yaml", "apiVersion: kind.x-k8s.io/v1alpha4\nkind: Cluster\nnodes:\n  - role: control-plane\n")
            // With metadata it declares itself an object and is judged as one.
            .Write("hack/nameless.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n")
            .Write("docs/broken.yaml", "site_name: a\nsite_name: b\n");
        var findings = await repository.ValidateAsync();
        findings.Lines().ShouldBe(
            "docs/broken.yaml:2: error parse/duplicate-key\n"
            + "hack/nameless.yaml:3: error parse/missing-field", findings.Describe());
    }

    [Fact]
    public async Task Yaml_a_render_reads_is_judged_as_objects_as_argo_cd_reads_it()
    {
        using var repository = new SmallRepository()
            .Write("apps/web.yaml", SmallRepository.Deployment("web"))
            .Write("apps/notes.yaml", "owner: team-a\n") // no document decodes and no apiVersion:, kind:, metadata: — Argo CD ignores the file
            .Write("apps/half.yaml", "kind: ConfigMap\ndata: {}\n") // a document with a kind is applied by Argo CD, and fails
            .Write("clusters/one/settings.yaml", "region: eu\n"); // applied by hand with kubectl, which refuses it
        var findings = await repository.ValidateAsync();
        findings.Lines().ShouldBe(
            "apps/half.yaml:1: error render/not-an-object\n"
            + "apps/half.yaml:1: info policy/checks-skipped\n" // the cluster's object set is incomplete (issue 10 §3)
            + "clusters/one/settings.yaml:1: error render/not-an-object", findings.Describe());
    }

    [Fact]
    public void Parse_stage_classifies_by_apiVersion_and_kind_and_keeps_kustomize_resources_as_objects()
    {
        using var repository = new TempRepository()
            .Write("codecov.yml", "coverage: {}\n")
            .Write("mixed.yaml", "a: 1\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n")
            .Write("base/kustomization.yaml", "resources:\n  - listed.yaml\n")
            .Write("base/listed.yaml", "owner: team-a\n");
        var parsed = Validation.Pipeline.RepositoryInput.Read(repository.Root).Parsed;
        FileKind KindOf(string path) => parsed.Repository.Find(path)!.File.Kind;
        KindOf("codecov.yml").ShouldBe(FileKind.OtherYaml);
        KindOf("mixed.yaml").ShouldBe(FileKind.Manifest);
        KindOf("base/listed.yaml").ShouldBe(FileKind.Manifest);
        parsed.Findings.Lines().ShouldBe(
            "base/listed.yaml:1: error parse/missing-field\n"
            + "base/listed.yaml:1: error parse/missing-field\n"
            + "base/listed.yaml:1: error parse/missing-field\n"
            + "mixed.yaml:1: error parse/missing-field\n"
            + "mixed.yaml:1: error parse/missing-field\n"
            + "mixed.yaml:1: error parse/missing-field", parsed.Findings.Describe());
    }

    [Fact]
    public async Task Flux_tree_gets_one_finding_and_its_folders_are_not_dead_configuration()
    {
        using var repository = new SmallRepository()
            .Write("apps/web.yaml", SmallRepository.Deployment("web"))
            .Write("flux/clusters/production/apps.yaml", """
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata:
                  name: apps
                  namespace: flux-system
                spec:
                  interval: 10m
                  path: ./flux/apps/production
                  prune: true
                  sourceRef:
                    kind: GitRepository
                    name: flux-system
                ---
                apiVersion: source.toolkit.fluxcd.io/v1
                kind: GitRepository
                metadata:
                  name: flux-system
                  namespace: flux-system
                spec:
                  interval: 1m
                  url: https://github.com/example/small-apps
                  ref:
                    branch: main
                """)
            .Write("flux/apps/production/kustomization.yaml", "resources:\n  - ../base/podinfo\n")
            .Write("flux/apps/base/podinfo/kustomization.yaml", "resources:\n  - release.yaml\n  - repository.yaml\n")
            .Write("flux/apps/base/podinfo/release.yaml", """
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata:
                  name: podinfo
                spec:
                  interval: 5m
                  chart:
                    spec:
                      chart: podinfo
                      sourceRef:
                        kind: HelmRepository
                        name: podinfo
                """)
            .Write("flux/apps/base/podinfo/repository.yaml", """
                apiVersion: source.toolkit.fluxcd.io/v1
                kind: HelmRepository
                metadata:
                  name: podinfo
                spec:
                  url: https://stefanprodan.github.io/podinfo
                """)
            .Write("unused/kustomization.yaml", "resources:\n  - ../apps/web.yaml\n");
        var findings = await repository.ValidateAsync();
        findings.Lines().ShouldBe(
            "flux/apps/base/podinfo/release.yaml:1: error render/flux-not-rendered\n"
            + "unused/kustomization.yaml:1: warning render/dead-configuration", findings.Describe());
        var flux = findings.ShouldHaveSingle(RenderRules.FluxNotRendered);
        flux.Message.ShouldStartWith("not checked: Flux repositories are not rendered by this gate: 1 GitRepository, 1 HelmRelease, 1 HelmRepository, 1 Kustomization in flux/apps/base/podinfo/, flux/clusters/production/");
    }
}
