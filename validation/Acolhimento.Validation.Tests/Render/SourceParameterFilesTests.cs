using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Support;
using Acolhimento.Validation.Yaml;
using Shouldly;

namespace Acolhimento.Validation.Tests.Render;

/// <summary>
/// <c>.argocd-source.yaml</c> and <c>.argocd-source-&lt;app&gt;.yaml</c> merged as Argo CD's mergeSourceParameters merges
/// them, with the cases of its tests (reposerver TestGetAppDetailsWithAppParameterFile and
/// TestGenerateManifestsWithAppParameterFile: single-global, single-app-only, multi, unmergeable, broken, single-global-helm),
/// on fixtures written here.
/// </summary>
[Trait("Category", "Unit")]
public sealed class SourceParameterFilesTests
{
    private const string Image2 = "quay.io/argoprojlabs/argocd-e2e-container:0.2";
    private const string Image3 = "quay.io/argoprojlabs/argocd-e2e-container:0.3";

    private static string Images(string image) => $"kustomize:\n  images:\n    - {image}\n";

    private static TempRepository Folder(params (string Name, string Content)[] files)
    {
        var repository = new TempRepository()
            .Write("app/kustomization.yaml", "resources:\n  - guestbook.yaml\n")
            .Write("app/guestbook.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: guestbook-ui\n");
        foreach (var (name, content) in files) repository.Write($"app/{name}", content);
        return repository;
    }

    private static string? Image(SourceDecision decision) =>
        (decision.Source.Kustomize?.Sequence("images")?.Items.SingleOrDefault() as YamlScalar)?.Value;

    [Fact]
    public void A_global_file_applies_to_every_application()
    {
        using var repository = Folder((".argocd-source.yaml", Images(Image2)));
        var decision = SourceTypeDecisionTests.Decide(repository, "");
        decision.Problems.ShouldBeEmpty();
        Image(decision).ShouldBe(Image2);
        decision.Type.ShouldBe("Kustomize"); // an explicit kustomize block now, and a kustomization anyway
    }

    [Fact]
    public void An_application_file_applies_to_its_application_only()
    {
        using var repository = Folder((".argocd-source-testapp.yaml", Images(Image3)));
        Image(SourceTypeDecisionTests.Decide(repository, "")).ShouldBe(Image3);
        Image(SourceTypeDecisionTests.Decide(repository, "", name: "testapp2")).ShouldBeNull();
    }

    [Fact]
    public void The_application_file_is_merged_after_the_global_one()
    {
        using var repository = Folder((".argocd-source.yaml", Images(Image2)), (".argocd-source-testapp.yaml", Images(Image3)));
        Image(SourceTypeDecisionTests.Decide(repository, "")).ShouldBe(Image3);
    }

    [Fact]
    public void Fields_Argo_CD_does_not_know_are_ignored_and_the_protected_ones_kept()
    {
        using var repository = Folder((".argocd-source-unmergeable.yaml", $"repo: https://somewhere\npath: elsewhere\nrepoURL: https://other\n{Images(Image3)}  invalid:\n    - I don't know\n"));
        var decision = SourceTypeDecisionTests.Decide(repository, "", name: "unmergeable");
        decision.Problems.ShouldBeEmpty();
        Image(decision).ShouldBe(Image3);
        decision.Source.Path.ShouldBe("app");
        decision.Source.RepoUrl.ShouldBe("https://example.com/r.git");
    }

    [Theory]
    [InlineData("aloi\nkustomize:\n  images: []\n")] // Argo CD's "broken" fixture
    [InlineData("")]                                 // null is not a merge patch
    [InlineData("- a\n- b\n")]
    [InlineData("just a string\n")]
    [InlineData("helm: yes-please\n")]
    public void A_file_that_is_not_a_merge_patch_of_the_source_fails_the_source_at_the_file(string content)
    {
        using var repository = Folder((".argocd-source-broken.yaml", content));
        var decision = SourceTypeDecisionTests.Decide(repository, "", name: "broken");
        decision.Problems.ShouldNotBeEmpty();
        decision.Problems.ShouldAllBe(p => p.Location!.File == "app/.argocd-source-broken.yaml");
    }

    [Fact]
    public void Helm_parameters_from_a_global_file_reach_the_helm_source()
    {
        using var repository = new TempRepository()
            .Write("app/Chart.yaml", "apiVersion: v2\nname: guestbook\nversion: 0.1.0\n")
            .Write("app/.argocd-source.yaml", "helm:\n  parameters:\n    - name: image.tag\n      value: '0.2'\n");
        var decision = SourceTypeDecisionTests.Decide(repository, "");
        decision.Type.ShouldBe("Helm");
        var parameter = (YamlMapping)decision.Source.Helm!.Sequence("parameters")!.Items.Single();
        parameter.String("value").ShouldBe("0.2");
        // The field is located at its line in the override file, where a person edits it.
        decision.Application.Object.Locate(decision.Source.At.Key("helm").Key("parameters").Index(0).Key("value"))
            .ShouldBe(new Validation.Findings.SourceLocation("app/.argocd-source.yaml", 4, 14));
    }

    [Fact]
    public void An_override_can_turn_a_kustomization_folder_into_a_directory_source_before_the_type_is_decided()
    {
        using var repository = Folder((".argocd-source.yaml", "directory:\n  include: '*.yaml'\n"));
        SourceTypeDecisionTests.Decide(repository, "").Type.ShouldBe("Directory");
    }

    [Fact]
    public void A_null_in_the_override_removes_the_applications_own_block()
    {
        using var repository = Folder((".argocd-source.yaml", "directory: null\n"));
        var decision = SourceTypeDecisionTests.Decide(repository, "directory:\n      include: cm.yaml");
        decision.Source.Directory.ShouldBeNull();
        decision.Type.ShouldBe("Kustomize");
    }

    [Fact]
    public void The_instance_name_outside_argo_cds_namespace_is_namespace_underscore_name()
    {
        using var repository = Folder((".argocd-source-team-a_web.yaml", Images(Image3)), (".argocd-source-web.yaml", Images(Image2)));
        Image(SourceTypeDecisionTests.Decide(repository, "", name: "web", ns: "team-a")).ShouldBe(Image3);
        Image(SourceTypeDecisionTests.Decide(repository, "", name: "web")).ShouldBe(Image2);
    }

    [Fact]
    public void A_folder_named_like_the_file_is_skipped()
    {
        using var repository = Folder((".argocd-source.yaml/readme.txt", "not a file\n"));
        SourceTypeDecisionTests.Decide(repository, "").Problems.ShouldBeEmpty();
    }

    [Fact]
    public void Merge_patch_follows_rfc_7396()
    {
        static YamlNode Read(string text) => YamlReader.Read(text, Validation.Parsing.ParseOptions.Default.YamlLimits).Documents[0].Root!;
        var merged = (YamlMapping)SourceParameterFiles.MergePatch(Read("a: b\nc:\n  d: e\n  f: g\nl: [1, 2]\n"), Read("a: z\nc:\n  f: null\nl: [3]\nm: {o: null, p: q}\n")); // not n: a key go-yaml v2 reads as false
        merged.String("a").ShouldBe("z");
        merged.Mapping("c")!.Entries.Select(e => $"{e.Key.Value}={e.Value}").ShouldBe(["d=e"]); // null removes f
        merged.Sequence("l")!.Items.Select(i => i.ToString()).ShouldBe(["3"]); // a list is replaced, not merged
        merged.Mapping("m")!.Entries.Select(e => $"{e.Key.Value}={e.Value}").ShouldBe(["p=q"]); // nulls of a new object are dropped
    }
}
