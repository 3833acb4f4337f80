using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Render;

/// <summary>The digest of what one source reads: every input counted, nothing else, and no digest where the reads cannot be bounded.</summary>
[Trait("Category", "Unit")]
public sealed class RenderInputDigestTests
{
    private static TempRepository Repository() => new TempRepository()
        .Write("overlays/a/kustomization.yaml", "resources: [../../apps/web]\n")
        .Write("overlays/a/patch.yaml", "kind: ConfigMap\n")
        .Write("apps/web/kustomization.yaml", "resources: [deployment.yaml]\n")
        .Write("apps/web/deployment.yaml", "kind: Deployment\n")
        .Write("clusters/one/values.yaml", "replicas: 1\n");

    private static string? Digest(TempRepository repo, params string[] reads) => new RenderInputDigest(repo.Root).Of(reads);

    [Fact]
    public void A_change_outside_what_is_read_keeps_the_digest_and_one_inside_changes_it()
    {
        using var repo = Repository();
        var before = Digest(repo, "overlays/a", "apps/web");
        before.ShouldNotBeNull();
        repo.Write("clusters/one/values.yaml", "replicas: 2\n");
        Digest(repo, "overlays/a", "apps/web").ShouldBe(before, "another cluster's values are not read");
        repo.Write("apps/web/deployment.yaml", "kind: Deployment # changed\n");
        Digest(repo, "overlays/a", "apps/web").ShouldNotBe(before);
    }

    [Fact]
    public void Any_new_file_under_a_folder_read_whole_changes_the_digest()
    {
        using var repo = Repository();
        var before = Digest(repo, "overlays/a");
        repo.Write("overlays/a/deep/below/extra.yaml", "x: 1\n");
        Digest(repo, "overlays/a").ShouldNotBe(before);
        var withFile = Digest(repo, "overlays/a");
        Directory.CreateDirectory(Path.Combine(repo.Root, "overlays/a/empty"));
        Digest(repo, "overlays/a").ShouldNotBe(withFile, "a folder appearing is an input too (a resource may name it)");
    }

    [Fact]
    public void A_missing_path_that_appears_changes_the_digest()
    {
        using var repo = Repository();
        var before = Digest(repo, "overlays/a", "overlays/b/patch.yaml");
        before.ShouldNotBeNull();
        repo.Write("overlays/b/patch.yaml", "kind: ConfigMap\n");
        Digest(repo, "overlays/a", "overlays/b/patch.yaml").ShouldNotBe(before);
    }

    [Fact]
    public void The_same_content_at_another_root_has_the_same_digest()
    {
        using var head = Repository();
        using var baseRevision = Repository();
        baseRevision.Write("unrelated.txt", "only in the base");
        Digest(head, "overlays/a", "apps/web").ShouldBe(Digest(baseRevision, "overlays/a", "apps/web"));
        Digest(head, "overlays/a").ShouldNotBe(Digest(head, "apps/web"), "the paths are part of the digest");
    }

    [Fact]
    public void A_link_is_hashed_as_what_it_leads_to()
    {
        using var repo = Repository();
        File.CreateSymbolicLink(Path.Combine(repo.Root, "overlays/a/linked.yaml"), "../../clusters/one/values.yaml");
        var before = Digest(repo, "overlays/a");
        before.ShouldNotBeNull();
        repo.Write("clusters/one/values.yaml", "replicas: 3\n");
        Digest(repo, "overlays/a").ShouldNotBe(before, "the linked file's content is read through the link");

        Directory.CreateSymbolicLink(Path.Combine(repo.Root, "overlays/a/web"), "../../apps/web");
        var withFolder = Digest(repo, "overlays/a");
        repo.Write("apps/web/service.yaml", "kind: Service\n");
        Digest(repo, "overlays/a").ShouldNotBe(withFolder, "a linked folder is read whole");
    }

    [Fact]
    public void Reads_that_cannot_be_bounded_have_no_digest()
    {
        using var repo = Repository();
        using var outside = new TempRepository().Write("secret.yaml", "x: 1\n");
        File.CreateSymbolicLink(Path.Combine(repo.Root, "overlays/a/out.yaml"), Path.Combine(outside.Root, "secret.yaml"));
        Digest(repo, "overlays/a").ShouldBeNull("a link out of the repository");

        using var looping = Repository();
        File.CreateSymbolicLink(Path.Combine(looping.Root, "apps/web/loop"), "loop");
        Digest(looping, "apps/web").ShouldBeNull("a link to itself");
    }

    [Fact]
    public void Git_s_own_folder_is_not_read()
    {
        using var repo = Repository();
        var before = Digest(repo, "");
        repo.Write(".git/HEAD", "ref: refs/heads/main\n");
        Digest(repo, "").ShouldBe(before);
    }
}
