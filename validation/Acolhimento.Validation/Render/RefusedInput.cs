using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Parsing;

namespace Acolhimento.Validation.Render;

/// <summary>
/// Decides whether a file a render would hand to kubectl or helm may be handed on. A file the parse stage refused
/// (alias bomb, size, depth, binary, invalid UTF-8, syntax, missing fields) is not: the tools would spend minutes and
/// gigabytes on it, or read it differently. Files discovery does not list (JSON resources, ignored paths, generator
/// inputs) are held to the same limits here.
/// </summary>
internal static class RefusedInput
{
    /// <summary>Why <paramref name="relativePath"/> must not reach <paramref name="tool"/>, or null when it may.</summary>
    /// <param name="kind">What the file is to the tool when discovery did not list it: a Helm value file is not held to an object's fields.</param>
    public static string? Reason(ParsedRepository repository, string relativePath, string tool, bool yaml = true, FileKind kind = FileKind.Manifest)
    {
        if (repository.Find(relativePath) is { } parsed) return parsed.Problem is { } p ? Describe(relativePath, p, tool) : null;
        // Nothing is opened before its path is resolved: a link out of the repository or a FIFO would be read by the tool too.
        var resolution = repository.Resolve(relativePath);
        if (resolution.Refused) return $"{relativePath} is not read: {resolution.Problem}; not handed to {tool}";
        if (resolution.TargetType == EntryType.Folder)
            return Unopenable(repository, resolution.Target!, tool).Select(r => r.Reason).FirstOrDefault();
        if (resolution.TargetType != EntryType.RegularFile) return null; // missing inputs are the tool's (or KustomizeSafety's) finding
        var full = Path.Combine(repository.Root, resolution.Target!);
        var info = new FileInfo(full);
        var limit = ParseOptions.Default.MaxFileBytes;
        if (info.Length > limit) return $"{relativePath} is {info.Length} bytes, over the {limit}-byte limit; not handed to {tool}";
        if (!yaml) return null;
        var unlisted = ParseStage.ReadUnlisted(new RepositoryFile(relativePath, full, kind, info.Length));
        return unlisted.Problem is { } problem ? Describe(relativePath, problem, tool) : null;
    }

    /// <summary>Files under <paramref name="folder"/> (recursively, through links that stay inside) that must not reach the tool, with why.</summary>
    public static IEnumerable<(string Path, string Reason)> InFolder(ParsedRepository repository, string folder, string tool)
    {
        var prefix = folder.Length == 0 ? "" : folder + "/";
        foreach (var file in repository.Files.Where(f => f.Problem is not null && f.Path.StartsWith(prefix, StringComparison.Ordinal)))
            yield return (file.Path, Describe(file.Path, file.Problem!, tool));
        foreach (var refused in Unopenable(repository, folder, tool)) yield return refused;
    }

    /// <summary>
    /// What a tool handed <paramref name="folder"/> could open but must not: every entry under it, through links that stay
    /// inside the repository, that is a link leaving or looping, a FIFO, socket or device, or a file over the size limit
    /// (templates, helpers and JSON the parse stage never reads still cost the tool their size).
    /// </summary>
    /// <param name="oversized">Whether files over the size limit count: a tool that opens only the files named to it (Kustomize) never reads the others.</param>
    public static IEnumerable<(string Path, string Reason)> Unopenable(ParsedRepository repository, string folder, string tool, bool oversized = true)
    {
        if (!Directory.Exists(Path.Combine(repository.Root, folder))) yield break;
        var limit = ParseOptions.Default.MaxFileBytes;
        foreach (var entry in RepositoryTree.Walk(repository.Root, folder, enterLinkedFolders: true))
        {
            if (entry.Type == EntryType.Special || entry.Link is { Refused: true })
            {
                var why = entry.Link?.Problem ?? "it is a FIFO, socket or device";
                yield return (entry.Path, $"{(folder.Length == 0 ? "the repository" : folder)} holds {entry.Path}, which is not read ({why}); the folder is not handed to {tool}");
                continue;
            }
            if (!oversized || entry.ReadAs != EntryType.RegularFile) continue;
            var length = new FileInfo(Path.Combine(repository.Root, entry.ReadPath)).Length;
            if (length <= limit || repository.Find(entry.Path)?.Problem is not null) continue; // the parse stage's refusal says it
            yield return (entry.Path, $"{entry.Path} is {length} bytes, over the {limit}-byte limit; not handed to {tool}");
        }
    }

    /// <summary>Refusals for a Helm source: files of the chart, and inline values text Helm would parse.</summary>
    public static IEnumerable<Finding> ForChart(ParsedRepository repository, ApplicationDefinition app, SourceDefinition source, string chartFolder)
    {
        foreach (var (_, reason) in InFolder(repository, chartFolder, "helm"))
            yield return app.Object.Finding(Stages.Render, Severity.Error, RenderRules.InputRefused, $"Application {app.Name}: {reason}", source.At.Key("path"));
        if (source.Helm?["values"] is Yaml.YamlScalar { Kind: Yaml.ScalarKind.String } values
            && Yaml.YamlReader.Read(values.Value, ParseOptions.Default.YamlLimits).Problems.FirstOrDefault(p => p.Rule != Yaml.YamlReader.DuplicateKey) is { } problem)
        {
            yield return app.Object.Finding(Stages.Render, Severity.Error, RenderRules.InputRefused,
                $"Application {app.Name}: helm.values cannot be read ({problem.Rule}: {problem.Message}); not handed to helm", source.At.Key("helm").Key("values"));
        }
    }

    private static string Describe(string path, Finding problem, string tool) =>
        $"{path} was refused by the parse stage ({problem.Rule} at {problem.Location}: {problem.Message}); not handed to {tool}";
}
