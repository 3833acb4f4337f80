using Acolhimento.Validation.Render;
using Acolhimento.Validation.Yaml;
using Shouldly;

namespace Acolhimento.Validation.Tests.Render;

[Trait("Category", "Unit")]
public sealed class RenderPiecesTests
{
    [Theory]
    [InlineData("1.2.3", true, true)]
    [InlineData("v1.21.1", true, true)]
    [InlineData("88.0.0-rc.1", true, true)]
    [InlineData("0123456789abcdef0123456789abcdef01234567", false, true)]
    [InlineData("0123456789abcdef0123456789abcdef01234567", true, false)]
    [InlineData("", true, false)]
    [InlineData(null, true, false)]
    [InlineData("*", true, false)]
    [InlineData("HEAD", false, false)]
    [InlineData("main", false, false)]
    [InlineData("^1.2.0", true, false)]
    [InlineData("~4.14", true, false)]
    [InlineData(">=1.0.0 <2.0.0", true, false)]
    [InlineData("1.x", true, false)]
    [InlineData("1.2", true, false)]
    public void Revision_pins(string? revision, bool isChart, bool pinned) =>
        (RevisionPins.Problem(revision, isChart) is null).ShouldBe(pinned);

    [Theory]
    [InlineData("ghcr.io/x/api:1.2.3", "name: ghcr.io/x/api|newTag: 1.2.3")]
    [InlineData("ghcr.io/x/api=ghcr.io/y/api:2.0", "name: ghcr.io/x/api|newName: ghcr.io/y/api|newTag: \"2.0\"")]
    [InlineData("localhost:5000/api@sha256:abc", "name: localhost:5000/api|digest: sha256:abc")]
    [InlineData("api", "name: api")]
    public void Argo_image_overrides_become_kustomize_image_entries(string spec, string expected) =>
        YamlWriter.Write(KustomizeOptions.ImageEntry(spec)).Replace("---\n", "").TrimEnd('\n').Replace('\n', '|').ShouldBe(expected);

    [Fact]
    public void List_generator_expands_into_applications_traced_to_the_template()
    {
        var appSet = RenderedObjects.FromText("clusters/x/appset.yaml", """
            apiVersion: argoproj.io/v1alpha1
            kind: ApplicationSet
            metadata:
              name: envs
            spec:
              generators:
                - list:
                    elements:
                      - env: dev
                      - env: staging
                - git:
                    repoURL: https://example.com/repo.git
              template:
                metadata:
                  name: 'app-{{env}}'
                spec:
                  project: default
                  source:
                    repoURL: https://github.com/central-acolhimento/gitops.git
                    path: 'overlays/{{ .env }}'
                  destination:
                    namespace: 'ns-{{env}}'
            """).Single();
        var (applications, problems) = ApplicationSetExpander.Expand(appSet);
        applications.Select(a => a.Name).ShouldBe(["app-dev", "app-staging"]);
        var staging = ApplicationDefinition.From(applications[1]);
        staging.Sources.Single().Path.ShouldBe("overlays/staging");
        staging.DestinationNamespace.ShouldBe("ns-staging");
        applications[1].Locate(ObjectPath.Of("spec", "source", "path")).Line.ShouldBe(20);
        problems.ShouldHaveSingleItem().Rule.ShouldBe(RenderStage.UnsupportedGenerator);
    }

    [Fact]
    public void Cluster_scope_knows_built_ins_and_rendered_crds()
    {
        var crd = RenderedObjects.FromText("crd.yaml", """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.com}
            spec:
              group: example.com
              scope: Cluster
              names: {kind: Widget, plural: widgets}
            """);
        var scope = new ClusterScope().With(crd);
        scope.IsClusterScoped("", "Namespace").ShouldBeTrue();
        scope.IsClusterScoped("cert-manager.io", "ClusterIssuer").ShouldBeTrue();
        scope.IsClusterScoped("example.com", "Widget").ShouldBeTrue();
        scope.IsClusterScoped("apps", "Deployment").ShouldBeFalse();
    }

    [Fact]
    public void Tool_messages_are_mapped_to_repository_files()
    {
        using var repo = new Support.TempRepository().Write("charts/c/templates/cm.yaml", "a: 1\n").Write("overlays/dev/kustomization.yaml", "resources: []\n");
        var parsed = Validation.Parsing.ParseStage.Run(Validation.Discovery.RepositoryScanner.Scan(repo.Root)).Repository;
        ToolMessageLocation.Find("Error: template: c/templates/cm.yaml:12:5: executing \"x\"", parsed)
            .ShouldBe(new Findings.SourceLocation("charts/c/templates/cm.yaml", 12, 5));
        ToolMessageLocation.Find("error: accumulating resources from 'overlays/dev/kustomization.yaml': boom", parsed)!.File.ShouldBe("overlays/dev/kustomization.yaml");
        ToolMessageLocation.Find("nothing useful here", parsed).ShouldBeNull();
    }

    [Theory]
    [InlineData("*.yaml", "a.yaml", true)]
    [InlineData("*.yaml", "sub/a.yaml", true)]
    [InlineData("{a.yaml,b.yaml}", "b.yaml", true)]
    [InlineData("ignored-*.yaml", "configmap.yaml", false)]
    public void Directory_globs(string pattern, string path, bool matches) => Glob.Matches(pattern, path).ShouldBe(matches);

    [Fact]
    public void Fingerprint_follows_renderable_files_only()
    {
        using var repo = new Support.TempRepository().Write("apps/a/kustomization.yaml", "resources: []\n").Write("validation/Harness.cs", "// v1\n").Write("README.md", "# r\n");
        var first = RepositoryFingerprint.Compute(repo.Root);
        repo.Write("validation/Harness.cs", "// v2\n").Write("policy/config.yaml", "x: 1\n");
        RepositoryFingerprint.Compute(repo.Root).ShouldBe(first);
        repo.Write("README.md", "# changed: a configMapGenerator could read it\n");
        var second = RepositoryFingerprint.Compute(repo.Root);
        second.ShouldNotBe(first);
        repo.Write("kustomization.yaml", "resources: [validation]\n");
        var withRootKustomization = RepositoryFingerprint.Compute(repo.Root);
        repo.Write("validation/Harness.cs", "// v3\n");
        RepositoryFingerprint.Compute(repo.Root).ShouldNotBe(withRootKustomization);
    }
}
