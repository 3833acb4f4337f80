using Acolhimento.Validation.Configuration;
using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Render;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.AnyRepository;

/// <summary>Issue 16 §1: <c>init</c> finds a repository's Argo CD entry points and writes its validation.yaml; configured entry points are honoured.</summary>
[Trait("Category", "Unit")]
public sealed class InitTests
{
    internal static InitResult Init(string root, params string[] remotes) =>
        RepositoryInitializer.Generate(ParseStage.Run(RepositoryScanner.Scan(root)).Repository, remotes, RepositoryInitializer.NewestKubernetesVersion());

    [Fact]
    public void Init_on_this_repository_reproduces_its_validation_yaml()
    {
        // No remote is passed: a clone's origin differs between machines; the URLs then come from the root Applications.
        var init = Init(RepositoryLocator.Root);
        init.Text.ShouldBe(File.ReadAllText(Path.Combine(RepositoryLocator.Root, RepositoryConfiguration.FileName)).ReplaceLineEndings("\n"));
        init.EntryPoints.Select(e => e.Path).ShouldBe(["clusters/dev", "clusters/production", "clusters/staging"]);
    }

    private const string AppOfAppsChart = """
        {{- range .Values.applications }}
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata:
          name: {{ .name }}
          namespace: argocd
        spec:
          project: default
          destination:
            server: https://kubernetes.default.svc
            namespace: {{ .name }}
          source:
            repoURL: {{ $.Values.repoURL }}
            targetRevision: HEAD
            path: {{ .name }}
        ---
        {{- end }}
        """;

    private static TempRepository AppOfAppsRepository() => new TempRepository()
        .Write("apps/Chart.yaml", "apiVersion: v2\nname: apps\nversion: 0.1.0\n")
        .Write("apps/values.yaml", "repoURL: https://github.com/example/demo-apps\napplications:\n  - name: guestbook\n")
        .Write("apps/templates/applications.yaml", AppOfAppsChart)
        .Write("guestbook/deployment.yaml", SmallRepository.Deployment("guestbook"))
        .Write(".github/workflows/ci.yml", "on: push\njobs: {}\n")
        .Write("mkdocs.yml", "site_name: demo\n");

    [Fact]
    public async Task Init_finds_an_app_of_apps_chart_and_the_gate_renders_it()
    {
        using var repository = AppOfAppsRepository();
        var init = Init(repository.Root, "git@github.com:example/demo-apps.git");
        init.EntryPoints.ShouldBe([new EntryPoint("apps", IsChart: true)]);
        init.Text.ShouldContain("""
              repositoryUrls:
                - https://github.com/example/demo-apps.git
                - git@github.com:example/demo-apps.git
            """);
        init.Text.ShouldContain("""
                - name: in-cluster
                  kubernetesVersion: "1.35"
                  # Where Argo CD starts (default clusters/<name>/): folders of Applications applied by hand, and app-of-apps charts.
                  entryPoints:
                    - apps  # app-of-apps chart
            """);
        init.Text.ShouldContain("  name: example-demo-apps\n");
        repository.Write(RepositoryConfiguration.FileName, init.Text);
        var configuration = RepositoryConfiguration.Load(repository.Root);
        configuration.Clusters.Single().EntryPoints.ShouldBe(["apps"]);
        ClusterLayout.ClusterNames(repository.Root).ShouldBe(["in-cluster"]);

        var parsed = ParseStage.Run(RepositoryScanner.Scan(repository.Root));
        parsed.Findings.ShouldHaveNoErrors();
        using var cache = new TempRepository();
        SchemaDataSkip.RequireForRender();
        var render = await new RenderStage(new ProcessRunner(), new RenderCache(cache.Root)).RunAsync(parsed.Repository, configuration, [], TestContext.Current.CancellationToken);
        render.Findings.ShouldBeEmpty(render.Findings.Describe());
        render.Clusters.Single().Applications.Select(a => a.Name).ShouldBe(["apps", "bootstrap", "guestbook"]);
        render.Object("Deployment", "guestbook").Namespace.ShouldBe("guestbook");
    }

    [Fact]
    public void A_remote_that_is_a_local_path_gives_way_to_the_applications_urls()
    {
        using var repository = new TempRepository()
            .Write("argocd/root.yaml", SmallRepository.Application("root", "apps").Replace(SmallRepository.Url, "https://github.com/example/demo-apps", StringComparison.Ordinal))
            .Write("apps/web.yaml", SmallRepository.Deployment("web"));
        var init = Init(repository.Root, "/srv/mirrors/demo-apps");
        init.RepositoryUrls.ShouldBe(["https://github.com/example/demo-apps"]);
        init.EntryPoints.ShouldBe([new EntryPoint("argocd", IsChart: false)]);
    }

