using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

/// <summary>
/// A temporary copy of the repository in which every kustomization asks for build metadata (origin and transformer
/// annotations) and, for an Application with kustomize options, carries those options as Argo CD would set them.
/// The repository itself is never written.
/// </summary>
public sealed class RenderWorkspace : IDisposable
{
    private RenderWorkspace(string root) => Root = root;

    public string Root { get; }

    public static RenderWorkspace Create(ParsedRepository repository, string? kustomizationFolder = null, Func<YamlMapping, YamlMapping>? applicationOptions = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "acolhimento-render-" + Guid.NewGuid().ToString("N")[..12]);
        Copy(repository.Root, root);
        foreach (var file in repository.Files.Where(f => f.File.Kind == FileKind.Kustomization))
        {
            if (file.Mappings.FirstOrDefault() is not { } kustomization) continue;
            var rewritten = WithBuildMetadata(kustomization);
            if (applicationOptions is not null && RepositoryPaths.Folder(file.Path) == kustomizationFolder) rewritten = applicationOptions(rewritten);
            File.WriteAllText(Path.Combine(root, file.Path), YamlWriter.Write(rewritten));
        }
        return new RenderWorkspace(root);
    }

    public string PathOf(string relative) => relative.Length == 0 ? Root : Path.Combine(Root, relative);

    /// <summary>Repository-relative form of any workspace path mentioned in tool output.</summary>
    public string Unroot(string text) => text.Replace(Root + "/", "", StringComparison.Ordinal).Replace(Root, ".", StringComparison.Ordinal);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Temporary; harmless if left.
        }
    }

    internal static YamlMapping WithBuildMetadata(YamlMapping kustomization)
    {
        var wanted = new[] { "originAnnotations", "transformerAnnotations" };
        var existing = kustomization.Sequence("buildMetadata")?.Items.OfType<YamlScalar>().Select(s => s.Value) ?? [];
        var merged = existing.Union(wanted).Select(v => (YamlNode)YamlNodes.Scalar(v)).ToList();
        return kustomization.With("buildMetadata", YamlNodes.Sequence(merged));
    }

    private static void Copy(string source, string target)
    {
        var inputs = new RenderInputs(source);
        var pending = new Stack<(string, string)>();
        pending.Push((source, target));
        while (pending.Count > 0)
        {
            var (from, to) = pending.Pop();
            Directory.CreateDirectory(to);
            foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
            {
                if (inputs.Excludes(from, entry)) continue; // the same files the cache key covers
                if (entry.LinkTarget is not null)
                {
                    // Only links that stay inside the repository are followed (the parse stage reports the others).
                    var resolved = entry.ResolveLinkTarget(returnFinalTarget: true)?.FullName;
                    if (resolved is null || !RepositoryPaths.IsInside(source, resolved)) continue;
                }
                var destination = Path.Combine(to, entry.Name);
                if (entry is DirectoryInfo) pending.Push((entry.FullName, destination));
                else File.Copy(entry.FullName, destination);
            }
        }
    }
}
