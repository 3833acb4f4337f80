using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Processes;

namespace Acolhimento.Validation.Render;

/// <summary>Argo CD's names of source types (<c>ApplicationSourceType</c>).</summary>
public static class SourceTypes
{
    public const string Directory = "Directory";
    public const string Kustomize = "Kustomize";
    public const string Helm = "Helm";
    public const string Plugin = "Plugin";

    /// <summary>What the report says when the source's path cannot even be resolved.</summary>
    public const string Unknown = "Unknown";
}

/// <summary>
/// How one source of this repository renders, decided once: its folder, its type, and the source as the renderer sees it.
/// <see cref="Problems"/> non-empty means it does not render; <see cref="Type"/> is still what the report shows.
/// </summary>
public sealed record SourceDecision(string Type, string? Folder, ApplicationDefinition Application, SourceDefinition Source, IReadOnlyList<Finding> Problems);

/// <summary>Decides the type of an Application source as Argo CD's repo server does.</summary>
public static class SourceTypeDecision
{
    public static SourceDecision Decide(ParsedRepository repository, ApplicationDefinition app, SourceDefinition source)
    {
        var finding = SourceFindings.At(app, source);
        SourceDecision Refused(string type, string? folder, Finding problem) => new(type, folder, app, source, [problem]);
        if (source.Path is null) return Refused(SourceTypes.Unknown, null, finding(RenderRules.MissingPath, "source has no path", "path"));
        var folder = RepositoryPaths.Combine("", source.Path);
        if (folder is null) return Refused(SourceTypes.Unknown, null, finding(RenderRules.OutsideRepository, $"path \"{source.Path}\" leaves the repository", "path"));
        var discovered = Discovered(repository, folder);
        if (!Directory.Exists(Path.Combine(repository.Root, folder)))
            return Refused(discovered, folder, finding(RenderRules.MissingPath, $"path \"{source.Path}\" does not exist in this repository", "path"));
        var type = source.Plugin is not null ? SourceTypes.Plugin : discovered;
        return new SourceDecision(type, folder, app, source, []);
    }

    /// <summary>The type Argo CD's discovery gives a folder with no explicit type.</summary>
    public static string Discovered(ParsedRepository repository, string folder) =>
        repository.Find(folder.Length == 0 ? "Chart.yaml" : $"{folder}/Chart.yaml")?.File.Kind == FileKind.HelmChart ? SourceTypes.Helm
        : KustomizeSafety.FindKustomization(repository, folder) is not null ? SourceTypes.Kustomize
        : SourceTypes.Directory;
}
