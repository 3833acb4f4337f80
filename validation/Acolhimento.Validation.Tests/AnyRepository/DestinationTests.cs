using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.AnyRepository;

/// <summary>
/// Issue 22 §2: destinations are clusters. A hub whose Argo CD deploys one folder to three clusters gets no duplicate
/// findings and no cross-object check that mixes clusters; a destination naming both name and server, or a cluster no
/// declaration matches, is an error at its line and the Application is not rendered (Argo CD refuses to sync it).
/// </summary>
[Trait("Category", "Gate")]
public sealed class DestinationTests
{
    private static string Spokes(string northVersion = "1.35") => $$"""
              argoCdClusters:
                - name: east
                  server: https://east.example.com:6443
                - name: west
                  server: https://west.example.com:6443/
                - name: north
                  server: https://north.example.com
                  kubernetesVersion: "{{northVersion}}"

        """;

    /// <summary>An Application of <see cref="SmallRepository"/> with its destination's server line replaced by <paramref name="destination"/>.</summary>
    private static string To(string name, string path, string destination, string destinationNamespace = "web") =>
        SmallRepository.Application(name, path, destinationNamespace)
            .Replace("    server: https://kubernetes.default.svc\n", destination, StringComparison.Ordinal);

    private static string Server(string url) => $"    server: {url}\n";

    private static string Name(string cluster) => $"    name: {cluster}\n";

