using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

/// <summary>
/// A temporary copy of the repository in which every kustomization asks for build metadata (origin and transformer
/// annotations) and, for an Application with kustomize options, carries those options as Argo CD would set them.
/// The repository itself is never written.
/// </summary>
internal sealed class RenderWorkspace : IDisposable
{
    private RenderWorkspace(string root) => Root = root;

    public string Root { get; }

    /// <param name="parent">Folder the workspace is made in (the system's temporary folder unless given).</param>
    public static RenderWorkspace Create(ParsedRepository repository, string? kustomizationFolder = null, Func<YamlMapping, YamlMapping>? applicationOptions = null, string? parent = null)
    {
        var root = Path.Combine(parent ?? Path.GetTempPath(), "acolhimento-render-" + Guid.NewGuid().ToString("N")[..12]);
        var workspace = new RenderWorkspace(root);
        try
        {
            Copy(repository.Root, root);
            foreach (var file in repository.Files.Where(f => f.File.Kind == FileKind.Kustomization))
            {
                if (file.Mappings.FirstOrDefault() is not { } kustomization) continue;
                var rewritten = WithBuildMetadata(kustomization);
                if (applicationOptions is not null && RepositoryPaths.Folder(file.Path) == kustomizationFolder) rewritten = applicationOptions(rewritten);
                var target = Path.Combine(root, file.Path);
                File.Delete(target); // a linked kustomization is written as a file of its own, never through the link
                File.WriteAllText(target, YamlWriter.Write(rewritten));
            }
            return workspace;
        }
        catch
        {
            workspace.Dispose(); // a half-made copy is never left behind
            throw;
        }
    }

    /// <summary>A verbatim copy of the repository (what a render can read; kustomizations unchanged, so lines stay where they are), removed on dispose.</summary>
    public static RenderWorkspace CopyOf(ParsedRepository repository)
    {
        var workspace = CreateEmpty();
        try
        {
            Copy(repository.Root, workspace.Root);
            return workspace;
        }
        catch
        {
            workspace.Dispose();
            throw;
        }
    }

    /// <summary>An empty temporary folder (an upstream chart is unpacked into it), removed on dispose.</summary>
    public static RenderWorkspace CreateEmpty()
    {
        var root = Path.Combine(Path.GetTempPath(), "acolhimento-chart-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
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
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
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

    /// <summary>
    /// Copies what a render can read (<see cref="RenderInputs"/>): regular files as files, links that stay inside the
    /// repository as links to the same place in the copy (Kustomize then judges them as Argo CD's does); links that leave
    /// or loop, FIFOs, sockets and devices are left out (discovery reported them, and no source holding one is rendered).
    /// </summary>
    private static void Copy(string source, string target)
    {
        var inputs = new RenderInputs(source);
        Directory.CreateDirectory(target);
        foreach (var entry in RepositoryTree.Walk(source, "", inputs.Excludes))
        {
            var destination = Path.Combine(target, entry.Path);
            switch (entry.Type)
            {
                case EntryType.Folder:
                    Directory.CreateDirectory(destination);
                    break;
                case EntryType.RegularFile:
                    File.Copy(Path.Combine(source, entry.Path), destination);
                    break;
                case EntryType.SymbolicLink when entry.Link is { Refused: false, Target: { } linked }:
                    var relative = Path.GetRelativePath(Path.GetDirectoryName(destination)!, Path.Combine(target, linked));
                    if (entry.Link.TargetType == EntryType.Folder) Directory.CreateSymbolicLink(destination, relative);
                    else File.CreateSymbolicLink(destination, relative);
                    break;
            }
        }
    }
}
