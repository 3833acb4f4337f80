using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Support;
using Acolhimento.Validation.Yaml;
using Shouldly;

namespace Acolhimento.Validation.Tests.Parsing;

/// <summary>
/// Plain object files keep only outlines after the parse stage when asked (<see cref="ParseOptions.ReleaseObjectTrees"/>),
/// are read again whole for the schema stage, and a file that changed in between stops the run instead of being judged
/// on other bytes than those parsed.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ReleasedTreesTests
{
    private const string Objects = """
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels: {app: web}
          annotations:
            argocd.argoproj.io/sync-wave: "2"
            note: not in the outline
        spec:
          replicas: 2
        ---
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {generateName: settings-, namespace: team}
        data: {a: b}

        """;

    private static readonly ParseOptions Releasing = new(ReleaseObjectTrees: true);

    private static ParsedFile Read(TempRepository repo, string path, ParseOptions? options = null) =>
        Validation.Pipeline.RepositoryInput.Read(repo.Root, options ?? Releasing).Repository.Find(path)!;

    [Fact]
    public void A_plain_object_file_keeps_outlines_and_reads_again_to_the_trees_it_had()
    {
        using var repo = new TempRepository().Write("apps/web.yaml", Objects);
        var released = Read(repo, "apps/web.yaml");
        var kept = Read(repo, "apps/web.yaml", ParseOptions.Default);

        released.Released.ShouldNotBeNull();
        kept.Released.ShouldBeNull();
        released.Documents.Count.ShouldBe(kept.Documents.Count);
        var outlines = released.Documents.Select(d => d.Root).OfType<YamlMapping>().ToList();
        var trees = kept.Documents.Select(d => d.Root).OfType<YamlMapping>().ToList();
        outlines.Select(o => o.Start).ShouldBe(trees.Select(t => t.Start));
        outlines.Select(RenderedObjects.Identify).ShouldBe(trees.Select(RenderedObjects.Identify));
        outlines[1].Mapping("metadata")!.String("namespace").ShouldBe("team");
        outlines[0]["spec"].ShouldBeNull();
        outlines[0].Mapping("metadata")!.Mapping("labels").ShouldBeNull();
        outlines[0].Mapping("metadata")!.Mapping("annotations")!.Entries.Select(e => e.Key.Value).ShouldBe(["argocd.argoproj.io/sync-wave"]);
        RenderedObjects.FromFile(released, "c", "a").Select(o => o.SyncWave).ShouldBe([2, 0]);

        var again = new TreeReader().Documents(released);
        YamlWriter.Write(again.Select(d => d.Root).OfType<YamlNode>()).ShouldBe(YamlWriter.Write(kept.Documents.Select(d => d.Root).OfType<YamlNode>()));
        new TreeReader().Documents(kept).ShouldBeSameAs(kept.Documents);
    }

    [Theory]
    [InlineData("apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: a, namespace: argocd}\nspec: {}\n")]
    [InlineData("apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata: {name: a, namespace: argocd}\nspec: {}\n")]
    [InlineData("apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: a}\nspec: {}\n")]
    [InlineData("apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: a.example.com}\nspec: {}\n")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n- a list, not an object\n")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: 1, k: 2}\n")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata: {name: p}\n")]
    public void A_file_a_stage_reads_beyond_identity_or_with_a_problem_keeps_its_trees(string yaml)
    {
        using var repo = new TempRepository().Write("apps/file.yaml", yaml);
        var file = Read(repo, "apps/file.yaml");
        file.Released.ShouldBeNull();
        ObjectOutline.Releasable(file).ShouldBeFalse();
    }

    [Fact]
    public void Files_kustomizations_name_and_other_yaml_keep_their_trees()
    {
        using var repo = new TempRepository()
            .Write("base/kustomization.yaml", "resources: [deployment.yaml]\npatches: [{path: patch.yaml}]\n")
            .Write("base/deployment.yaml", Objects)
            .Write("base/patch.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 3}\n")
            .Write(".github/settings.yaml", "repository: {name: x}\n");
        var input = Validation.Pipeline.RepositoryInput.Read(repo.Root, Releasing);
        input.Repository.Find("base/patch.yaml")!.Released.ShouldBeNull();
        input.Repository.Find("base/kustomization.yaml")!.Released.ShouldBeNull();
        input.Repository.Find(".github/settings.yaml")!.Released.ShouldBeNull();
        // A resource of a kustomization: the render traces fields to its documents, so it keeps them.
        input.Repository.Find("base/deployment.yaml")!.Released.ShouldBeNull();
        input.Repository.Find("base/deployment.yaml")!.File.Kind.ShouldBe(Validation.Discovery.FileKind.Manifest);
    }

    [Theory]
    [InlineData("same length, other bytes")]
    [InlineData("longer")]
    [InlineData("deleted")]
    [InlineData("over the limit")]
    public void A_released_file_that_changed_before_it_is_read_again_stops_the_run(string change)
    {
        using var repo = new TempRepository().Write("apps/web.yaml", Objects);
        var file = Read(repo, "apps/web.yaml", Releasing with { MaxFileBytes = Objects.Length + 10 });
        var path = Path.Combine(repo.Root, "apps/web.yaml");
        switch (change)
        {
            case "same length, other bytes": File.WriteAllText(path, Objects.Replace("replicas: 2", "replicas: 3")); break;
            case "longer": File.AppendAllText(path, "# x\n"); break;
            case "deleted": File.Delete(path); break;
            default: File.WriteAllText(path, Objects + new string('#', 100)); break;
        }
        var refused = Should.Throw<CannotValidateException>(() => new TreeReader().Documents(file));
        refused.Message.ShouldContain("apps/web.yaml changed while the gate was reading it");
    }

    [Fact]
    public void The_render_edits_to_an_outline_are_made_to_the_whole_body_it_is_restored_to()
    {
        using var repo = new TempRepository().Write("apps/web.yaml", Objects);
        var file = Read(repo, "apps/web.yaml");
        var placed = RenderedObjects.FromFile(file, "c", "a").First();
        var edited = placed with { Body = placed.Body.WithMetadata("namespace", "bench") };

        var restored = edited.Restored(new TreeReader().Documents(file));

        restored.Released.ShouldBeNull();
        restored.Body.Mapping("metadata")!.String("namespace").ShouldBe("bench");
        restored.Body.Mapping("metadata")!.Mapping("labels")!.String("app").ShouldBe("web");
        restored.Body.Mapping("spec")!.Integer("replicas").ShouldBe(2);
        restored.Locate(ObjectPath.Of("spec", "replicas")).ShouldBe(new SourceLocation("apps/web.yaml", 11, 3));
        placed.Restored(new TreeReader().Documents(file)).Body.Mapping("metadata")!.String("namespace").ShouldBeNull();
    }

    [Fact]
    public void Changes_between_two_versions_of_a_mapping_are_made_to_a_third()
    {
        var before = Mapping("a: 1\nm: {p: 1, q: 2}\ngone: 1\n");
        var whole = Mapping("a: 1\nm: {p: 1, q: 2, r: 3}\ngone: 1\nspec: {k: v}\n");
        var after = before.With("m", before.Mapping("m")!.With("q", YamlNodes.Scalar("9"))).With("new", YamlNodes.Scalar("n"));
        after = YamlMapping.Build(after.Start, after.Entries.Where(e => e.Key.Value != "gone"));

        var changed = whole.WithChanges(before, after);

        YamlWriter.Write(changed).ShouldBe(YamlWriter.Write(Mapping("a: 1\nm: {p: 1, q: \"9\", r: 3}\nspec: {k: v}\nnew: \"n\"\n")));
        whole.WithChanges(before, before).ShouldBeSameAs(whole);
    }

    private static YamlMapping Mapping(string yaml) => (YamlMapping)YamlReader.Read(yaml).Documents[0].Root!;
}
