using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Render;

/// <summary>
/// Directory sources read as Argo CD's repo server reads them: its glob (reposerver TestFindResources,
/// TestFindManifests_Exclude*, Test_getPotentiallyValidManifestFile_disableExtensionFilter; util/glob), its walk (recurse,
/// no folder name special, hidden files read, links not followed into folders), and what it skips.
/// </summary>
[Trait("Category", "Unit")]
public sealed class DirectorySourceTests
{
    [Theory]
    // reposerver TestFindResources over app-include-exclude: deployment.yaml and subdir/deploymentSub.yaml
    [InlineData("subdir/deploymentSub.yaml", "subdir/deploymentSub.yaml", true)]
    [InlineData("subdir/deploymentSub.yaml", "deployment.yaml", false)]
    [InlineData("*.yaml", "deployment.yaml", true)]
    [InlineData("*.yaml", "subdir/deploymentSub.yaml", true)] // * crosses folders: no separators are given to the glob
    [InlineData("**/*.yaml", "subdir/deploymentSub.yaml", true)]
    [InlineData("**/*.yaml", "deployment.yaml", false)]
    [InlineData("nothing.yaml", "deployment.yaml", false)]
    [InlineData("deployment.yaml", "subdir/deployment.yaml", false)] // a bare name is not matched against the file name alone
    // Test_getPotentiallyValidManifestFile_disableExtensionFilter
    [InlineData("{*.yaml.sealed,*.yaml}", "secret.yaml.sealed", true)]
    [InlineData("*.yaml", "secret.yaml.sealed", false)]
    [InlineData("{*.yaml.sealed,*.yaml}", "README.md", false)]
    [InlineData("*.sealed", "secret.yaml.sealed", true)]
    // gobwas/glob syntax
    [InlineData("config?.yaml", "config1.yaml", true)]
    [InlineData("config[0-9].yaml", "config7.yaml", true)]
    [InlineData("config[!0-9].yaml", "config7.yaml", false)]
    [InlineData("{a,b{c,d}}.yaml", "bd.yaml", true)]
    [InlineData(@"\*.yaml", "*.yaml", true)]
    [InlineData(@"\*.yaml", "a.yaml", false)]
    [InlineData("{a,b.yaml", "a", false)] // does not compile: matches nothing, as in Argo CD
    [InlineData("[a.yaml", "[a.yaml", false)]
    public void Argo_cd_globs(string pattern, string path, bool matches) => ArgoCdGlob.Matches(pattern, path).ShouldBe(matches);

    [Theory]
    [InlineData("team-a", "team-a", true)]
    [InlineData("team-*", "team-a", true)]
    [InlineData("team-*", "other", false)]
    [InlineData("/^team-[a-z]+$/", "team-b", true)]
    [InlineData("/team/", "my-team-x", true)] // a regular expression matches anywhere in the name
    [InlineData("/[/", "x", false)]
    public void Application_namespaces_as_argo_cd_matches_them(string pattern, string ns, bool matches) =>
        ApplicationNamespaces.Matches(pattern, ns).ShouldBe(matches);

    private const string ConfigMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {0}\n";

    private static string Map(string name) => string.Format(System.Globalization.CultureInfo.InvariantCulture, ConfigMap, name);

    private static IReadOnlyList<string> Rendered(TempRepository repository, string block, out SourceOutput output)
    {
        var decision = SourceTypeDecisionTests.Decide(repository, block);
        decision.Type.ShouldBe("Directory");
        var parsed = ParseStage.Run(RepositoryScanner.Scan(repository.Root)).Repository;
        output = DirectoryRenderer.Render(parsed, decision.Application, decision.Source, decision.Folder!, "one");
        return output.Objects.Select(o => o.Name).Order(StringComparer.Ordinal).ToList();
    }

