using System.Text.RegularExpressions;
using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render.Generators;

/// <summary>
/// The git generator, from the working tree when its repoURL is this repository: <c>directories</c> (each matching
/// folder, minus <c>exclude: true</c> entries) and <c>files</c> (each matching JSON/YAML file; a list file yields one set
/// per item). Parameters as Argo CD names them: <c>path</c>, <c>path.basename</c>, <c>path.basenameNormalized</c>,
/// <c>path[n]</c> (Go templates: <c>.path.path</c>, <c>.path.segments</c>…), files also <c>path.filename</c> and
/// <c>path.filenameNormalized</c>; <c>pathParamPrefix</c> and <c>values</c> honoured. Another repository cannot render offline.
/// </summary>
internal static class GitGenerator
{
    private const int MaxSets = 10_000;

    public static GeneratorOutput Run(YamlMapping git, ObjectPath at, GeneratorContext context)
    {
        var url = git.String("repoURL");
        if (!context.Configuration.IsThisRepository(url))
        {
            return GeneratorOutput.Failed(context.Error(RenderRules.CannotRenderOffline,
                $"the git generator reads {url ?? "(no repoURL)"}, which is not this repository ({Configuration.RepositoryConfiguration.FileName} repositoryUrls); its Applications cannot be rendered offline",
                at.Key("repoURL")));
        }
        var prefix = git.String("pathParamPrefix") is { Length: > 0 } p ? p : null;
        var sets = new List<ParameterSet>();
        var problems = new List<Finding>();
        if (git.Sequence("directories") is { } directories)
        {
            var folders = Folders(context.RepositoryRoot);
            var included = Patterns(directories, exclude: false);
            var excluded = Patterns(directories, exclude: true);
            foreach (var folder in folders.Where(f => included.Any(r => r.IsMatch(f)) && !excluded.Any(r => r.IsMatch(f))))
            {
                sets.Add(new ParameterSet(PathParameters(folder, null, prefix, context.Mode), $"directory {folder}"));
            }
        }
        if (git.Sequence("files") is { } files)
        {
            var included = Patterns(files, exclude: false);
            var excluded = Patterns(files, exclude: true);
            foreach (var file in Files(context.RepositoryRoot).Where(f => included.Any(r => r.IsMatch(f)) && !excluded.Any(r => r.IsMatch(f))))
            {
                var read = ReadFile(context.RepositoryRoot, file);
                if (read is null)
                {
                    problems.Add(context.Error(RenderRules.TemplateError, $"git file {file} is not a JSON or YAML mapping or list of mappings, so it yields no parameters (Argo CD fails the same way)", at.Key("files")));
                    continue;
                }
                foreach (var values in read)
                {
                    var path = PathParameters(RepositoryPaths.Folder(file), RepositoryPaths.FileName(file), prefix, context.Mode);
                    var content = context.Mode.GoTemplate ? values : Flatten(values);
                    sets.Add(new ParameterSet(content.Concat(path).GroupBy(e => e.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal), $"git file {file}"));
                }
            }
        }
        if (git.Sequence("directories") is null && git.Sequence("files") is null)
            return GeneratorOutput.Failed(context.Error(RenderRules.UnsupportedGenerator, "the git generator has neither directories nor files", at));
        if (sets.Count > MaxSets)
            return GeneratorOutput.Failed(context.Error(RenderRules.UnsupportedGenerator, $"the git generator yields {sets.Count} parameter sets, over this gate's {MaxSets}", at));
        if (git.Mapping("values") is { } extra) sets = sets.Select(s => WithValues(s, extra, at.Key("values"), context, problems)).ToList();
        return new GeneratorOutput(sets, problems);
    }

    internal static ParameterSet WithValues(ParameterSet set, YamlMapping values, ObjectPath at, GeneratorContext context, List<Finding> problems)
    {
        var templateProblems = new List<TemplateProblem>();
        var rendered = ParameterValues.FromNode(TemplateRendering.Render(values, set, context.Mode, at, templateProblems));
        problems.AddRange(templateProblems.Select(p => context.Error(p.Rule, p.Message, p.At)));
        var added = new Dictionary<string, object?>(set.Values, StringComparer.Ordinal);
        if (context.Mode.GoTemplate) added["values"] = rendered;
        else foreach (var (k, v) in (IReadOnlyDictionary<string, object?>)rendered!) added["values." + k] = v is null ? "" : TemplateValues.Print(v);
        return set with { Values = added };
    }

