using System.Text.RegularExpressions;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Design;

/// <summary>
/// The library's namespaces depend only downward: data flows discover → parse → render → schema → policy → live →
/// report, over a shared base (findings, YAML, the harness's identity, Kubernetes facts) and the infrastructure the
/// render needs (processes, configuration, pinned tools); the commands that run the stages (pipeline, diff, upgrade
/// safety, the oracle) sit on top. A file depends on a namespace it imports (<c>using</c>) or names in full.
/// </summary>
[Trait("Category", "Unit")]
public sealed partial class LayeringTests
{
    /// <summary>Bottom first; a namespace may use its own layer and those below it. A namespace is its first segment
    /// under Acolhimento.Validation (<c>Render.Helm</c> is <c>Render</c>) unless its first two are listed.</summary>
    private static readonly string[][] Layers =
    [
        ["Findings", "Yaml", "Identity"],
        ["Kubernetes"],
        // The schema data's lock file and its download: data the render (CRD sources) and the schema stage read.
        ["Schema.Pull"],
        ["Processes"],
        ["Discovery"],
        ["Parsing"],
        ["Configuration"],
        ["Tools"],
        ["Render"],
        ["Schema"],
        ["Policy"],
        ["Live"],
        ["Reporting"],
        ["Pipeline", "Diff", "Upgrade", "Oracle"],
    ];

    /// <summary>
    /// Known upward dependencies, each with why it is still there; one that no longer occurs must be removed from here.
    /// The rule catalogue lists every rule of every command, so it sits in Reporting but names the diff and upgrade
    /// rule tables (Diff/ is not reorganised in this round).
    /// </summary>
    private static readonly HashSet<string> Known = ["Reporting -> Diff", "Reporting -> Upgrade"];

    [Fact]
    public void Every_library_namespace_has_a_layer()
    {
        var unplaced = Files().Select(f => f.Namespace).Distinct().Where(n => Layer(n) < 0).ToList();
        unplaced.ShouldBeEmpty("add the namespace to LayeringTests.Layers at its place in the flow");
    }

    [Fact]
    public void Namespaces_depend_only_on_their_own_layer_and_those_below()
    {
        var upward = Upward(Files());
        upward.Keys.Where(edge => !Known.Contains(edge)).Select(edge => $"{edge}: {string.Join(", ", upward[edge])}").ShouldBeEmpty();
        Known.Where(edge => !upward.ContainsKey(edge)).ShouldBeEmpty("a known exception that no longer occurs: remove it from LayeringTests.Known");
    }

    [Fact]
    public void An_upward_dependency_is_found_through_a_using_or_a_full_name()
    {
        var files = new List<SourceFile>
        {
            new("Kubernetes/A.cs", "Kubernetes", CodeText.Of("using Acolhimento.Validation.Schema;\nnamespace Acolhimento.Validation.Kubernetes;")),
            new("Yaml/B.cs", "Yaml", CodeText.Of("namespace Acolhimento.Validation.Yaml;\nclass B { object C => Acolhimento.Validation.Live.X.Y; }")),
            new("Kubernetes/C.cs", "Kubernetes", CodeText.Of("namespace Acolhimento.Validation.Kubernetes;\nclass C { object D => Tools.CacheFolders.Root(); object E => Identity.CacheFolders.Root(); }")),
            new("Live/D.cs", "Live", CodeText.Of("using Acolhimento.Validation.Schema;\n// using Acolhimento.Validation.Pipeline;\nnamespace Acolhimento.Validation.Live;")),
        };
        Upward(files).Keys.ShouldBe(["Kubernetes -> Schema", "Kubernetes -> Tools", "Yaml -> Live"], ignoreOrder: true);
    }

    private sealed record SourceFile(string Path, string Namespace, string Code);

    private static int Layer(string ns) => Array.FindIndex(Layers, layer => layer.Contains(ns));

    /// <summary>The listed namespace a dotted name falls in: <c>Schema.Pull</c> when listed, else <c>Schema</c>.</summary>
    private static string Resolve(string dotted)
    {
        var parts = dotted.Split('.');
        return parts.Length > 1 && Layer($"{parts[0]}.{parts[1]}") >= 0 ? $"{parts[0]}.{parts[1]}" : parts[0];
    }

    /// <summary>Upward edges as <c>from -> to</c>, each with the files that make it.</summary>
    private static Dictionary<string, List<string>> Upward(IEnumerable<SourceFile> files)
    {
        var known = Layers.SelectMany(l => l).ToHashSet(StringComparer.Ordinal);
        var edges = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var used = FullName().Matches(file.Code).Select(m => Resolve(m.Groups["ns"].Value))
                .Concat(SiblingName().Matches(file.Code).Select(m => Resolve(m.Groups["ns"].Value)).Where(known.Contains))
                .Where(n => n != file.Namespace && known.Contains(n));
            foreach (var target in used.Distinct())
            {
                if (Layer(target) <= Layer(file.Namespace)) continue;
                var edge = $"{file.Namespace} -> {target}";
                if (!edges.TryGetValue(edge, out var list)) edges[edge] = list = [];
                list.Add(file.Path);
            }
        }
        return new Dictionary<string, List<string>>(edges);
    }

    private static List<SourceFile> Files()
    {
        var root = RepositoryLocator.Root;
        var library = RepositoryLocator.Project("Acolhimento.Validation");
        var sources = Directory.EnumerateFiles(library, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(library, f).Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj"))
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "policy", "rules"), "*.cs", SearchOption.AllDirectories));
        var files = new List<SourceFile>();
        foreach (var path in sources)
        {
            var text = File.ReadAllText(path);
            var declared = Namespace().Match(text);
            declared.Success.ShouldBeTrue($"{path} declares no Acolhimento.Validation namespace");
            files.Add(new SourceFile(Path.GetRelativePath(root, path), Resolve(declared.Groups["ns"].Value), CodeText.Of(text)));
        }
        files.Count.ShouldBeGreaterThan(100);
        return files;
    }

    [GeneratedRegex(@"^namespace Acolhimento\.Validation\.(?<ns>[\w.]+);", RegexOptions.Multiline)]
    private static partial Regex Namespace();

    /// <summary><c>using Acolhimento.Validation.X</c>, <c>using static …X.Y</c> and full names in code.</summary>
    [GeneratedRegex(@"\bAcolhimento\.Validation\.(?<ns>\w+(?:\.[A-Z]\w*)?)")]
    private static partial Regex FullName();

    /// <summary>A sibling namespace named from inside another (<c>Identity.CacheFolders</c> in <c>Acolhimento.Validation.Kubernetes</c>).</summary>
    [GeneratedRegex(@"(?<![\w.])(?<ns>[A-Z]\w*(?:\.[A-Z]\w*)?)\.[A-Z]\w*")]
    private static partial Regex SiblingName();
}
