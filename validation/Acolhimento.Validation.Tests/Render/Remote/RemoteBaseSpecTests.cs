using Acolhimento.Validation.Render.Remote;
using Shouldly;

namespace Acolhimento.Validation.Tests.Render.Remote;

/// <summary>Remote base addresses read as Kustomize's repository spec reads them (cases from its <c>repospec_test.go</c>, written here).</summary>
[Trait("Category", "Unit")]
public sealed class RemoteBaseSpecTests
{
    public static TheoryData<string, string, string, string?> Accepted => new()
    {
        { "https://github.com/argoproj-labs/argocd-autopilot/manifests/base?ref=v0.4.17", "https://github.com/argoproj-labs/argocd-autopilot", "manifests/base", "v0.4.17" },
        { "github.com/argoproj-labs/argocd-autopilot/manifests/base?ref=v0.4.17", "https://github.com/argoproj-labs/argocd-autopilot", "manifests/base", "v0.4.17" },
        { "http://github.com/someorg/somerepo/somedir", "https://github.com/someorg/somerepo", "somedir", null },
        { "https://github.com/kubernetes-sigs/kustomize//examples/multibases/dev/?ref=v1.0.6", "https://github.com/kubernetes-sigs/kustomize", "examples/multibases/dev", "v1.0.6" },
        { "git@github.com:someorg/somerepo/somedir", "git@github.com:someorg/somerepo", "somedir", null },
        { "git@github.com/someorg/somerepo/somepath", "git@github.com:someorg/somerepo", "somepath", null },
        { "ssh://git@github.com/someorg/somerepo.git/somedir?ref=v1.0.0", "git@github.com:someorg/somerepo.git", "somedir", "v1.0.0" },
        { "http://github.com/someorg/somerepo.git/somedir", "https://github.com/someorg/somerepo.git", "somedir", null },
        { "https://git-codecommit.us-east-2.amazonaws.com/someorg/somerepo/somedir?ref=testbranch", "https://git-codecommit.us-east-2.amazonaws.com/someorg/somerepo", "somedir", "testbranch" },
        { "git@gitlab2.sqtools.ru:infra/kubernetes/thanos-base.git?ref=v0.1.0", "git@gitlab2.sqtools.ru:infra/kubernetes/thanos-base.git", "", "v0.1.0" },
        { "git@bitbucket.org:company/project.git//path?ref=branch", "git@bitbucket.org:company/project.git", "path", "branch" },
        { "ssh://git@bitbucket.org/company/project.git//path?ref=branch", "ssh://git@bitbucket.org/company/project.git", "path", "branch" },
        { "https://itfs.mycompany.com/collection/project/_git/somerepos/somedir?version=v1.0.0", "https://itfs.mycompany.com/collection/project/_git/somerepos", "somedir", "v1.0.0" },
        { "git::https://itfs.mycompany.com/collection/project/_git/somerepos", "https://itfs.mycompany.com/collection/project/_git/somerepos", "", null },
        { "https://gitlab.com/org/group/repo.git//deploy?ref=v2.0.0&timeout=90", "https://gitlab.com/org/group/repo.git", "deploy", "v2.0.0" },
        { "https://github.com/org/repo//base?version=v1.0.0&ref=v2.0.0", "https://github.com/org/repo", "base", "v2.0.0" },
        { "file://a/b/c/someRepo//somepath?ref=someBranch", "file://a/b/c/someRepo", "somepath", "someBranch" },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void An_address_Kustomize_clones_names_its_repository_folder_and_ref(string entry, string repository, string path, string? reference)
    {
        var (remote, problem) = RemoteBaseSpec.Parse(entry);
        problem.ShouldBeNull();
        remote.ShouldNotBeNull();
        (remote.Repository, remote.Path, remote.Ref).ShouldBe((repository, path, reference));
    }

    [Theory]
    [InlineData("https://github.com/org/repo//../../etc?ref=v1.0.0", "leaves the repository")]
    [InlineData("https://github.com/org/repo//base/../../../x?ref=v1.0.0", "leaves the repository")]
    [InlineData("github.com/org?ref=v1.0.0", "names no repository")]
    [InlineData("htxxxtp://github.com/org/repo", "no scheme")]
    [InlineData("example.com/org/repo//base?ref=v1.0.0", "no scheme")]
    public void An_address_Kustomize_refuses_is_a_problem(string entry, string reason)
    {
        var (remote, problem) = RemoteBaseSpec.Parse(entry);
        remote.ShouldBeNull();
        problem.ShouldNotBeNull().Reason.ShouldContain(reason);
    }

    [Fact]
    public void An_absolute_path_is_no_address()
    {
        RemoteBaseSpec.Parse("/etc/kubernetes").ShouldBe((null, null));
    }

    [Theory]
    [InlineData("https://github.com/org/repo//base?ref=v1.2.3", null)]
    [InlineData("https://github.com/org/repo//base?ref=0123456789abcdef0123456789abcdef01234567", null)]
    [InlineData("https://github.com/org/repo//base", "render/remote-base-unpinned")]
    [InlineData("https://github.com/org/repo//base?ref=main", "render/remote-base-unpinned")]
    [InlineData("https://github.com/org/repo//base?ref=HEAD", "render/remote-base-unpinned")]
    [InlineData("https://github.com/org/repo//../x?ref=v1.2.3", "render/remote-resource")]
    public void Only_a_commit_or_an_exact_version_tag_pins_a_base(string entry, string? rule)
    {
        var judged = RemoteBaseUse.Judge(entry, new Findings.SourceLocation("k/kustomization.yaml", 2, 5));
        judged.ShouldNotBeNull();
        if (rule is null) judged.Value.Use.ShouldNotBeNull().Request.Version.ShouldNotBeEmpty();
        else judged.Value.Finding.ShouldNotBeNull().Rule.ShouldBe(rule);
    }

    [Theory]
    [InlineData("https://raw.githubusercontent.com/org/repo/v1.2.3/install.yaml")]
    [InlineData("file:///etc/kubernetes")]
    [InlineData("http://127.0.0.1:1/x.yaml")]
    public void A_file_url_or_a_local_repository_is_no_remote_base(string entry)
    {
        var judged = RemoteBaseUse.Judge(entry, new Findings.SourceLocation("k/kustomization.yaml", 2, 5));
        (judged is null || judged.Value.Finding?.Rule == "render/remote-resource").ShouldBeTrue();
    }
}
