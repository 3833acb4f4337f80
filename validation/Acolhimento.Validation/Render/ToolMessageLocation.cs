using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

/// <summary>Finds the repository file (and line) a Kustomize or Helm error message names, when it names one.</summary>
public static class ToolMessageLocation
{
    private static readonly System.Text.RegularExpressions.Regex PathWithPosition =
        new(@"(?<path>[A-Za-z0-9_./-]+\.(?:ya?ml|tpl|json))(?::(?<line>\d+)(?::(?<col>\d+))?)?", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));

    public static SourceLocation? Find(string message, ParsedRepository repository)
    {
        foreach (System.Text.RegularExpressions.Match match in PathWithPosition.Matches(message))
        {
            var path = match.Groups["path"].Value.TrimStart('.', '/');
            var candidate = repository.Files.FirstOrDefault(f => f.Path == path || f.Path.EndsWith("/" + path, StringComparison.Ordinal));
            var repoPath = candidate?.Path;
            if (repoPath is null)
            {
                // Helm names templates as <chart>/templates/x.yaml; find the chart folder that has it.
                var slash = path.IndexOf('/');
                if (slash > 0)
                {
                    var inChart = path[(slash + 1)..];
                    repoPath = repository.Files.Select(f => f.Path).FirstOrDefault(p => p.EndsWith("/" + inChart, StringComparison.Ordinal));
                }
            }
            if (repoPath is null) continue;
            var line = int.TryParse(match.Groups["line"].Value, out var l) ? l : 1;
            var column = int.TryParse(match.Groups["col"].Value, out var c) ? c : 1;
            return new SourceLocation(repoPath, line, column);
        }
        return null;
    }
}
