using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.AnyRepository;

/// <summary>
/// Issue 22 §1, kept as a property: over small repositories generated from a seed (Applications of colliding names in
/// watched and unwatched namespaces, destinations in-cluster, by name, by server, unknown or both, folders holding objects,
/// documents that are not objects, or nothing), for every Application the objects its source emits are the objects the
/// checking stages get (each destination's part of the cluster, once), or an error finding at its file or its folder
/// says why not.
/// </summary>
[Trait("Category", "Unit")]
public sealed class EveryApplicationCheckedTests
{
    private const int Repositories = 30;

    private static readonly string[] Names = ["web", "api", "jobs"];
    private static readonly string[] Namespaces = ["argocd", "argocd", "team-a", "team-b"]; // team-b is not watched
    private static readonly string[] Destinations =
    [
        "    server: https://kubernetes.default.svc\n",
        "    name: in-cluster\n",
        "    name: east\n",
        "    server: https://west.example.com\n",
        "    server: https://nowhere.example.com\n",
        "    name: east\n    server: https://east.example.com\n",
    ];

    private sealed record GeneratedApplication(string File, string Folder, string Identity, int Objects);

    [Fact]
    public async Task For_every_application_objects_emitted_are_objects_checked_or_a_finding_says_why()
    {
        for (var seed = 1; seed <= Repositories; seed++)
        {
            var random = new Random(seed);
            using var repository = new SmallRepository("""
                      applicationNamespaces: [team-a]
                      argoCdClusters:
                        - name: east
                          server: https://east.example.com
                        - name: west
                          server: https://west.example.com

                """);
            var applications = Generate(random, repository);
            var result = await repository.RenderAsync();

            var cluster = result.Clusters.Single();
            var parts = cluster.PerDestination();
            parts.Sum(p => p.Objects.Count).ShouldBe(cluster.Objects.Count, $"seed {seed}: every object is in exactly one destination's part");
            foreach (var app in applications)
            {
                var checkedObjects = parts.SelectMany(p => p.Objects).Count(o => o.Application == app.Identity && o.Location.File.StartsWith(app.Folder + "/", StringComparison.Ordinal));
                var why = result.Findings.Where(f => f.Severity == Severity.Error && (f.Location?.File == app.File || f.Location?.File.StartsWith(app.Folder + "/", StringComparison.Ordinal) == true)).ToList();
                if (why.Count > 0) continue;
                checkedObjects.ShouldBe(app.Objects, $"seed {seed}: Application {app.Identity} ({app.File}) emits {app.Objects} object(s) and no error finding says why fewer or more were checked\n{result.Findings.Describe()}");
            }
        }
    }

    /// <summary>Writes one to five Applications under apps/, each with its own folder of zero to three ConfigMaps, sometimes a document that is no object.</summary>
    private static List<GeneratedApplication> Generate(Random random, SmallRepository repository)
    {
        var applications = new List<GeneratedApplication>();
        var count = random.Next(1, 6);
        for (var i = 0; i < count; i++)
        {
            var (name, ns, destination) = (Names[random.Next(Names.Length)], Namespaces[random.Next(Namespaces.Length)], Destinations[random.Next(Destinations.Length)]);
            var folder = $"f{i}";
            var file = $"apps/app{i}.yaml";
            repository.Write(file, SmallRepository.Application(name, folder, "work")
                .Replace("  namespace: argocd\nspec:", $"  namespace: {ns}\nspec:", StringComparison.Ordinal)
                .Replace("    server: https://kubernetes.default.svc\n", destination, StringComparison.Ordinal));
            var objects = random.Next(0, 4);
            for (var k = 0; k < objects; k++)
            {
                repository.Write($"{folder}/cm{k}.yaml", $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm{k}\ndata:\n  app: {name}\n");
            }
            if (random.Next(5) == 0) repository.Write($"{folder}/broken.yaml", "kind: ConfigMap\ndata: {}\n");
            if (objects == 0) repository.Write($"{folder}/README.md", "nothing to deploy yet\n");
            applications.Add(new GeneratedApplication(file, folder, ns == "argocd" ? name : $"{ns}/{name}", objects));
        }
        return applications;
    }
}
