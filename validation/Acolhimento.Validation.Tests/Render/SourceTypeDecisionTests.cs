using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Support;
using Acolhimento.Validation.Yaml;
using Shouldly;

namespace Acolhimento.Validation.Tests.Render;

/// <summary>
/// The source type decided as Argo CD decides it, with cases taken from Argo CD's own tests (util/app/discovery
/// TestDiscover/TestAppType, reposerver TestIdentifyAppSourceTypeByAppDirWithKustomizations, pkg/apis ExplicitType and
/// util/argo NormalizeSource), on fixtures written here.
/// </summary>
[Trait("Category", "Unit")]
public sealed class SourceTypeDecisionTests
{
    [Theory]
    [InlineData("Kustomization", "Kustomize")]          // discovery testdata/foo
    [InlineData("kustomization.yaml", "Kustomize")]     // reposerver testdata/kustomization_yaml
    [InlineData("kustomization.yml", "Kustomize")]      // reposerver testdata/kustomization_yml
    [InlineData("Chart.yaml", "Helm")]                  // discovery testdata/baz
    [InlineData("MyChart.yaml", "Helm")]                // any name ending in Chart.yaml counts
    [InlineData("kustomization.json", "Directory")]
    [InlineData("chart.yaml", "Directory")]
    [InlineData("deployment.yaml", "Directory")]
    public void Discovery_by_file_name(string file, string type)
    {
        using var repository = new TempRepository().Write($"app/{file}", "a: 1\n");
        SourceTypeDecision.Discovered(repository.Root, "app").ShouldBe(type);
    }

    [Theory]
    [InlineData(new[] { "Chart.yaml", "kustomization.yaml" }, "Kustomize")] // kustomization.yaml sorts after Chart.yaml: the last one wins
    [InlineData(new[] { "Chart.yaml", "Kustomization" }, "Kustomize")]
    [InlineData(new[] { "kustomization.yaml", "values-Chart.yaml" }, "Helm")]
    [InlineData(new[] { "Kustomization", "Chart.yaml" }, "Kustomize")]
    public void Discovery_when_both_are_present_follows_the_walk_order(string[] files, string type)
    {
        using var repository = new TempRepository();
        foreach (var file in files) repository.Write($"app/{file}", "a: 1\n");
        SourceTypeDecision.Discovered(repository.Root, "app").ShouldBe(type);
    }

    [Fact]
    public void Discovery_looks_at_the_folder_itself_not_at_subfolders_or_folders_named_like_files()
    {
        using var repository = new TempRepository()
            .Write("app/sub/Chart.yaml", "name: x\n")
            .Write("app/kustomization.yaml/readme.txt", "a folder named like a kustomization\n");
        SourceTypeDecision.Discovered(repository.Root, "app").ShouldBe("Directory"); // discovery testdata: the root is a Directory
    }

    [Fact]
    public void An_explicit_block_wins_over_discovery()
    {
        using var repository = Kustomization();
        Decide(repository, "directory:\n      include: extra.yaml").Type.ShouldBe("Directory");
        Decide(repository, "helm:\n      releaseName: x").Type.ShouldBe("Helm");
        Decide(repository, "plugin:\n      name: cmp").Type.ShouldBe("Plugin");
    }

    [Fact]
    public void More_than_one_explicit_block_is_refused_as_Argo_CD_refuses_it()
    {
        using var repository = Kustomization();
        var decision = Decide(repository, "kustomize:\n      namePrefix: a-\n    helm:\n      releaseName: x");
        var problem = decision.Problems.ShouldHaveSingle(RenderRules.SourceTypeConflict);
        problem.Message.ShouldContain("multiple application sources defined: Kustomize,Helm");
        problem.Location!.Line.ShouldBe(17); // the helm: block of the Application
    }

    [Theory]
    [InlineData("directory:\n      recurse: false")]
    [InlineData("directory: {}")]
    [InlineData("helm: {}")]
    [InlineData("helm:\n      skipCrds: false")]
    [InlineData("kustomize:\n      forceCommonLabels: true")] // not a field Argo CD's IsZero counts
    [InlineData("plugin: {}")]
    [InlineData("directory:\n      jsonnet: {}")]
    public void A_block_that_sets_nothing_is_dropped_as_Argo_CD_normalises_it(string block)
    {
        using var repository = Kustomization();
        var decision = Decide(repository, block);
        decision.Problems.ShouldBeEmpty();
        decision.Type.ShouldBe("Kustomize");
    }

    [Fact]
    public void Normalisation_keeps_include_and_exclude_only()
    {
        var source = (YamlMapping)YamlReader.Read("directory:\n  include: a.yaml\n  exclude: b.yaml\n  recurse: false\n", ParseOptions.Default.YamlLimits).Documents[0].Root!;
        var directory = SourceTypeDecision.Normalized(source).Mapping("directory")!;
        directory.Entries.Select(e => e.Key.Value).ShouldBe(["include", "exclude"]);
    }

    private static TempRepository Kustomization() => new TempRepository()
        .Write("app/kustomization.yaml", "resources:\n  - cm.yaml\n")
        .Write("app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n");

    /// <summary>An Application named <paramref name="name"/> in <paramref name="ns"/> with <paramref name="block"/> in its source; line 16 is the block's second line.</summary>
    internal static string ApplicationYaml(string block, string name = "testapp", string ns = "argocd", string path = "app") => $"""
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata:
          name: {name}
          namespace: {ns}
        spec:
          project: default
          destination:
            server: https://kubernetes.default.svc
            namespace: web
          source:
            repoURL: https://example.com/r.git
            targetRevision: HEAD
            path: {path}
            {block}

        """;

    internal static SourceDecision Decide(TempRepository repository, string block, string name = "testapp", string ns = "argocd", string path = "app")
    {
        var parsed = ParseStage.Run(RepositoryScanner.Scan(repository.Root)).Repository;
        var (file, findings) = ParseStage.ParseText("clusters/one/app.yaml", ApplicationYaml(block, name, ns, path), FileKind.Manifest);
        findings.ShouldBeEmpty();
        var app = ApplicationDefinition.From(RenderedObjects.FromFile(file, "one", "bootstrap").Single());
        return SourceTypeDecision.Decide(parsed, app, app.Sources[0]);
    }
}