    private static IReadOnlyDictionary<string, object?> PathParameters(string folder, string? fileName, string? prefix, TemplateMode mode)
    {
        var segments = folder.Length == 0 ? [] : folder.Split('/');
        var basename = segments.Length == 0 ? "." : segments[^1];
        var fields = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["path"] = folder.Length == 0 ? "." : folder,
            ["basename"] = basename,
            ["basenameNormalized"] = TemplateFunctions.Normalize(basename),
        };
        if (fileName is not null)
        {
            fields["filename"] = fileName;
            fields["filenameNormalized"] = TemplateFunctions.Normalize(fileName);
        }
        var key = prefix is null ? "path" : prefix + ".path";
        if (mode.GoTemplate)
        {
            fields["segments"] = segments.Select(s => (object?)s).ToList();
            IReadOnlyDictionary<string, object?> path = fields;
            return prefix is null ? new Dictionary<string, object?> { ["path"] = path } : new Dictionary<string, object?> { [prefix] = new Dictionary<string, object?> { ["path"] = path } };
        }
        var flat = new Dictionary<string, object?>(StringComparer.Ordinal) { [key] = fields["path"] };
        foreach (var (name, value) in fields.Where(f => f.Key != "path")) flat[$"{key}.{name}"] = value;
        for (var i = 0; i < segments.Length; i++) flat[$"{key}[{i}]"] = segments[i];
        return flat;
    }

    private static IReadOnlyDictionary<string, object?> Flatten(IReadOnlyDictionary<string, object?> values) =>
        new ParameterSet(values, "").Flat().ToDictionary(p => p.Key, p => (object?)p.Value, StringComparer.Ordinal);

    private static List<IReadOnlyDictionary<string, object?>>? ReadFile(string root, string file)
    {
        var full = Path.Combine(root, file);
        if (new FileInfo(full).Length > 1024 * 1024) return null;
        try
        {
            return ParameterValues.FromYaml(File.ReadAllText(full)) switch
            {
                IReadOnlyDictionary<string, object?> map => [map],
                IReadOnlyList<object?> list when list.All(i => i is IReadOnlyDictionary<string, object?>) => list.Cast<IReadOnlyDictionary<string, object?>>().ToList(),
                _ => null,
            };
        }
        catch (Exception ex) when (ex is TemplateException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static List<Regex> Patterns(YamlSequence entries, bool exclude) =>
        entries.Items.OfType<YamlMapping>()
            .Where(e => (e.Boolean("exclude") == true) == exclude && e.String("path") is not null)
            .Select(e => Glob(e.String("path")!.TrimStart('/')))
            .ToList();

    /// <summary>Go's path.Match (<c>*</c>, <c>?</c>, <c>[…]</c> within one segment) plus <c>**</c> across segments.</summary>
    public static Regex Glob(string pattern)
    {
        var regex = new System.Text.StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                regex.Append(".*");
                i++;
                if (i + 1 < pattern.Length && pattern[i + 1] == '/') { regex.Append("/?"); i++; }
            }
            else if (c == '*') regex.Append("[^/]*");
            else if (c == '?') regex.Append("[^/]");
            else if (c == '[' && pattern.IndexOf(']', i) is var end and > 0)
            {
                regex.Append('[').Append(pattern[(i + 1)..end].Replace("\\", "\\\\").Replace("^", "\\^").Replace("!", "^")).Append(']');
                i = end;
            }
            else regex.Append(Regex.Escape(c.ToString()));
        }
        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    private static IEnumerable<string> Entries(string root, bool folders)
    {
        var found = new List<string>();
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            foreach (var entry in new DirectoryInfo(pending.Pop()).EnumerateFileSystemInfos())
            {
                if (entry.LinkTarget is not null) continue;
                if (entry is DirectoryInfo)
                {
                    if (HarnessFolders.NeverRead.Contains(entry.Name)) continue;
                    pending.Push(entry.FullName);
                    if (folders) found.Add(RepositoryPaths.Relative(root, entry.FullName));
                }
                else if (!folders) found.Add(RepositoryPaths.Relative(root, entry.FullName));
            }
        }
        found.Sort(StringComparer.Ordinal);
        return found;
    }

    private static IEnumerable<string> Folders(string root) => Entries(root, folders: true);

    private static IEnumerable<string> Files(string root) => Entries(root, folders: false);
}
