using Acolhimento.Validation.Configuration;
using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Pipeline;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.AnyRepository;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Render;

/// <summary>
/// An Application of this repository that tracks another revision than the one under test is rendered from that
/// revision's files (checked out from Git as <c>diff --base</c> does), never from the working tree; a revision Git does
/// not know is an error at its targetRevision.
/// </summary>
[Trait("Category", "Unit")]
public sealed class OtherRevisionTests
{
    private static string ConfigMap(string name) => $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n  namespace: argocd\n";

    private static void Git(string root, params string[] arguments)
    {
        var result = new ProcessRunner().RunAsync(new ProcessSpec("git",
            ["-C", root, "-c", "user.name=test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", .. arguments], TimeSpan.FromMinutes(1))).GetAwaiter().GetResult();
        result.Succeeded.ShouldBeTrue(result.FailureSummary);
    }

    [Fact]
    public async Task A_source_on_a_tag_renders_the_tagged_files_and_an_unknown_revision_is_an_error()
    {
        using var revisions = new TempRepository();
        using var cache = new TempRepository();
        using var repository = new SmallRepository()
            .Write("apps/tagged.yaml", SmallRepository.Application("tagged", "tagged").Replace("targetRevision: HEAD", "targetRevision: v1", StringComparison.Ordinal))
            .Write("apps/unknown.yaml", SmallRepository.Application("unknown", "tagged").Replace("targetRevision: HEAD", "targetRevision: v9", StringComparison.Ordinal))
            .Write("tagged/cm.yaml", ConfigMap("as-tagged"));
        Git(repository.Root, "init", "-q", "-b", "main");
        Git(repository.Root, "add", "-A");
        Git(repository.Root, "commit", "-q", "-m", "v1");
        Git(repository.Root, "tag", "v1");
        repository.Write("tagged/cm.yaml", ConfigMap("in-the-working-tree"));

        var parsed = ParseStage.Run(RepositoryScanner.Scan(repository.Root)).Repository;
        var runner = new ProcessRunner();
        SchemaDataSkip.RequireForRender();
        var result = await new RenderStage(runner, new RenderCache(cache.Root), revisions: new GitRevisionCheckout(runner, revisions.Root))
            .RunAsync(parsed, RepositoryConfiguration.Load(repository.Root), [], TestContext.Current.CancellationToken);

        var names = result.Clusters.Single().Objects.Where(o => o.Kind == "ConfigMap").Select(o => o.Name).ToList();
        names.ShouldBe(["as-tagged"]);
        var unknown = result.Findings.ShouldHaveSingle(RenderRules.OtherRevision);
        unknown.Location.ShouldBe(new Validation.Findings.SourceLocation("apps/unknown.yaml", 13, 5));
        unknown.Message.ShouldContain("\"v9\"");
    }
}
