using System.Text;
using System.Text.RegularExpressions;
using Acolhimento.Validation.Configuration;
using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render.Helm;

/// <summary>A value file as Helm gets it: repository-relative, with the valueFiles entry that named it.</summary>
internal sealed record ResolvedValueFile(string Path, ObjectPath At);

/// <summary>
/// Resolves <c>helm.valueFiles</c> as Argo CD's <c>getResolvedValueFiles</c> does: <c>$ref/…</c> against the root of the
/// source with that ref (multi-source Applications; any other <c>$…</c> is a path after variable substitution), other
/// paths against the chart folder, absolute ones against the repository root; never out of the repository; glob
/// patterns (<c>*</c>, <c>?</c>, <c>[</c>; <c>**</c> and <c>{a,b}</c> as doublestar reads them) expanded in lexical order,
/// skipping files that are also listed explicitly; duplicates once, at their first place; missing files skipped with
/// <c>ignoreMissingValueFiles</c>, else a problem. Remote URLs and files of other repositories cannot be read offline.
/// </summary>
internal static class ValueFileResolver
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(200);

    public static (IReadOnlyList<ResolvedValueFile> Files, IReadOnlyList<HelmOptionProblem> Problems) Resolve(
        string repositoryRoot, RepositoryConfiguration configuration, ApplicationDefinition app, string chartFolder,
        IReadOnlyList<Located> valueFiles, bool ignoreMissing, BuildEnvironment environment)
    {
        var problems = new List<HelmOptionProblem>();
        var candidates = valueFiles.Select(v => (Entry: v, Path: Candidate(configuration, app, chartFolder, v.Value, environment))).ToList();
        var explicitPaths = candidates.Where(c => c.Path.Path is { } p && !IsGlob(p)).Select(c => c.Path.Path!).ToHashSet(StringComparer.Ordinal);
        var result = new List<ResolvedValueFile>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(string path, ObjectPath at)
        {
            if (seen.Add(path)) result.Add(new ResolvedValueFile(path, at));
        }
        foreach (var (entry, (path, problem)) in candidates)
        {
            if (problem is not null)
            {
                problems.Add(new(entry.At, problem));
                continue;
            }
            if (IsGlob(path!))
            {
                var matches = Glob(repositoryRoot, path!);
                if (matches is null) problems.Add(new(entry.At, $"value file pattern \"{entry.Value}\" cannot be read as a glob"));
                else if (matches.Count == 0 && !ignoreMissing) problems.Add(new(entry.At, $"values file glob \"{entry.Value}\" matched no files"));
                foreach (var match in matches ?? []) if (!explicitPaths.Contains(match)) Add(match, entry.At);
                continue;
            }
            if (!File.Exists(Path.Combine(repositoryRoot, path!)))
            {
                if (!ignoreMissing) problems.Add(new(entry.At, $"value file \"{entry.Value}\" does not exist ({path})"));
                continue;
            }
            Add(path!, entry.At);
        }
        return (result, problems);
    }

    /// <summary>The repository-relative path (or pattern) a valueFiles entry names, or why it cannot be read.</summary>
    private static (string? Path, string? Problem) Candidate(RepositoryConfiguration configuration, ApplicationDefinition app, string chartFolder, string raw, BuildEnvironment environment)
    {
        string relative;
        var refName = raw.StartsWith('$') ? raw.Split('/')[0][1..] : null;
        var referenced = refName is null || app.Sources.Count < 2 ? null : app.Sources.FirstOrDefault(s => s.Ref == refName);
        if (referenced is not null)
        {
            if (!configuration.IsThisRepository(referenced.RepoUrl))
                return (null, $"value file \"{raw}\" comes from another repository ({referenced.RepoUrl}); it cannot be checked offline");
            relative = "/" + environment.Substitute(raw.Contains('/') ? raw[(raw.IndexOf('/') + 1)..] : "");
        }
        else
        {
            relative = environment.Substitute(raw);
            if (Uri.TryCreate(relative, UriKind.Absolute, out var uri) && uri.Scheme is not "file" && relative.Contains("://", StringComparison.Ordinal))
                return (null, $"remote value file \"{relative}\" is not fetched; keep values in the repository");
        }
        var path = relative.StartsWith('/') ? RepositoryPaths.Combine("", relative) : RepositoryPaths.Combine(chartFolder, relative);
        return path is null ? (null, $"value file \"{raw}\" leaves the repository") : (path, null);
    }

    /// <summary>
    /// A file parameter's path as Argo CD resolves it (relative to the chart, absolute from the repository root,
    /// <c>$ref/</c> from that source's root, variables already substituted), repository-relative; never outside the repository.
    /// </summary>
    public static (string? Path, string? Problem) FileParameter(string repositoryRoot, RepositoryConfiguration configuration, ApplicationDefinition app, string chartFolder, string raw)
    {
        var refName = raw.StartsWith('$') ? raw.Split('/')[0][1..] : null;
        var referenced = refName is null || app.Sources.Count < 2 ? null : app.Sources.FirstOrDefault(s => s.Ref == refName);
        if (referenced is not null && !configuration.IsThisRepository(referenced.RepoUrl))
            return (null, $"file parameter \"{raw}\" comes from another repository ({referenced.RepoUrl}); it cannot be checked offline");
        var relative = referenced is not null ? "/" + (raw.Contains('/') ? raw[(raw.IndexOf('/') + 1)..] : "") : raw;
        if (relative.Contains("://", StringComparison.Ordinal)) return (null, $"file parameter \"{raw}\" is a URL; only files in the repository are read");
        var path = relative.StartsWith('/') ? RepositoryPaths.Combine("", relative) : RepositoryPaths.Combine(chartFolder, relative);
        if (path is null) return (null, $"file parameter \"{raw}\" leaves the repository");
        return File.Exists(Path.Combine(repositoryRoot, path)) ? (path, null) : (null, $"file parameter \"{raw}\" does not exist ({path})");
    }

    public static bool IsGlob(string path) => path.AsSpan().IndexOfAny("*?[") >= 0;

    /// <summary>Repository files matching <paramref name="pattern"/> (repository-relative), in ordinal order; null when the pattern cannot be read.</summary>
    public static IReadOnlyList<string>? Glob(string repositoryRoot, string pattern)
    {
        if (ToRegex(pattern) is not { } regex) return null;
        var firstWild = pattern.AsSpan().IndexOfAny("*?[{");
        var baseFolder = firstWild < 0 ? pattern : pattern[..Math.Max(0, pattern.LastIndexOf('/', firstWild))];
        var start = Path.Combine(repositoryRoot, baseFolder);
        if (!Directory.Exists(start)) return [];
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint | FileAttributes.Device, IgnoreInaccessible = true };
        try
        {
            return Directory.EnumerateFiles(start, "*", options)
                .Select(f => RepositoryPaths.Relative(repositoryRoot, f))
                .Where(f => regex.IsMatch(f))
                .Order(StringComparer.Ordinal)
                .ToList();
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    /// <summary>A doublestar pattern as a regular expression over <c>/</c>-separated paths; null when a class or brace is not closed.</summary>
    internal static Regex? ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        var braces = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*' when i + 1 < pattern.Length && pattern[i + 1] == '*' && (i == 0 || pattern[i - 1] == '/') && (i + 2 == pattern.Length || pattern[i + 2] == '/'):
                    regex.Append(i + 2 == pattern.Length ? ".*" : "(?:[^/]*/)*");
                    i += i + 2 == pattern.Length ? 1 : 2;
                    break;
                case '*':
                    regex.Append("[^/]*");
                    break;
                case '?':
                    regex.Append("[^/]");
                    break;
                case '[':
                    var close = pattern.IndexOf(']', i + 1);
                    if (close <= i + 1) return null;
                    var body = pattern[(i + 1)..close];
                    var negated = body.StartsWith('^') || body.StartsWith('!');
                    regex.Append(negated ? "[^/" : "[").Append(Regex.Escape(negated ? body[1..] : body)).Append(']');
                    i = close;
                    break;
                case '{':
                    braces++;
                    regex.Append("(?:");
                    break;
                case '}' when braces > 0:
                    braces--;
                    regex.Append(')');
                    break;
                case ',' when braces > 0:
                    regex.Append('|');
                    break;
                case '\\' when i + 1 < pattern.Length:
                    regex.Append(Regex.Escape(pattern[++i].ToString()));
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        if (braces != 0) return null;
        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant, Timeout);
    }
}
