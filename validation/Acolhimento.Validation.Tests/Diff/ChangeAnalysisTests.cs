using Acolhimento.Validation.Diff;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Pipeline;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Support;
using Acolhimento.Validation.Upgrade;
using Shouldly;

namespace Acolhimento.Validation.Tests.Diff;

/// <summary>
/// A temporary git repository with a base commit and a changed one: what <c>diff --base</c> shows per cluster, the Secret
/// it redacts, the upgrade-safety errors at the changed lines, and that a cluster whose inputs did not change is not
/// rendered again for the base.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ChangeAnalysisTests : IDisposable
{
    private readonly TempRepository _repo = new();
    private readonly TempRepository _cache = new();

    private static string Root(string cluster) => $"""
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata:
          name: {cluster}-apps
          namespace: argocd
        spec:
          project: default
          destination:
            server: https://kubernetes.default.svc
            namespace: shop
          source:
            repoURL: https://github.com/central-acolhimento/gitops.git
            targetRevision: main
            path: clusters/{cluster}/apps
          syncPolicy:
            automated:
              prune: true

        """;

    private const string StatefulSet = """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: db
        spec:
          serviceName: db
          selector:
            matchLabels:
              app: db
          template:
            metadata:
              labels:
                app: db
            spec:
              containers:
                - name: db
                  image: postgres:17.2
          volumeClaimTemplates:
            - metadata:
                name: data
              spec:
                accessModes: [ReadWriteOnce]
                resources:
                  requests:
                    storage: 1Gi

        """;

    private const string Pvc = """
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata:
          name: uploads
        spec:
          accessModes: [ReadWriteOnce]
          resources:
            requests:
              storage: 5Gi

        """;

    private static string Secret(string password) => $"""
        apiVersion: v1
        kind: Secret
        metadata:
          name: creds
        stringData:
          user: shop
          password: {password}

        """;

    private static string ConfigMap(string name, string level) => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {name}
        data:
          level: {level}

        """;

    public ChangeAnalysisTests()
    {
        _repo.Write("validation.yaml", File.ReadAllText(Path.Combine(RepositoryLocator.Root, "validation.yaml")).Replace(
                "    - name: dev\n      kubernetesVersion: \"1.35\"\n    - name: staging\n      kubernetesVersion: \"1.35\"\n    - name: production\n      kubernetesVersion: \"1.35\"\n",
                "    - name: a\n      kubernetesVersion: \"1.35\"\n    - name: b\n      kubernetesVersion: \"1.35\"\n", StringComparison.Ordinal))
            .Write("clusters/a/root.yaml", Root("a"))
            .Write("clusters/a/apps/statefulset.yaml", StatefulSet)
            .Write("clusters/a/apps/pvc.yaml", Pvc)
            .Write("clusters/a/apps/secret.yaml", Secret("s3cr3t-before"))
            .Write("clusters/a/apps/config.yaml", ConfigMap("settings", "info"))
            .Write("clusters/b/root.yaml", Root("b"))
            .Write("clusters/b/apps/config.yaml", ConfigMap("settings", "info"));
        Git("init", "-q", "-b", "main");
        Git("add", "-A");
        Git("commit", "-q", "-m", "base");

        _repo.Write("clusters/a/apps/statefulset.yaml", StatefulSet.Replace("storage: 1Gi", "storage: 2Gi", StringComparison.Ordinal))
            .Write("clusters/a/apps/secret.yaml", Secret("s3cr3t-after"))
            .Write("clusters/a/apps/config.yaml", ConfigMap("settings", "debug"))
            .Write("clusters/a/apps/extra.yaml", ConfigMap("extra", "on"));
        File.Delete(Path.Combine(_repo.Root, "clusters/a/apps/pvc.yaml"));
        Git("add", "-A");
        Git("commit", "-q", "-m", "change");
    }

    private void Git(params string[] arguments)
    {
        var result = new ProcessRunner().RunAsync(new ProcessSpec("git",
            ["-C", _repo.Root, "-c", "user.name=test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", .. arguments], TimeSpan.FromMinutes(1))).GetAwaiter().GetResult();
        result.Succeeded.ShouldBeTrue(result.FailureSummary);
    }

    private async Task<ChangeReport> AnalyseAsync()
    {
        var runner = new ProcessRunner();
        var settings = TestPipeline.Settings(Path.Combine(_cache.Root, "render"));
        var analysis = new ChangeAnalysis(runner, settings, new BaseRevision(runner, Path.Combine(_cache.Root, "revisions")));
        return await analysis.RunAsync(new ChangeRequest(_repo.Root, "HEAD~1", [], [Stages.Render]), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Shows_added_removed_and_changed_objects_per_cluster_and_application()
    {
        var report = await AnalyseAsync();
        var a = report.Clusters.Single(c => c.Cluster == "a");
        var app = a.Applications.Single();
        app.Application.ShouldBe("a-apps");
        app.Objects.Single(o => o.Kind == ChangeKind.Added).Object.Name.ShouldBe("extra");
        app.Objects.Single(o => o.Kind == ChangeKind.Removed).Object.Name.ShouldBe("uploads");
        app.Objects.Where(o => o.Kind == ChangeKind.Changed).Select(o => o.Object.Name).Order().ShouldBe(["creds", "db", "settings"]);
        var settings = app.Objects.Single(o => o.Object.Name == "settings");
        settings.Hunks.Single().Hunk.Lines.ShouldContain("-  level: info");
        settings.Hunks.Single().Hunk.Lines.ShouldContain("+  level: debug");
    }

    [Fact]
    public async Task A_secret_change_shows_which_key_changed_and_never_a_value()
    {
        var report = await AnalyseAsync();
        var creds = report.Clusters.Single(c => c.Cluster == "a").Applications.Single().Objects.Single(o => o.Object.Name == "creds");
        var lines = creds.Hunks.SelectMany(h => h.Hunk.Lines).ToList();
        lines.ShouldContain("+  password: <redacted, changed>");
        lines.ShouldNotContain(l => l.Contains("user:", StringComparison.Ordinal) && l[0] != ' ');
        foreach (var format in ChangeFormats.All)
        {
            var text = string.Concat(format.Write(report));
            text.ShouldNotContain("s3cr3t", customMessage: format.Name);
            text.ShouldNotContain("shop\n  password", customMessage: format.Name);
        }
    }

    [Fact]
    public async Task An_immutable_volume_claim_template_change_and_a_pruned_claim_are_errors_at_the_changed_lines()
    {
        var report = await AnalyseAsync();
        var immutable = report.Validation.Findings.ShouldHaveSingle(UpgradeRules.ImmutableField);
        immutable.Severity.ShouldBe(Severity.Error);
        // At the line that changed (storage: 2Gi), not at the volumeClaimTemplates: key above it.
        immutable.Location.ShouldBe(new SourceLocation("clusters/a/apps/statefulset.yaml", 25, 13));
        immutable.Path.ShouldBe("spec.volumeClaimTemplates[0].spec.resources.requests.storage");
        immutable.Message.ShouldContain("spec.volumeClaimTemplates cannot change");
        var pruned = report.Validation.Findings.ShouldHaveSingle(UpgradeRules.PrunedData);
        pruned.Severity.ShouldBe(Severity.Error);
        pruned.Object!.Name.ShouldBe("uploads");
        pruned.Location.ShouldBe(new SourceLocation("clusters/a/root.yaml", 17, 7)); // the prune: true that deletes it
        report.Validation.HasErrors.ShouldBeTrue();
        // The finding is shown with the hunk of the line it is about.
        var db = report.Clusters.Single(c => c.Cluster == "a").Applications.Single().Objects.Single(o => o.Object.Name == "db");
        db.Hunks.SelectMany(h => h.Findings).ShouldContain(immutable);
    }

    [Fact]
    public async Task A_deletion_named_in_the_acknowledgement_annotation_is_not_an_error()
    {
        _repo.Write("clusters/a/root.yaml", Root("a").Replace("  namespace: argocd\n", $"  namespace: argocd\n  annotations:\n    {UpgradeSafety.AcknowledgeAnnotation}: PersistentVolumeClaim/shop/uploads, Namespace/gone\n", StringComparison.Ordinal));
        var report = await AnalyseAsync();
        report.Validation.Findings.ShouldHaveSingle(UpgradeRules.PrunedData).Severity.ShouldBe(Severity.Info);
        report.Validation.Findings.ShouldHaveSingle(UpgradeRules.StaleAcknowledgement).Message.ShouldContain("Namespace/gone");
    }

    [Fact]
    public async Task A_cluster_whose_render_inputs_did_not_change_is_not_rendered_again()
    {
        var report = await AnalyseAsync();
        report.BaseRendered.ShouldBe(["a"]);
        var b = report.Clusters.Single(c => c.Cluster == "b");
        b.InputsChanged.ShouldBeFalse();
        b.IsEmpty.ShouldBeTrue();
        // A second run reuses the checkout of the base commit.
        var again = await AnalyseAsync();
        again.Base.Root.ShouldBe(report.Base.Root);
    }

    [Fact]
    public async Task Markdown_comments_are_split_below_the_limit_and_each_says_what_it_is()
    {
        var report = await AnalyseAsync();
        var parts = new ChangeMarkdownFormat().Write(report, 2_000);
        parts.Count.ShouldBeGreaterThan(1);
        for (var i = 0; i < parts.Count; i++)
        {
            parts[i].Length.ShouldBeLessThanOrEqualTo(2_000 + 200, $"part {i + 1}");
            parts[i].ShouldStartWith(ChangeMarkdownFormat.Marker);
            parts[i].ShouldContain($"part {i + 1} of {parts.Count}");
            parts[i].ShouldContain("HEAD~1");
        }
        new ChangeMarkdownFormat().Write(report).Count.ShouldBe(1);
    }

    [Fact]
    public async Task The_cli_writes_the_comment_and_the_gate_reports_and_fails_on_the_upgrade_errors()
    {
        var folder = Path.Combine(_cache.Root, "out");
        var (exit, output, err) = await CliRun.RunAsync(["diff", "--repo", _repo.Root, "--base", "HEAD~1", "--stage", "render", "--format", "markdown", "--format", "text", "--output-dir", folder, "--report", "sarif", "--report", "github"]);
        exit.ShouldBe(1, err);
        // Annotations reach standard output (where GitHub's runner reads them) although every other output goes to the folder.
        output.ShouldContain("::error file=clusters/a/apps/statefulset.yaml,line=25,col=13,title=upgrade/immutable-field::");
        File.Exists(Path.Combine(folder, "report.github.txt")).ShouldBeFalse();
        File.ReadAllText(Path.Combine(folder, "diff.md")).ShouldContain("<summary><b>cluster a</b>: 1 added, 1 removed, 3 changed</summary>");
        File.ReadAllText(Path.Combine(folder, "diff.txt")).ShouldContain("- PersistentVolumeClaim shop/uploads removed");
        File.ReadAllText(Path.Combine(folder, "report.sarif")).ShouldContain("\"ruleId\": \"upgrade/pruned-data\"");
    }

    [Fact]
    public async Task An_unknown_base_is_exit_two_material()
    {
        var runner = new ProcessRunner();
        var revisions = new BaseRevision(runner, Path.Combine(_cache.Root, "revisions"));
        await Should.ThrowAsync<CannotValidateException>(() => revisions.CheckOutAsync(_repo.Root, "no-such-branch", TestContext.Current.CancellationToken));
        await Should.ThrowAsync<CannotValidateException>(() => revisions.CheckOutAsync(_repo.Root, "--output=/tmp/x", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_mistyped_base_says_why_and_names_the_branch_it_resembles()
    {
        var (exit, output, err) = await CliRun.RunAsync(["diff", "--repo", _repo.Root, "--base", "mian", "--stage", "render"]);
        exit.ShouldBe(2);
        output.ShouldBeEmpty();
        err.ShouldBe("error: --base mian: no branch, tag or commit of that name in the repository; did you mean main?\n");
    }

    public void Dispose()
    {
        _repo.Dispose();
        _cache.Dispose();
    }
}