    [Fact]
    public void Include_and_exclude_with_recurse_as_in_argo_cds_tests()
    {
        using var repository = new TempRepository().Write("app/deployment.yaml", Map("nginx-deployment")).Write("app/subdir/deploymentSub.yaml", Map("nginx-deployment-sub"));
        Rendered(repository, "directory:\n      recurse: true\n      include: '*.yaml'", out _).ShouldBe(["nginx-deployment", "nginx-deployment-sub"]);
        Rendered(repository, "directory:\n      recurse: true\n      include: '**/*.yaml'", out _).ShouldBe(["nginx-deployment-sub"]);
        Rendered(repository, "directory:\n      recurse: true\n      exclude: subdir/deploymentSub.yaml", out _).ShouldBe(["nginx-deployment"]);
        Rendered(repository, "directory:\n      recurse: true\n      exclude: '*.yaml'", out _).ShouldBeEmpty();
        Rendered(repository, "directory:\n      recurse: true\n      exclude: nothing.yaml", out _).ShouldBe(["nginx-deployment", "nginx-deployment-sub"]);
        Rendered(repository, "directory:\n      include: '*.yaml'", out _).ShouldBe(["nginx-deployment"]); // without recurse, subfolders are not read
    }

    [Fact]
    public void No_folder_name_is_special_and_hidden_and_ignored_files_are_read()
    {
        using var repository = new TempRepository()
            .Write(".validationignore", "app/ignored/\n")
            .Write("app/bin/a.yaml", Map("in-bin"))
            .Write("app/obj/b.yml", Map("in-obj"))
            .Write("app/node_modules/c.json", "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"in-node-modules\"}}")
            .Write("app/ignored/d.yaml", Map("in-ignored"))
            .Write("app/.hidden.yaml", Map("hidden"))
            .Write("app/notes.txt", Map("not-a-manifest-name"));
        Rendered(repository, "directory:\n      recurse: true", out var output).ShouldBe(["hidden", "in-bin", "in-ignored", "in-node-modules", "in-obj"]);
        output.Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Files_argo_cd_skips_are_skipped_and_jsonnet_is_said_not_checked()
    {
        using var repository = new TempRepository()
            .Write("app/cm.yaml", Map("kept"))
            .Write("app/skipped.yaml", "# +argocd:skip-file-rendering\n" + Map("skipped"))
            .Write("app/settings.yaml", "owner: team-a\n") // unrelated YAML: Argo CD ignores it
            .Write("app/broken.yaml", "kind: ConfigMap\nmetadata: {}\n")
            .Write("app/main.jsonnet", "{}\n");
        Rendered(repository, "directory:\n      recurse: true", out var output).ShouldBe(["kept"]);
        output.Findings.Select(f => (f.Rule, f.Location!.File)).Order().ShouldBe([
            (RenderRules.CannotRenderOffline, "clusters/one/app.yaml"),
            (RenderRules.NotAnObject, "app/broken.yaml"),
        ]);
        output.Findings.Single(f => f.Rule == RenderRules.CannotRenderOffline).Message.ShouldContain("app/main.jsonnet");
    }

    [Fact]
    public void A_link_out_of_the_repository_fails_the_source_and_a_link_inside_is_read()
    {
        using var outside = new TempRepository().Write("secret.yaml", Map("outside"));
        using var repository = new TempRepository().Write("shared/cm.yaml", Map("shared"));
        Directory.CreateDirectory(Path.Combine(repository.Root, "app"));
        File.CreateSymbolicLink(Path.Combine(repository.Root, "app/inside.yaml"), "../shared/cm.yaml");
        Directory.CreateSymbolicLink(Path.Combine(repository.Root, "app/linked"), "../shared");
        Rendered(repository, "directory:\n      recurse: true", out _).ShouldBe(["shared"]);
        // Argo CD's repo server refuses the whole source when its folder holds a link out of bounds (CheckOutOfBoundsSymlinks).
        File.CreateSymbolicLink(Path.Combine(repository.Root, "app/outside.yaml"), Path.Combine(outside.Root, "secret.yaml"));
        var refused = SourceTypeDecisionTests.Decide(repository, "directory:\n      recurse: true");
        refused.Problems.ShouldHaveSingle(RenderRules.InputRefused).Message.ShouldContain("app/outside.yaml");
    }
}
