using Acolhimento.Validation.Policy;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Support;

namespace Acolhimento.Validation.Tests.Policy;

/// <summary>Builds clusters and stages for the policy unit tests from YAML text, as the render stage would hand them over.</summary>
internal static class PolicyTestData
{
    public const string ManifestPath = "overlays/dev/all.yaml";

    public static readonly DateOnly Today = new(2026, 3, 1);

    public static string CleanCluster => File.ReadAllText(RepositoryLocator.Fixture("Policy", "clean-cluster.yaml"));

    public static string RepositoryConfigurationText => File.ReadAllText(Path.Combine(RepositoryLocator.Root, PolicyConfiguration.FileName));

    public static RenderedCluster Cluster(string yaml, string name = "dev", string path = ManifestPath) =>
        new(name, "1.35", [], RenderedObjects.FromText(path, yaml, name, "acolhimento-dev"), []);

    public static PolicyStage Stage(string? exceptions = null, IReadOnlyList<string>? repositoryClusters = null) =>
        PolicyStage.FromText(RepositoryConfigurationText, exceptions ?? "waivers: []\n", repositoryClusters: repositoryClusters);

    /// <summary>1-based line of the only line containing <paramref name="text"/>, so tests do not hard-code line numbers.</summary>
    public static int LineOf(string yaml, string text)
    {
        var lines = yaml.ReplaceLineEndings("\n").Split('\n');
        var matches = Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains(text, StringComparison.Ordinal)).ToList();
        if (matches.Count != 1) throw new InvalidOperationException($"expected one line containing \"{text}\", found {matches.Count}");
        return matches[0] + 1;
    }

    public static string ReplaceOnce(string yaml, string oldText, string newText)
    {
        var at = yaml.IndexOf(oldText, StringComparison.Ordinal);
        if (at < 0 || yaml.IndexOf(oldText, at + 1, StringComparison.Ordinal) >= 0) throw new InvalidOperationException($"\"{oldText}\" must occur exactly once");
        return yaml[..at] + newText + yaml[(at + oldText.Length)..];
    }
}
