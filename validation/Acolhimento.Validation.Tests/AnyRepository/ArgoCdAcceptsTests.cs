using Acolhimento.Validation.Configuration;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.AnyRepository;

/// <summary>
/// Issue 22 §2-3 on small repositories: what Argo CD accepts is not an error (a tracked branch in the kubernetes profile,
/// a <c>$values</c> file beside the Applications, other tools' configuration, folders Flux reads through an
/// ArtifactGenerator), and <c>init</c> proposes the destinations and the repository URL an app-of-apps chart's values hold.
/// </summary>
[Trait("Category", "Gate")]
public sealed class ArgoCdAcceptsTests
{
    private static string External(string revision) => SmallRepository.Application("upstream", "deploy")
        .Replace(SmallRepository.Url, "https://github.com/example/upstream.git", StringComparison.Ordinal)
        .Replace("targetRevision: HEAD", $"targetRevision: {revision}", StringComparison.Ordinal);

    [Fact]
    public async Task A_tracked_branch_of_an_external_source_is_a_warning_in_the_kubernetes_profile_and_an_error_in_the_organisation_profile()
    {
        using var repository = new SmallRepository()
            .Write("apps/web.yaml", SmallRepository.Deployment("web"))
            .Write("clusters/one/upstream.yaml", External("main"));
        var findings = await repository.ValidateAsync(Stages.Render);
        findings.Where(f => f.Rule == RenderRules.Unpinned).Lines().ShouldBe("clusters/one/upstream.yaml:13: warning render/unpinned-external-source", customMessage: findings.Describe());

        repository.Write("policy/config.yaml", "profile: organisation\n");
        findings = await repository.ValidateAsync(Stages.Render);
        findings.Where(f => f.Rule == RenderRules.Unpinned).Lines().ShouldBe("clusters/one/upstream.yaml:13: error render/unpinned-external-source", customMessage: findings.Describe());
    }

    [Fact]
    public async Task A_values_file_a_multi_source_application_reads_through_a_ref_is_not_a_manifest()
    {
        using var repository = new SmallRepository()
            .Write("apps/web.yaml", SmallRepository.Deployment("web"))
            .Write("clusters/one/podinfo.yaml", $"""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata:
                  name: podinfo
                  namespace: argocd
                spec:
                  project: default
                  destination:
                    server: https://kubernetes.default.svc
                    namespace: podinfo
                  sources:
                    - repoURL: https://stefanprodan.github.io/podinfo
                      chart: podinfo
                      targetRevision: 6.7.1
                      helm:
                        valueFiles:
                          - $values/clusters/one/podinfo-settings.yaml
                    - repoURL: {SmallRepository.Url}
                      targetRevision: HEAD
                      ref: values
                """)
            .Write("clusters/one/podinfo-settings.yaml", "replicaCount: 2\n")
            .Write("clusters/one/stray.yaml", "region: eu\n"); // no Application reads it: applied by hand, kubectl refuses it
        var findings = await repository.ValidateAsync(Stages.Render);
        findings.Where(f => f.CountsAsError).Lines().ShouldBe("clusters/one/stray.yaml:1: error render/not-an-object", customMessage: findings.Describe());
    }

    [Fact]
    public async Task Other_tools_configuration_with_an_api_version_and_kind_of_its_own_is_not_judged_as_an_object()
    {
        using var repository = new SmallRepository()
            .Write("apps/web.yaml", SmallRepository.Deployment("web"))
            .Write(".fluxschema.yml", "version: \"1\"\nvalidate:\n  skip-missing-schemas: true\n")
            .Write("hack/kind.yaml", "apiVersion: kind.x-k8s.io/v1alpha4\nkind: Cluster\nnodes:\n  - role: control-plane\n")
            .Write("hack/kubeconfig.yaml", "apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\n")
            .Write(".gitlab-ci.yml", "stages: [test]\ntest:\n  script: [make]\n");
        var findings = await repository.ValidateAsync(Stages.Render);
        findings.Where(f => f.Severity != Severity.Info).ShouldBeEmpty(findings.Describe());
    }

