using System.Text.RegularExpressions;
using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Parsing;

namespace Acolhimento.Validation.Render;

/// <summary>Finds the repository file (and line) a Kustomize or Helm error message names, when it names one.</summary>
internal static class ToolMessageLocation
{
    private static readonly Regex PathWithPosition =
        new(@"(?<path>[A-Za-z0-9_./-]+\.(?:ya?ml|tpl|json))(?::(?<line>\d+)(?::(?<col>\d+))?)?", RegexOptions.None, TimeSpan.FromSeconds(1));

    /// <summary>
    /// The most certain file any path in <paramref name="message"/> names. Tools write names as given (bare file names,
    /// paths relative to the source, Helm's <c>&lt;chart name&gt;/templates/…</c>), so a name is resolved against the
    /// folder being rendered before the whole repository, and a name several files share elsewhere names none of them.
    /// </summary>
    /// <param name="texts">The run's file lines (<see cref="RenderContext.Texts"/>), so that no file is read again; a new reader when null.</param>
    public static SourceLocation? Find(string message, ParsedRepository repository, string renderedFolder, SourceTexts? texts = null)
    {
        if (FailedPatchTest(message, repository, renderedFolder, texts ?? new SourceTexts(repository.Root)) is { } test) return test;
        SourceLocation? best = null;
        var bestRank = int.MaxValue;
        foreach (Match match in PathWithPosition.Matches(message))
        {
            var path = match.Groups["path"].Value.TrimStart('.', '/');
            if (Resolve(path, repository, renderedFolder) is not { } resolved || resolved.Rank >= bestRank) continue;
            var line = int.TryParse(match.Groups["line"].Value, out var l) ? l : 1;
            var column = int.TryParse(match.Groups["col"].Value, out var c) ? c : 1;
            (best, bestRank) = (new SourceLocation(resolved.Path, line, column), resolved.Rank);
        }
        return best;
    }

    private static readonly Regex PatchTestFailed = new(@"testing value (?<pointer>/\S+) failed", RegexOptions.None, TimeSpan.FromSeconds(1));

    /// <summary>
    /// Kustomize names no file when a JSON patch <c>test</c> op fails, only the JSON pointer: the one line of the
    /// rendered folder's files that writes <c>path: POINTER</c> is the guard that failed.
    /// </summary>
    private static SourceLocation? FailedPatchTest(string message, ParsedRepository repository, string renderedFolder, SourceTexts texts)
    {
        if (PatchTestFailed.Match(message) is not { Success: true } match) return null;
        var wanted = "path: " + match.Groups["pointer"].Value;
        var prefix = renderedFolder.Length == 0 ? "" : renderedFolder + "/";
        var found = new List<SourceLocation>();
        foreach (var file in repository.Files.Where(f => f.Path.StartsWith(prefix, StringComparison.Ordinal) && RepositoryPaths.Folder(f.Path) == renderedFolder))
        {
            var lines = texts.Lines(file.Path);
            for (var i = 0; i < lines.Length; i++)
            {
                var at = lines[i].IndexOf(wanted, StringComparison.Ordinal);
                if (at >= 0 && lines[i][(at + wanted.Length)..].Trim().Length == 0) found.Add(new SourceLocation(file.Path, i + 1, at + 1));
            }
        }
        return found.Count == 1 ? found[0] : null;
    }

    /// <summary>A repository file for a path as a tool wrote it, ranked by how certain the match is (0 = exact).</summary>
    private static (string Path, int Rank)? Resolve(string path, ParsedRepository repository, string renderedFolder)
    {
        var prefix = renderedFolder.Length == 0 ? "" : renderedFolder + "/";
        if (repository.Find(path) is not null) return (path, 0);
        if (repository.Find(prefix + path) is not null) return (prefix + path, 1);
        var slash = path.IndexOf('/');
        if (slash > 0 && repository.Find(prefix + path[(slash + 1)..]) is not null) return (prefix + path[(slash + 1)..], 2); // Helm: <chart name>/templates/x.yaml
        var elsewhere = repository.Files.Select(f => f.Path).Where(p => p.EndsWith("/" + path, StringComparison.Ordinal)).Take(2).ToList();
        return elsewhere.Count == 1 ? (elsewhere[0], 3) : null;
    }
}
