using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

/// <summary>
/// A plain directory source: the objects written in its files (recurse, include and exclude as Argo CD applies them).
/// Argo CD also applies JSON files and evaluates Jsonnet; JSON is read here under the parse stage's limits, Jsonnet
/// cannot be rendered offline and says so.
/// </summary>
public static class DirectoryRenderer
{
    private static readonly string[] JsonnetExtensions = [".jsonnet", ".libsonnet"];

    public static SourceOutput Render(ParsedRepository repository, ApplicationDefinition app, SourceDefinition source, string folder, string cluster)
    {
        var recurse = source.Directory?.Boolean("recurse") ?? false;
        var include = source.Directory?.String("include");
        var exclude = source.Directory?.String("exclude");
        var finding = SourceFindings.At(app, source);
        var objects = new List<RenderedObject>();
        var findings = new List<Finding>();
        var emitted = 0;
        var prefix = folder.Length == 0 ? "" : folder + "/";
        bool InScope(string path)
        {
            var rest = path[prefix.Length..];
            return (recurse || !rest.Contains('/')) && (include is null || Glob.Matches(include, rest)) && (exclude is null || !Glob.Matches(exclude, rest));
        }

        var files = repository.Files
            .Where(f => f.Path.StartsWith(prefix, StringComparison.Ordinal) && f.File.Kind is FileKind.Manifest or FileKind.KustomizePatch or FileKind.HelmValues or FileKind.OtherYaml) // Argo CD applies every object in the folder, whatever the file is called
            .Where(f => InScope(f.Path)).ToList();
        var jsonnet = new List<string>();
        foreach (var other in OtherManifestFiles(repository.Root, folder, recurse).Where(InScope))
        {
            if (JsonnetExtensions.Any(e => other.EndsWith(e, StringComparison.Ordinal))) jsonnet.Add(other);
            else files.Add(ParseStage.ReadUnlisted(new RepositoryFile(other, Path.Combine(repository.Root, other), FileKind.Manifest, new FileInfo(Path.Combine(repository.Root, other)).Length)));
        }
        if (source.Directory?.Mapping("jsonnet") is { Entries.Count: > 0 } || jsonnet.Count > 0)
        {
            findings.Add(finding(RenderRules.CannotRenderOffline,
                $"Jsonnet{(jsonnet.Count > 0 ? $" ({string.Join(", ", jsonnet.Take(3))})" : "")} cannot render offline: this harness does not evaluate it, so the objects it produces are not checked and this cluster's render counts as failed",
                source.Directory?.Mapping("jsonnet") is not null ? "directory" : "path"));
            emitted++; // what the Jsonnet would emit is unknown; it is accounted as one refused unit
        }
        foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            if (file.Problem is not null)
            {
                findings.Add(finding(RenderRules.InputRefused, RefusedInput.Reason(repository, file.Path, "Argo CD")!, "path"));
                emitted++;
                continue;
            }
            // One pass over the parsed documents: each is an object (the very node the parse stage built) or a finding.
            foreach (var document in file.Documents)
            {
                if (document.Root is null or YamlScalar { IsNull: true }) continue;
                emitted++;
                if (document.Root is YamlMapping body && RenderedObjects.Identify(body) is { } id)
                {
                    objects.Add(RenderedObjects.Written(file.Path, body, id, cluster, app.Name));
                    continue;
                }
                findings.Add(new Finding(Stages.Render, Severity.Error, RenderRules.NotAnObject,
                    $"Application {app.Name}: document {document.Index + 1} of {file.Path} is not a Kubernetes object with a string apiVersion, kind and metadata.name; Argo CD cannot apply it",
                    new SourceLocation(file.Path, document.Root.Start.Line, document.Root.Start.Column), cluster, app.Name));
            }
        }
        return new SourceOutput(objects, findings, new HashSet<string> { folder }) { Emitted = emitted, Refused = findings.Count };
    }

    /// <summary>JSON and Jsonnet files under <paramref name="folder"/> (discovery lists only YAML), repository-relative and sorted.</summary>
    public static IEnumerable<string> OtherManifestFiles(string root, string folder, bool recurse)
    {
        var full = Path.Combine(root, folder);
        if (!Directory.Exists(full)) return [];
        var inputs = new RenderInputs(root);
        var found = new List<string>();
        var pending = new Stack<string>();
        pending.Push(full);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            foreach (var entry in new DirectoryInfo(current).EnumerateFileSystemInfos())
            {
                if (inputs.Excludes(current, entry) || entry.LinkTarget is not null) continue;
                if (entry is DirectoryInfo) { if (recurse) pending.Push(entry.FullName); }
                else if (entry.Name.EndsWith(".json", StringComparison.Ordinal) || JsonnetExtensions.Any(e => entry.Name.EndsWith(e, StringComparison.Ordinal)))
                    found.Add(RepositoryPaths.Relative(root, entry.FullName));
            }
        }
        found.Sort(StringComparer.Ordinal);
        return found;
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