    [Fact]
    public async Task Folders_an_artifact_generator_copies_are_read_by_flux_and_not_dead_configuration()
    {
        using var repository = new SmallRepository()
            .Write("apps/web.yaml", SmallRepository.Deployment("web"))
            .Write("flux/frontend.yaml", """
                apiVersion: source.extensions.fluxcd.io/v1beta1
                kind: ArtifactGenerator
                metadata:
                  name: frontend
                  namespace: flux-system
                spec:
                  sources:
                    - alias: repo
                      kind: GitRepository
                      name: flux-system
                  artifacts:
                    - name: frontend
                      copy:
                        - from: "@repo/deploy/frontend/**"
                          to: "@artifact/"
                ---
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata:
                  name: frontend
                  namespace: flux-system
                spec:
                  interval: 10m
                  path: ./
                  prune: true
                  sourceRef:
                    kind: ExternalArtifact
                    name: frontend
                """)
            .Write("deploy/frontend/kustomization.yaml", "resources:\n  - configmap.yaml\n")
            .Write("deploy/frontend/configmap.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: frontend\n")
            .Write("unused/kustomization.yaml", "resources: []\n");
        var findings = await repository.ValidateAsync(Stages.Render);
        // The Kustomization's path is inside the artifact, not this repository's root: only what the generator copies is read.
        findings.Where(f => f.Rule == RenderRules.Dead).Lines().ShouldBe("unused/kustomization.yaml:1: warning render/dead-configuration", customMessage: findings.Describe());
    }

    [Fact]
    public async Task Init_reads_the_repository_url_from_the_app_of_apps_charts_values_and_the_gate_renders_its_applications_as_its_own()
    {
        using var repository = new TempRepository()
            .Write("apps/Chart.yaml", "apiVersion: v2\nname: apps\nversion: 0.1.0\n")
            .Write("apps/values.yaml", "spec:\n  destination:\n    server: https://kubernetes.default.svc\n  source:\n    repoURL: https://github.com/example/example-apps.git\n    targetRevision: HEAD\n")
            .Write("apps/templates/guestbook.yaml", """
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata:
                  name: guestbook
                  namespace: argocd
                spec:
                  project: default
                  destination:
                    server: {{ .Values.spec.destination.server }}
                    namespace: guestbook
                  source:
                    repoURL: {{ .Values.spec.source.repoURL }}
                    targetRevision: {{ .Values.spec.source.targetRevision }}
                    path: guestbook
                """)
            .Write("guestbook/deployment.yaml", SmallRepository.Deployment("guestbook"));
        var init = InitTests.Init(repository.Root);
        init.RepositoryUrls.ShouldBe(["https://github.com/example/example-apps.git"]);
        init.Notes.ShouldContain(n => n.Contains("apps/values.yaml", StringComparison.Ordinal));
        init.Text.ShouldNotContain("argoCdClusters"); // the chart's destination is in-cluster
        repository.Write(RepositoryConfiguration.FileName, init.Text);

        using var cache = new TempRepository();
        var result = await SmallRepository.RenderAsync(repository.Root, cache.Root);
        result.Findings.Where(f => f.Severity == Severity.Error).ShouldBeEmpty(result.Findings.Describe());
        result.Clusters.Single().Objects.ShouldContain(o => o.Kind == "Deployment" && o.Name == "guestbook");
    }

    [Fact]
    public async Task Init_proposes_each_destination_as_a_cluster_and_the_gate_checks_each_apart()
    {
        using var repository = new TempRepository()
            .Write("apps/east.yaml", SmallRepository.Application("web-east", "web").Replace("server: https://kubernetes.default.svc", "server: https://east.example.com:6443", StringComparison.Ordinal))
            .Write("apps/west.yaml", SmallRepository.Application("web-west", "web").Replace("server: https://kubernetes.default.svc", "name: west", StringComparison.Ordinal))
            .Write("apps/home.yaml", SmallRepository.Application("web-home", "web"))
            .Write("web/deployment.yaml", SmallRepository.Deployment("web"));
        var init = InitTests.Init(repository.Root, SmallRepository.Url);

        init.Text.ShouldContain("""
                  argoCdClusters:
                    - name: east-example-com
                      server: https://east.example.com:6443
            """.ReplaceLineEndings("\n"));
        init.Text.ShouldContain("    - name: west\n          server: https://west.invalid  # decide:");
        init.Notes.ShouldContain(n => n.Contains("east-example-com, west", StringComparison.Ordinal) && n.Contains("set the server of west", StringComparison.Ordinal));
        repository.Write(RepositoryConfiguration.FileName, init.Text);

        using var cache = new TempRepository();
        var result = await SmallRepository.RenderAsync(repository.Root, cache.Root);
        result.Findings.Where(f => f.Severity == Severity.Error).ShouldBeEmpty(result.Findings.Describe());
        result.Clusters.Single().PerDestination().Select(p => (p.Destination?.Name ?? "in-cluster", p.Objects.Count(o => o.Kind == "Deployment")))
            .ShouldBe([("in-cluster", 1), ("east-example-com", 1), ("west", 1)]);
    }
}
