using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

/// <summary>A plain directory source: the objects written in its files (recurse, include and exclude as Argo CD applies them).</summary>
public static class DirectoryRenderer
{
    public static SourceOutput Render(ParsedRepository repository, ApplicationDefinition app, SourceDefinition source, string folder, string cluster)
    {
        var recurse = source.Directory?.Boolean("recurse") ?? false;
        var include = source.Directory?.String("include");
        var exclude = source.Directory?.String("exclude");
        var objects = new List<RenderedObject>();
        var findings = new List<Finding>();
        if (source.Directory?.Mapping("jsonnet") is { Entries.Count: > 0 })
            findings.Add(SourceRenderer.Finder(app, source)(SourceRenderer.UnsupportedSource, "jsonnet directories are not rendered by this harness; they cannot be checked", "directory"));
        var prefix = folder.Length == 0 ? "" : folder + "/";
        foreach (var file in repository.Files)
        {
            if (!file.Path.StartsWith(prefix, StringComparison.Ordinal) || file.File.Kind is not (FileKind.Manifest or FileKind.KustomizePatch or FileKind.HelmValues)) continue; // Argo CD applies every object in the folder, whatever the file is called
            var rest = file.Path[prefix.Length..];
            if (!recurse && rest.Contains('/')) continue;
            if (include is not null && !Glob.Matches(include, rest)) continue;
            if (exclude is not null && Glob.Matches(exclude, rest)) continue;
            objects.AddRange(RenderedObjects.FromFile(file, cluster, app.Name));
        }
        return new SourceOutput(objects, findings, new HashSet<string> { folder });
    }
}

public static class Glob
{
    /// <summary>
    /// Argo CD directory include/exclude: a glob (<c>*</c> within a path segment, <c>**</c> across them) or
    /// <c>{a,b}</c> alternatives, matched against the path inside the source or against the file name alone.
    /// </summary>
    public static bool Matches(string pattern, string path)
    {
        var alternatives = pattern.StartsWith('{') && pattern.EndsWith('}') ? pattern[1..^1].Split(',') : [pattern];
        var fileName = path[(path.LastIndexOf('/') + 1)..];
        foreach (var alternative in alternatives)
        {
            var regex = "^" + System.Text.RegularExpressions.Regex.Escape(alternative.Trim())
                .Replace(@"\*\*", ".*", StringComparison.Ordinal).Replace(@"\*", "[^/]*", StringComparison.Ordinal).Replace(@"\?", "[^/]", StringComparison.Ordinal) + "$";
            if (System.Text.RegularExpressions.Regex.IsMatch(path, regex, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1))
                || System.Text.RegularExpressions.Regex.IsMatch(fileName, regex, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)))
                return true;
        }
        return false;
    }
}
