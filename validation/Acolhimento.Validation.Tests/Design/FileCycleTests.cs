using System.Text.RegularExpressions;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Design;

/// <summary>
/// Files of a stage folder depend on each other one way: a file that names a type declared in another file depends on
/// it, and no chain of such dependencies comes back. (Rule ids and shared helpers on a stage's entry class made
/// SourceRenderer and the renderers, and RenderStage and ClusterRender, depend on each other.)
/// </summary>
[Trait("Category", "Unit")]
public sealed partial class FileCycleTests
{
    [Theory]
    [InlineData("Render")]
    [InlineData("Kubernetes")]
    public void Files_of_the_folder_form_no_cycle(string folder)
    {
        var files = Directory.GetFiles(Path.Combine(RepositoryLocator.Project("Acolhimento.Validation"), folder), "*.cs")
            .ToDictionary(f => Path.GetFileName(f), f => CodeText.Of(File.ReadAllText(f)));
        files.Count.ShouldBeGreaterThan(1);
        var declaredIn = files.SelectMany(f => Declaration().Matches(f.Value).Select(m => (Type: m.Groups["name"].Value, File: f.Key)))
            .GroupBy(d => d.Type).Where(g => g.Count() == 1).ToDictionary(g => g.Key, g => g.Single().File);
        var uses = files.ToDictionary(f => f.Key, f => declaredIn.Where(d => d.Value != f.Key && Regex.IsMatch(f.Value, $@"\b{d.Key}\b")).Select(d => d.Value).ToHashSet());
        Cycles(uses).ShouldBeEmpty();
    }

    [Fact]
    public void A_cycle_is_found()
    {
        var uses = new Dictionary<string, HashSet<string>> { ["a"] = ["b"], ["b"] = ["c"], ["c"] = ["a"], ["d"] = ["a"] };
        Cycles(uses).ShouldBe(["a -> b -> c -> a"]);
    }

    /// <summary>Each cycle once, as <c>a -> b -> a</c>, starting at its alphabetically first file.</summary>
    private static List<string> Cycles(Dictionary<string, HashSet<string>> uses)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var start in uses.Keys)
        {
            var paths = new Stack<List<string>>();
            paths.Push([start]);
            while (paths.Count > 0)
            {
                var path = paths.Pop();
                foreach (var next in uses.GetValueOrDefault(path[^1]) ?? [])
                {
                    if (next == start && path.All(p => string.CompareOrdinal(p, start) >= 0)) found.Add(string.Join(" -> ", path.Append(start)));
                    else if (!path.Contains(next) && string.CompareOrdinal(next, start) > 0) paths.Push([.. path, next]);
                }
            }
        }
        return found.ToList();
    }

    [GeneratedRegex(@"\b(?:class|record|struct|enum|interface)\s+(?:struct\s+)?(?<name>[A-Z]\w*)")]
    private static partial Regex Declaration();
}