    [Fact]
    public async Task Cli_init_writes_the_file_once_and_refuses_to_overwrite_it()
    {
        using var repository = AppOfAppsRepository();
        var first = await CliRun.RunAsync(["init", "--repo", repository.Root]);
        first.Exit.ShouldBe(0, first.Err);
        first.Out.ShouldContain("entry point: apps/ (app-of-apps chart)");
        File.ReadAllText(Path.Combine(repository.Root, RepositoryConfiguration.FileName)).ShouldContain("entryPoints:");
        var again = await CliRun.RunAsync(["init", "--repo", repository.Root]);
        again.Exit.ShouldBe(2);
        again.Err.ShouldContain("pass --force");
        (await CliRun.RunAsync(["init", "--repo", repository.Root, "--print"])).Out.ShouldStartWith("# What the validation harness needs to know");
    }

    [Fact]
    public void A_repository_without_argo_cd_gets_no_cluster_and_says_why()
    {
        using var repository = new TempRepository()
            .Write("clusters/production/flux-system/gotk-sync.yaml", "apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n");
        var init = Init(repository.Root);
        init.EntryPoints.ShouldBeEmpty();
        init.Text.ShouldContain("  clusters: []\n");
        init.Notes.ShouldContain(n => n.StartsWith("no Argo CD entry point found", StringComparison.Ordinal));
        RepositoryConfiguration.Load(repository.Write(RepositoryConfiguration.FileName, init.Text).Root).Clusters.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_flux_repository_with_undeclared_cluster_folders_exits_two_as_init_says()
    {
        // Found trying fluxcd/flux2-kustomize-helm-example: init said "validate checks nothing and exits 2", validate exited 1
        // with render/undeclared-cluster errors only, no reason and no object checked.
        using var repository = new TempRepository()
            .Write("clusters/production/flux-system/gotk-sync.yaml", "apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n")
            .Write("clusters/production/apps.yaml", "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\nspec:\n  path: ./apps\n")
            .Write("apps/configmap.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n");
        var init = Init(repository.Root, "https://github.com/example/flux.git");
        init.Notes.ShouldContain(n => n.Contains("exits 2", StringComparison.Ordinal));
        repository.Write(RepositoryConfiguration.FileName, init.Text);

        var run = await CliRun.RunAsync(["validate", "--repo", repository.Root, "--stage", "render", "--format", "json"]);

        run.Exit.ShouldBe(2, run.Out);
        using var report = System.Text.Json.JsonDocument.Parse(run.Out);
        report.RootElement.GetProperty("reason").GetString().ShouldNotBeNull().ShouldContain("no cluster is declared");
        report.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("rule").GetString()).ShouldContain("render/undeclared-cluster");
    }

    [Fact]
    public async Task Declared_entry_points_replace_the_clusters_folder_convention()
    {
        using var repository = new SmallRepository();
        File.Delete(Path.Combine(repository.Root, "clusters/one/root.yaml"));
        var configuration = Path.Combine(repository.Root, RepositoryConfiguration.FileName);
        var original = File.ReadAllText(configuration);
        void EntryPoints(params string[] entries) => File.WriteAllText(configuration, original.Replace("      kubernetesVersion: \"1.35\"\n",
            "      kubernetesVersion: \"1.35\"\n      entryPoints:\n" + string.Concat(entries.Select(e => $"        - {e}\n")), StringComparison.Ordinal));
        repository.Write("argocd/bootstrap/root.yaml", SmallRepository.Application("root", "apps"))
            .Write("apps/web.yaml", SmallRepository.Deployment("web"))
            .Write("clusters/not-a-cluster/notes.yaml", "owner: team\n");
        EntryPoints("argocd/bootstrap");
        var result = await repository.RenderAsync();
        result.Findings.ShouldBeEmpty(result.Findings.Describe());
        result.Clusters.Single().Applications.Select(a => a.Name).ShouldBe(["bootstrap", "root"]);
        result.Object("Deployment", "web").Location.File.ShouldBe("apps/web.yaml");

        EntryPoints("argocd/missing");
        result = await repository.RenderAsync();
        result.Findings.Lines().ShouldBe("validation.yaml:1: error render/missing-cluster-folder", result.Findings.Describe());
        result.Findings.Single().Message.ShouldBe("entry point argocd/missing/ of cluster one does not exist");
    }
}
