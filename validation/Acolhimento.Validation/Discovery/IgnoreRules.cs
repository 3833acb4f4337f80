using System.Text;
using System.Text.RegularExpressions;

namespace Acolhimento.Validation.Discovery;

/// <summary>
/// Paths the parse stage never reads (a render still reads what Argo CD would read): <see cref="HarnessFolders.NeverRead"/> always, plus <c>.validationignore</c> patterns
/// (a gitignore subset: <c>#</c> comments, <c>*</c>, <c>**</c>, <c>?</c>, trailing <c>/</c> for folders, leading <c>/</c> to anchor).
/// </summary>
public sealed class IgnoreRules
{
    public const string FileName = ".validationignore";

    private readonly IReadOnlyList<(Regex Pattern, bool FolderOnly)> _patterns;

    private IgnoreRules(IReadOnlyList<(Regex, bool)> patterns) => _patterns = patterns;

    public static readonly IgnoreRules None = new([]);

    public static IgnoreRules Load(string repositoryRoot)
    {
        var path = System.IO.Path.Combine(repositoryRoot, FileName);
        return File.Exists(path) ? Parse(File.ReadAllLines(path)) : None;
    }

    public static IgnoreRules Parse(IEnumerable<string> lines)
    {
        var patterns = new List<(Regex, bool)>();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var folderOnly = line.EndsWith('/');
            line = line.TrimEnd('/');
            var anchored = line.Contains('/');
            line = line.TrimStart('/');
            if (line.Length == 0) continue;
            patterns.Add((new Regex(ToRegex(line, anchored), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), folderOnly));
        }
        return new IgnoreRules(patterns);
    }

    /// <summary>True when a repo-relative path (forward slashes) is ignored.</summary>
    public bool IsIgnored(string relativePath, bool isFolder)
    {
        var name = relativePath[(relativePath.LastIndexOf('/') + 1)..];
        if (isFolder && HarnessFolders.NeverRead.Contains(name)) return true;
        foreach (var (pattern, folderOnly) in _patterns)
        {
            if (folderOnly && !isFolder) continue;
            if (pattern.IsMatch(relativePath)) return true;
        }
        return false;
    }

    private static string ToRegex(string glob, bool anchored)
    {
        var sb = new StringBuilder(anchored ? "^" : "(^|/)");
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                sb.Append(".*");
                i++;
                if (i + 1 < glob.Length && glob[i + 1] == '/') i++;
            }
            else if (c == '*') sb.Append("[^/]*");
            else if (c == '?') sb.Append("[^/]");
            else sb.Append(Regex.Escape(c.ToString()));
        }
        sb.Append('$');
        return sb.ToString();
    }
}
