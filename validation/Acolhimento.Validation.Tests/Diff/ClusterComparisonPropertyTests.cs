using Acolhimento.Validation.Diff;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Render;
using Shouldly;

namespace Acolhimento.Validation.Tests.Diff;

/// <summary>
/// Random (seeded, so every run is the same) sequences of renames, namespace moves, moves between Applications,
/// content edits, deletions and additions over a generated cluster: the comparison never throws, and every object of
/// the base and of the changed revision is accounted for exactly once as unchanged, changed, added, removed, renamed or moved.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ClusterComparisonPropertyTests
{
    private static readonly string[] Applications = ["shop", "payments", "platform"];
    private static readonly string[] Namespaces = ["shop", "payments", "monitoring", "edge"];
    private static readonly string[] Kinds = ["ConfigMap", "Deployment", "Service"];

    /// <summary>An object as the generator keeps it, before it is written as YAML.</summary>
    private sealed record Spec(string Kind, string Namespace, string Name, string Application, int Content);

    private static string Yaml(Spec s) => s.Kind switch
    {
        "ConfigMap" => $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {s.Name}\n  namespace: {s.Namespace}\ndata:\n  level: v{s.Content}\n  region: eu\n  owner: team\n",
        "Service" => $"apiVersion: v1\nkind: Service\nmetadata:\n  namespace: {s.Namespace}\n  name: {s.Name}\nspec:\n  selector:\n    app: {s.Name}\n  ports:\n    - port: {8000 + s.Content}\n      name: http\n",
        _ => $"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {s.Name}\n  namespace: {s.Namespace}\n  labels:\n    app: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: registry.example/web:1.{s.Content}\n          ports:\n            - containerPort: 8080\n",
    };

    private static RenderedCluster Cluster(IEnumerable<Spec> specs) =>
        new("c", "1.35", [], specs.SelectMany((s, i) => RenderedObjects.FromText($"apps/{s.Application}/o{i}.yaml", Yaml(s), "c", s.Application)).ToList(), []);

    /// <summary>The changed revision: a random sequence of edits; every name is fresh, so no two objects ever share an identity.</summary>
    private static List<Spec> Mutate(List<Spec> start, Random random, ref int serial)
    {
        var head = start.ToList();
        var steps = random.Next(1, 12);
        for (var step = 0; step < steps; step++)
        {
            var operation = random.Next(7);
            if (operation == 5 || head.Count == 0)
            {
                head.Add(new Spec(Kinds[random.Next(Kinds.Length)], Namespaces[random.Next(Namespaces.Length)], $"o{serial++}", Applications[random.Next(Applications.Length)], random.Next(3)));
                continue;
            }
            var index = random.Next(head.Count);
            var s = head[index];
            head[index] = operation switch
            {
                0 => s with { Name = $"o{serial++}" },
                1 => s with { Namespace = Namespaces[(Array.IndexOf(Namespaces, s.Namespace) + 1 + random.Next(Namespaces.Length - 1)) % Namespaces.Length] },
                2 => s with { Application = Applications[(Array.IndexOf(Applications, s.Application) + 1) % Applications.Length] },
                3 => s with { Content = s.Content + 1 },
                4 => s with { Name = $"o{serial++}", Content = s.Content + 5 },
                _ => s,
            };
            if (operation == 6) head.RemoveAt(index);
        }
        return head;
    }

    [Fact]
    public void Random_edit_sequences_never_throw_and_account_for_every_object_exactly_once()
    {
        var random = new Random(20261207);
        for (var round = 0; round < 300; round++)
        {
            var serial = 0;
            var start = Enumerable.Range(0, random.Next(0, 14))
                .Select(_ => new Spec(Kinds[random.Next(Kinds.Length)], Namespaces[random.Next(Namespaces.Length)], $"o{serial++}", Applications[random.Next(Applications.Length)], random.Next(3)))
                .ToList();
            var head = Mutate(start, random, ref serial);
            var before = Cluster(start);
            var after = Cluster(head);

            var changes = ClusterComparison.Compare("c", before, after, [], inputsChanged: true);

            var objects = changes.Applications.SelectMany(a => a.Objects).ToList();
            var changedIdentities = objects.Where(o => o.Kind is ChangeKind.Changed or ChangeKind.MovedBetweenApplications).Select(o => o.Object.Identity).ToHashSet();
            var headIds = after.Objects.Select(o => o.Id.Identity).ToList();
            var baseIds = before.Objects.Select(o => o.Id.Identity).ToList();
            var unchanged = headIds.Intersect(baseIds).Where(id => !changedIdentities.Contains(id)).ToList();

            // Each head object: unchanged, changed/moved, added, or the new side of a rename — once.
            var headAccounts = unchanged
                .Concat(objects.Where(o => o.Kind != ChangeKind.Removed).Select(o => o.Object.Identity))
                .GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
            // Each base object: unchanged, changed/moved, removed, or the old side of a rename — once.
            var baseAccounts = unchanged
                .Concat(objects.Where(o => o.Kind is ChangeKind.Changed or ChangeKind.MovedBetweenApplications or ChangeKind.Removed).Select(o => o.Object.Identity))
                .Concat(objects.Where(o => o.Kind == ChangeKind.Renamed).Select(o => o.Previous!.Identity))
                .GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
            var context = $"round {round}: base [{string.Join(", ", start)}] head [{string.Join(", ", head)}]";
            headAccounts.Keys.Order().ShouldBe(headIds.Order(), context);
            headAccounts.Values.ShouldAllBe(n => n == 1, context);
            baseAccounts.Keys.Order().ShouldBe(baseIds.Order(), context);
            baseAccounts.Values.ShouldAllBe(n => n == 1, context);
            // What was only moved between Applications, untouched, shows no diff.
            foreach (var moved in objects.Where(o => o.Kind == ChangeKind.MovedBetweenApplications))
            {
                var was = start.Single(s => $"{s.Namespace}/{s.Name}" == $"{moved.Object.Namespace}/{moved.Object.Name}");
                var now = head.Single(s => $"{s.Namespace}/{s.Name}" == $"{moved.Object.Namespace}/{moved.Object.Name}");
                if (was.Content == now.Content) moved.Hunks.ShouldBeEmpty(context);
            }
        }
    }

    [Fact]
    public void An_object_moved_between_applications_and_written_in_another_key_order_is_moved_with_no_change()
    {
        const string sorted = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: ns\ndata:\n  a: '1'\n  b: '2'\n";
        const string sourceOrder = "kind: ConfigMap\napiVersion: v1\ndata:\n  b: '2'\n  a: '1'\nmetadata:\n  namespace: ns\n  name: c\n";
        var before = new RenderedCluster("c", "1.35", [], RenderedObjects.FromText("old.yaml", sorted, "c", "one"), []);
        var after = new RenderedCluster("c", "1.35", [], RenderedObjects.FromText("new.yaml", sourceOrder, "c", "two"), []);
        var change = ClusterComparison.Compare("c", before, after, [], inputsChanged: true).Applications.Single().Objects.Single();
        change.Kind.ShouldBe(ChangeKind.MovedBetweenApplications);
        change.Hunks.ShouldBeEmpty();
        new ChangeTextFormat().Write(new ChangeReport(new CheckedOutRevision("main", new string('a', 40), "/base"), [ClusterComparison.Compare("c", before, after, [], true)],
            Validation.Reporting.ValidationReport.Create([], 0, 0, 0, 0), ["c"]))[0].ShouldContain("> ConfigMap ns/c moved from Application one to two, no change");
    }
}
