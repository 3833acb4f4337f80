using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Parsing;

/// <summary>
/// Files a kustomization names as patches or as transformer configuration are not standalone objects, and files it
/// names as resources are objects whatever they hold; this finds them so that the object checks apply the right expectations.
/// </summary>
internal static class KustomizeReferences
{
    public static Dictionary<string, FileKind> Collect(IEnumerable<ParsedFile> files)
    {
        var roles = new Dictionary<string, FileKind>(StringComparer.Ordinal);
        foreach (var file in files.Where(f => f.File.Kind == FileKind.Kustomization))
        {
            var folder = RepositoryPaths.Folder(file.Path);
            foreach (var kustomization in file.Mappings)
            {
                foreach (var path in PatchPaths(kustomization)) Mark(roles, folder, path, FileKind.KustomizePatch);
                foreach (var path in ConfigurationPaths(kustomization)) Mark(roles, folder, path, FileKind.Configuration);
                // A resource file is read as objects by Kustomize whatever it holds, so it is judged as one.
                foreach (var path in ResourceFiles(kustomization)) Mark(roles, folder, path, FileKind.Manifest);
            }
        }
        return roles;
    }

    private static void Mark(Dictionary<string, FileKind> roles, string folder, string path, FileKind kind)
    {
        if (RepositoryPaths.Combine(folder, path) is { } full) roles.TryAdd(full, kind);
    }

    private static IEnumerable<string> PatchPaths(YamlMapping kustomization)
    {
        foreach (var key in new[] { "patches", "patchesJson6902" })
        {
            foreach (var item in kustomization.Sequence(key)?.Items ?? [])
            {
                if (item is YamlMapping entry && entry.String("path") is { } path) yield return path;
            }
        }
        foreach (var item in kustomization.Sequence("patchesStrategicMerge")?.Items ?? [])
        {
            // Entries are either file paths or inline patches; only single-line strings are paths.
            if (item is YamlScalar { Kind: ScalarKind.String } s && !s.Value.Contains('\n')) yield return s.Value;
        }
    }

    private static IEnumerable<string> ResourceFiles(YamlMapping kustomization)
    {
        foreach (var key in new[] { "resources", "bases", "components" })
        {
            foreach (var item in kustomization.Sequence(key)?.Items ?? [])
            {
                if (item is YamlScalar { Kind: ScalarKind.String } s && RepositoryScanner.IsYamlName(RepositoryPaths.FileName(s.Value))) yield return s.Value;
            }
        }
    }

    private static IEnumerable<string> ConfigurationPaths(YamlMapping kustomization)
    {
        foreach (var item in kustomization.Sequence("configurations")?.Items ?? [])
        {
            if (item is YamlScalar { Kind: ScalarKind.String } s) yield return s.Value;
        }
        foreach (var item in kustomization.Sequence("replacements")?.Items ?? [])
        {
            if (item is YamlMapping entry && entry.String("path") is { } path) yield return path;
        }
        if (kustomization.Mapping("openapi")?.String("path") is { } openapi) yield return openapi;
    }
}