    private const string WebDeployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 1
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
                - name: main
                  image: registry.example.com/web:1.0.0
                  envFrom:
                    - configMapRef:
                        name: settings
        """;

    private const string Settings = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n";

    /// <summary>One folder to three clusters (east and west by server, north by name); the ConfigMap the pods read only to west.</summary>
    private static SmallRepository Hub(string northVersion = "1.35") => new SmallRepository(Spokes(northVersion))
        .Write("apps/web-east.yaml", To("web-east", "web", Server("https://east.example.com:6443")))
        .Write("apps/web-west.yaml", To("web-west", "web", Server("https://west.example.com:6443")))
        .Write("apps/web-north.yaml", To("web-north", "web", Name("north")))
        .Write("apps/settings-west.yaml", To("settings-west", "settings", Name("west")))
        .Write("web/deployment.yaml", WebDeployment)
        .Write("settings/configmap.yaml", Settings);

    [Fact]
    public async Task One_folder_to_three_clusters_is_three_objects_on_three_destinations_not_duplicates()
    {
        using var repository = Hub(northVersion: "1.34");
        var result = await repository.RenderAsync();

        result.Findings.Where(f => f.Severity == Severity.Error).ShouldBeEmpty(result.Findings.Describe());
        var cluster = result.Clusters.Single();
        var webs = cluster.Objects.Where(o => o.Kind == "Deployment").ToList();
        webs.Select(o => o.Destination?.Name).Order().ShouldBe(["east", "north", "west"]);
        webs.ShouldAllBe(o => o.Location == new SourceLocation("web/deployment.yaml", 1, 1));

        var parts = cluster.PerDestination();
        parts.Select(p => p.Destination?.Name ?? "in-cluster").ShouldBe(["in-cluster", "east", "north", "west"]);
        parts[0].Objects.ShouldAllBe(o => o.Kind == "Application"); // the hub receives the Applications, the spokes what they deploy
        parts.Single(p => p.Destination?.Name == "north").KubernetesVersion.ShouldBe("1.34");
        parts.Single(p => p.Destination?.Name == "east").KubernetesVersion.ShouldBe("1.35");
        parts.Single(p => p.Destination?.Name == "west").Objects.Select(o => o.Kind).Order().ShouldBe(["ConfigMap", "Deployment"]);
    }

    [Fact]
    public async Task Cross_object_checks_are_judged_per_destination_cluster()
    {
        using var repository = Hub();
        var findings = await repository.ValidateAsync(Stages.Render, Stages.Policy);

        // The ConfigMap reaches west only: the pods of east and north miss it, west's do not.
        var missing = findings.Where(f => f.Rule == "policy/ref-configmap").ToList();
        string.Join(",", missing.Select(f => f.Destination).Order()).ShouldBe("east,north", customMessage: findings.Describe());
        missing.ShouldAllBe(f => f.Location!.File == "web/deployment.yaml" && f.Location.Line == 20 && f.Severity == Severity.Error);
        findings.ShouldNotContain(f => f.Rule == RenderRules.Duplicate);
    }

    [Fact]
    public async Task An_app_project_names_destinations_by_name_or_server_as_the_declared_clusters_pair_them()
    {
        using var repository = new SmallRepository(Spokes())
            .Write("apps/project.yaml", """
                apiVersion: argoproj.io/v1alpha1
                kind: AppProject
                metadata:
                  name: spokes
                  namespace: argocd
                spec:
                  sourceRepos: ["*"]
                  destinations:
                    - name: east
                      namespace: "*"
                    - server: https://west.example.com:6443
                      namespace: "*"
                """)
            .Write("apps/web-east.yaml", To("web-east", "settings", Server("https://east.example.com:6443")).Replace("project: default", "project: spokes", StringComparison.Ordinal))
            .Write("apps/web-west.yaml", To("web-west", "settings", Name("west")).Replace("project: default", "project: spokes", StringComparison.Ordinal))
            .Write("apps/web-north.yaml", To("web-north", "settings", Name("north")).Replace("project: default", "project: spokes", StringComparison.Ordinal))
            .Write("settings/configmap.yaml", Settings);
        var findings = await repository.ValidateAsync(Stages.Render, Stages.Policy);

        // east by server matches the project's entry by name, west by name its entry by server; north is in neither.
        findings.Where(f => f.Rule == "policy/argocd-application-project").Lines()
            .ShouldBe("apps/web-north.yaml:8: error policy/argocd-application-project", customMessage: findings.Describe());
    }

    [Fact]
    public async Task A_defect_in_a_folder_deployed_to_three_clusters_is_found_on_each_at_its_line()
    {
        using var repository = Hub();
        repository.Write("web/deployment.yaml", WebDeployment.Replace("  replicas: 1", "  replicas: one", StringComparison.Ordinal));
        var findings = await repository.ValidateAsync(Stages.Render, Stages.Schema);

        var errors = findings.Where(f => f.Stage == Stages.Schema && f.CountsAsError).ToList();
        string.Join("\n", errors.Select(f => $"{f.Location!.File}:{f.Location.Line} {f.Destination}").Order())
            .ShouldBe("web/deployment.yaml:6 east\nweb/deployment.yaml:6 north\nweb/deployment.yaml:6 west", customMessage: findings.Describe());
    }

    [Fact]
    public async Task A_destination_with_both_name_and_server_is_an_error_at_its_line_and_is_not_rendered()
    {
        using var repository = new SmallRepository(Spokes())
            .Write("apps/web.yaml", To("web", "web", Name("east") + Server("https://east.example.com:6443")))
            .Write("web/configmap.yaml", Settings);
        var findings = await repository.ValidateAsync(Stages.Render);

        findings.Where(f => f.CountsAsError).Lines().ShouldBe("apps/web.yaml:9: error render/ambiguous-destination", customMessage: findings.Describe());
        findings.Single(f => f.CountsAsError).Message.ShouldContain("can't have both name and server defined");
    }

    [Theory]
    [InlineData("    server: https://south.example.com\n", 9, "https://south.example.com")]
    [InlineData("    name: south\n", 9, "\"south\"")]
    [InlineData("    namespace: web\n", 8, "neither")]
    public async Task A_destination_no_declared_cluster_matches_is_an_error_at_its_line(string destination, int line, string named)
    {
        using var repository = new SmallRepository(Spokes())
            .Write("apps/web.yaml", To("web", "web", destination).Replace("    namespace: web\n    namespace: web\n", "    namespace: web\n", StringComparison.Ordinal))
            .Write("web/configmap.yaml", Settings);
        var findings = await repository.ValidateAsync(Stages.Render);

        findings.Where(f => f.CountsAsError).Lines().ShouldBe($"apps/web.yaml:{line}: error render/unknown-destination", customMessage: findings.Describe());
        var finding = findings.Single(f => f.CountsAsError);
        finding.Message.ShouldContain(named);
        finding.Message.ShouldContain("east (https://east.example.com:6443)"); // says which clusters exist
    }

    [Fact]
    public async Task Same_name_applications_in_two_namespaces_are_both_checked_at_their_lines()
    {
        using var repository = new SmallRepository("      applicationNamespaces: [a, b]\n")
            .Write("apps/web-a.yaml", SmallRepository.Application("web", "web-a").Replace("  namespace: argocd\nspec:", "  namespace: a\nspec:", StringComparison.Ordinal))
            .Write("apps/web-b.yaml", SmallRepository.Application("web", "web-b").Replace("  namespace: argocd\nspec:", "  namespace: b\nspec:", StringComparison.Ordinal))
            .Write("web-a/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: first\n  namespace: a\ndata:\n  mode: fast\n")
            .Write("web-b/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: second\n  namespace: b\ndata:\n  mode: [not, a, string]\n");
        var findings = await repository.ValidateAsync(Stages.Render, Stages.Schema);

        var error = findings.Where(f => f.CountsAsError).ShouldHaveSingleItem(findings.Describe());
        (error.Location!.File, error.Location.Line, error.Application).ShouldBe(("web-b/cm.yaml", 7, "b/web"));
    }
}
