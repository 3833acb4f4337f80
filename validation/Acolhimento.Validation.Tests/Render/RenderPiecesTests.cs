using Acolhimento.Validation.Configuration;
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
        const string yaml = """
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
                    path: 'overlays/{{ env }}'
                  destination:
                    namespace: 'ns-{{env}}'
            """;
        var appSet = RenderedObjects.FromText("clusters/x/appset.yaml", yaml).Single();
        var (applications, problems) = ApplicationSetExpander.Expand(appSet, Path.GetTempPath(), ThisRepository, new ClusterSettings("x", "1.35"));
        applications.Select(a => a.Name).ShouldBe(["app-dev", "app-staging"]);
        var staging = ApplicationDefinition.From(applications[1]);
        staging.Sources.Single().Path.ShouldBe("overlays/staging");
        staging.DestinationNamespace.ShouldBe("ns-staging");
        applications[1].Locate(ObjectPath.Of("spec", "source", "path")).Line.ShouldBe(Support.FixtureText.LineIn(yaml, "path: 'overlays/{{ env }}'"));
        problems.ShouldHaveSingleItem().Rule.ShouldBe(RenderRules.CannotRenderOffline); // the git generator reads another repository
    }

    [Fact]
    public void Tool_messages_are_mapped_to_repository_files()
    {
        using var repo = new Support.TempRepository().Write("charts/c/templates/cm.yaml", "a: 1\n").Write("overlays/dev/kustomization.yaml", "resources: []\n");
        var parsed = Validation.Pipeline.RepositoryInput.Read(repo.Root).Repository;
        ToolMessageLocation.Find("Error: template: c/templates/cm.yaml:12:5: executing \"x\"", parsed, "charts/c")
            .ShouldBe(new Findings.SourceLocation("charts/c/templates/cm.yaml", 12, 5));
        ToolMessageLocation.Find("error: accumulating resources from 'overlays/dev/kustomization.yaml': boom", parsed, "overlays/dev")!.File.ShouldBe("overlays/dev/kustomization.yaml");
        ToolMessageLocation.Find("nothing useful here", parsed, "overlays/dev").ShouldBeNull();
    }

    [Fact]
    public void A_failed_json_patch_test_is_located_at_the_guard_that_names_its_path()
    {
        using var repo = new Support.TempRepository()
            .Write("overlays/prod/kustomization.yaml", "patches:\n  - patch: |-\n      - op: test\n        path: /spec/egress/1/to/0\n        value: x\n      - op: replace\n        path: /spec/egress/1\n")
            .Write("overlays/dev/kustomization.yaml", "patches:\n  - patch: |-\n      - op: test\n        path: /spec/egress/1/to/0\n");
        var parsed = Validation.Pipeline.RepositoryInput.Read(repo.Root).Repository;
        const string message = "E1201 run.go:72] \"command failed\" err=\"testing value /spec/egress/1/to/0 failed: test failed\"";
        ToolMessageLocation.Find(message, parsed, "overlays/prod").ShouldBe(new Findings.SourceLocation("overlays/prod/kustomization.yaml", 4, 9));
        ToolMessageLocation.Find(message, parsed, "overlays/none").ShouldBeNull();
    }

    [Fact]
    public void A_bare_or_chart_relative_file_name_in_a_tool_message_is_the_one_of_the_source_being_rendered()
    {
        using var repo = new Support.TempRepository()
            .Write("apps/api/deployment.yaml", "a: 1\n").Write("apps/llm/deployment.yaml", "a: 1\n")
            .Write("charts/first/templates/cm.yaml", "a: 1\n").Write("charts/second/templates/cm.yaml", "a: 1\n");
        var parsed = Validation.Pipeline.RepositoryInput.Read(repo.Root).Repository;
        // Kustomize names the entry as written first, the full path after it: the full path decides.
        ToolMessageLocation.Find("accumulating resources from 'deployment.yaml': open apps/llm/deployment.yaml: no such file", parsed, "apps/llm")!
            .File.ShouldBe("apps/llm/deployment.yaml");
        ToolMessageLocation.Find("evalsymlink failure on 'deployment.yaml'", parsed, "apps/llm")!.File.ShouldBe("apps/llm/deployment.yaml");
        // Helm names templates by chart name, which need not be the folder's name.
        ToolMessageLocation.Find("Error: template: second-chart/templates/cm.yaml:3:7: executing", parsed, "charts/second")
            .ShouldBe(new Findings.SourceLocation("charts/second/templates/cm.yaml", 3, 7));
        // A name that several files share, none of them in the rendered source, names no file.
        ToolMessageLocation.Find("something about deployment.yaml", parsed, "overlays/dev").ShouldBeNull();
    }

    [Theory]
    [InlineData("*.yaml", "a.yaml", true)]
    [InlineData("*.yaml", "sub/a.yaml", true)]
    [InlineData("{a.yaml,b.yaml}", "b.yaml", true)]
    [InlineData("ignored-*.yaml", "configmap.yaml", false)]
    public void Directory_globs(string pattern, string path, bool matches) => Glob.Matches(pattern, path).ShouldBe(matches);

    [Fact]
    public void Fingerprint_covers_every_file_a_tool_could_read()
    {
        using var repo = new Support.TempRepository().Write("apps/a/kustomization.yaml", "resources: []\n").Write("validation/values.yaml", "a: 1\n").Write("README.md", "# r\n");
        var first = RepositoryFingerprint.Compute(repo.Root);
        RepositoryFingerprint.Compute(repo.Root).ShouldBe(first);
        repo.Write(".git/HEAD", "ref: refs/heads/main\n");
        RepositoryFingerprint.Compute(repo.Root).ShouldBe(first, "Git's own folder is never read");
        repo.Write("validation/Some.Project/obj/Debug/project.assets.json", "{}\n");
        RepositoryFingerprint.Compute(repo.Root).ShouldBe(first, "the harness's own build output is keyed by the Helm render that names it, not here");
        // Argo CD reads a folder whatever it is called: bin/ is configuration as much as any folder.
        repo.Write("apps/a/bin/output.yaml", "kind: ConfigMap\n");
        var withBin = RepositoryFingerprint.Compute(repo.Root);
        withBin.ShouldNotBe(first, "a folder named bin is read");
        // A Helm value file may name any file of the repository, the harness's own folders included.
        repo.Write("validation/values.yaml", "a: 2\n");
        var second = RepositoryFingerprint.Compute(repo.Root);
        second.ShouldNotBe(withBin);
        repo.Write("README.md", "# changed: a configMapGenerator could read it\n");
        RepositoryFingerprint.Compute(repo.Root).ShouldNotBe(second);
    }

    [Fact]
    public void Fingerprint_reads_no_link_target_device_or_fifo()
    {
        if (!OperatingSystem.IsLinux()) Assert.Skip("the links are built with Linux paths");
        using var repo = new Support.TempRepository().Write("apps/a/kustomization.yaml", "resources: []\n");
        Discovery.HostileEntries.Link(repo.Root, "apps/a/zero.yaml", "/dev/zero");
        Discovery.HostileEntries.Link(repo.Root, "apps/a/loop", "loop");
        Discovery.HostileEntries.Link(repo.Root, "apps/a/up", "..");
        Discovery.HostileEntries.TryMakeFifo(Path.Combine(repo.Root, "apps/a/pipe"), out _);
        // Reading /dev/zero would never end and the FIFO would block: returning at all is the proof.
        RepositoryFingerprint.Compute(repo.Root).ShouldBe(RepositoryFingerprint.Compute(repo.Root));
    }

    private static readonly RepositoryConfiguration ThisRepository = new(["https://github.com/central-acolhimento/gitops.git"], [new ClusterSettings("x", "1.35")],
        new ToolPins("v5.5.0", "v3.17.2", new ToolSource("none", "", "", "", [])));

    [Fact]
    public void List_element_without_a_parameter_the_template_uses_is_reported_at_the_element()
    {
        const string yaml = """
            apiVersion: argoproj.io/v1alpha1
            kind: ApplicationSet
            metadata:
              name: envs
            spec:
              generators:
                - list:
                    elements:
                      - env: dev
                        region: eu
                      - env: staging
              template:
                metadata:
                  name: 'app-{{env}}-{{region}}'
                spec:
                  project: default
            """;
        var appSet = RenderedObjects.FromText("clusters/x/appset.yaml", yaml).Single();
        var (applications, problems) = ApplicationSetExpander.Expand(appSet, Path.GetTempPath(), ThisRepository, new ClusterSettings("x", "1.35"));
        applications.Count.ShouldBe(2);
        var problem = problems.ShouldHaveSingleItem();
        problem.Rule.ShouldBe(RenderRules.UnresolvedParameter);
        problem.Message.ShouldContain("\"region\"");
        problem.Location!.Line.ShouldBe(Support.FixtureText.LineIn(yaml, "- env: staging"));
    }

    [Fact]
    public void Container_images_are_found_at_every_depth_in_walk_order_with_their_paths()
    {
        var body = YamlReader.Read("""
            kind: CronJob
            spec:
              jobTemplate:
                spec:
                  template:
                    spec:
                      initContainers: [{name: init, image: "a:1"}]
                      containers:
                        - {name: one, image: "b:1"}
                        - {name: no-image}
                        - {name: two, image: "c:1"}
                      ephemeralContainers: [{name: debug, image: "d:1"}]
                      sidecars: [{name: not-a-container-list, image: "e:1"}]
            status: {containers: [{image: "f:1"}]}
            """).Documents[0].Root!;
        // The reference: every container list the general walk visits, in its order.
        var expected = body.Walk()
            .Where(w => w.Node is YamlSequence && w.Path.Segments.LastOrDefault() is "containers" or "initContainers" or "ephemeralContainers")
            .SelectMany(w => ((YamlSequence)w.Node).Items.Select((item, i) => (Path: w.Path.Index(i).Key("image"), Image: (item as YamlMapping)?.String("image"))))
            .Where(x => x.Image is not null)
            .Select(x => $"{x.Path}={x.Image}").ToList();
        var found = KustomizeProvenance.ContainerImages(body).Select(x => $"{x.Path}={x.Image}").ToList();
        found.ShouldBe(expected);
        found.Count.ShouldBe(5);
        found.ShouldContain("spec.jobTemplate.spec.template.spec.containers[2].image=c:1");
    }

    [Fact]
    public void Each_helm_document_is_traced_to_the_nearest_source_comment_above_it()
    {
        const string output = "---\r\n# Source: chart/templates/a.yaml\r\nkind: A\n---\n# Source: chart/templates/b.yaml \nkind: B\n---\nkind: C\n";
        var comments = HelmProvenance.SourceComments(output);
        comments.ShouldBe([(2, "chart/templates/a.yaml"), (5, "chart/templates/b.yaml")]);
        HelmProvenance.TemplateFor(comments, 1).ShouldBeNull();
        HelmProvenance.TemplateFor(comments, 2).ShouldBe("chart/templates/a.yaml");
        HelmProvenance.TemplateFor(comments, 4).ShouldBe("chart/templates/a.yaml");
        HelmProvenance.TemplateFor(comments, 8).ShouldBe("chart/templates/b.yaml");
        HelmProvenance.TemplateFor([], 8).ShouldBeNull();
        HelmProvenance.KindLine("t.yaml", ["apiVersion: v1", "  kind: \"A\"", "kind: A # first", "kind: AB", "kind: A"], "A", 1).Line.ShouldBe(3);
    }
}
