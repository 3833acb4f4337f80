using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

/// <summary>
/// The repository files Applications read as Helm value files (<c>helm.valueFiles</c>): <c>$ref/path</c> entries of
/// multi-source Applications name a file from the repository root of the source with that <c>ref</c>, other entries a
/// file relative to the chart's path. Such a file is Helm input, not a manifest, wherever it lies; templated entries
/// (ApplicationSet parameters) are left out, as nothing names them before the generator runs.
/// </summary>
internal static class ValueFileReferences
{
    public static IReadOnlySet<string> Of(ParsedRepository repository)
    {
        var files = new HashSet<string>(StringComparer.Ordinal);
        foreach (var body in repository.Files.Where(f => f.File.Kind == FileKind.Manifest).SelectMany(f => f.Mappings))
        {
            if (!(body.String("apiVersion") ?? "").StartsWith(ApplicationDefinition.Group + "/", StringComparison.Ordinal)) continue;
            var spec = body.String("kind") switch
            {
                "Application" => body.Mapping("spec"),
                "ApplicationSet" => body.Mapping("spec")?.Mapping("template")?.Mapping("spec"),
                _ => null,
            };
            var sources = new List<YamlMapping>();
            if (spec?.Mapping("source") is { } single) sources.Add(single);
            sources.AddRange((spec?.Sequence("sources")?.Items ?? []).OfType<YamlMapping>());
            var refs = sources.Select(s => s.String("ref")).OfType<string>().ToHashSet(StringComparer.Ordinal);
            foreach (var source in sources)
            {
                foreach (var entry in (source.Mapping("helm")?.Sequence("valueFiles")?.Items ?? []).OfType<YamlScalar>().Select(s => s.Value))
                {
                    if (entry.Contains("{{", StringComparison.Ordinal)) continue;
                    if (entry.StartsWith('$') && entry.IndexOf('/') is var slash and > 1 && refs.Contains(entry[1..slash]))
                    {
                        if (RepositoryPaths.Combine("", entry[(slash + 1)..]) is { } fromRoot) files.Add(fromRoot);
                    }
                    else if (source.String("path") is { } path && RepositoryPaths.Combine(RepositoryPaths.Combine("", path) ?? "", entry) is { } relative)
                    {
                        files.Add(relative);
                    }
                }
            }
        }
        return files;
    }
}
