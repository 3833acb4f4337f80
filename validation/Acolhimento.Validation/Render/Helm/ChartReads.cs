using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render.Helm;

/// <summary>
/// The repository paths a chart's render reads besides its value files: the chart folder (templates, values, vendored
/// <c>charts/</c>, <c>.helmignore</c>, files read by <c>.Files</c>) and every dependency a <c>file://</c> repository names
/// in <c>Chart.yaml</c> or (apiVersion v1 charts) <c>requirements.yaml</c>. Null when they cannot be bounded: a chart file
/// that cannot be read as YAML, or a local dependency outside the repository; the render is then keyed by the whole repository.
/// </summary>
internal static class ChartReads
{
    private static readonly string[] DependencyFiles = ["Chart.yaml", "requirements.yaml"];

    public static List<string>? Of(ParsedRepository repository, string chartFolder)
    {
        var reads = new List<string> { chartFolder };
        foreach (var name in DependencyFiles)
        {
            var path = chartFolder.Length == 0 ? name : $"{chartFolder}/{name}";
            if (repository.Resolve(path).TargetType == EntryType.Missing) continue;
            if (repository.Read(path) is not { Problem: null } file) return null;
            foreach (var dependency in file.Mappings.SelectMany(m => m.Sequence("dependencies")?.Items ?? []))
            {
                if (dependency is not YamlMapping entry || entry["repository"] is not YamlScalar repositoryField) continue;
                if (!repositoryField.Value.StartsWith("file://", StringComparison.Ordinal)) continue;
                if (RepositoryPaths.Combine(chartFolder, repositoryField.Value["file://".Length..]) is not { } local) return null;
                reads.Add(local);
            }
        }
        return reads;
    }
}
