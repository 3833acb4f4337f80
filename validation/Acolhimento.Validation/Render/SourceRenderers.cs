using System.Text.Json;
using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

/// <summary>What rendering one Application source produced.</summary>
public sealed record SourceOutput(IReadOnlyList<RenderedObject> Objects, IReadOnlyList<Finding> Findings, IReadOnlySet<string> ReachedFolders)
{
    public static SourceOutput Failed(params Finding[] findings) => new([], findings, new HashSet<string>());
}

/// <summary>
/// Renders one source of one Application from the working tree: Kustomize, Helm or a plain directory,
/// decided as Argo CD decides, with tool output cached and traced back to repository lines.
/// </summary>
public sealed class SourceRenderer(RenderContext context)
{
    public const string MissingPath = "render/missing-source-path";
    public const string RenderFailed = "render/render-failed";
    public const string Timeout = "render/timeout";
    public const string MissingValuesFile = "render/missing-values-file";
    public const string UnsupportedSource = "render/unsupported-source";
    public const string InvalidValues = "render/invalid-values";

    public async Task<SourceOutput> RenderAsync(ApplicationDefinition app, SourceDefinition source, string cluster, string kubernetesVersion, CancellationToken ct)
    {
        var finding = Finder(app, source);
        if (source.Path is null) return SourceOutput.Failed(finding(MissingPath, "source has no path", "path"));
        var folder = RepositoryPaths.Combine("", source.Path);
        if (folder is null) return SourceOutput.Failed(finding(KustomizeSafety.OutsideRepository, $"path \"{source.Path}\" leaves the repository", "path"));
        var full = Path.Combine(context.Repository.Root, folder);
        if (!Directory.Exists(full)) return SourceOutput.Failed(finding(MissingPath, $"path \"{source.Path}\" does not exist in this repository", "path"));
        if (source.Plugin is not null) return SourceOutput.Failed(finding(KustomizeSafety.PluginRefused, "config management plugins run arbitrary code; not rendered on pull-request content", "plugin"));

        if (File.Exists(Path.Combine(full, "Chart.yaml"))) return await RenderHelmAsync(app, source, folder, cluster, kubernetesVersion, ct);
        if (KustomizeSafety.FindKustomization(context.Repository, folder) is not null) return await RenderKustomizeAsync(app, source, folder, cluster, ct);
        return RenderDirectory(app, source, folder, cluster);
    }

    private static Func<string, string, string?, Finding> Finder(ApplicationDefinition app, SourceDefinition source) =>
        (rule, message, field) => app.Object.Finding(Stages.Render, Severity.Error, rule, $"Application {app.Name}: {message}",
            field is null ? source.At : source.At.Key(field)) with { Application = app.Name };

    private SourceOutput RenderDirectory(ApplicationDefinition app, SourceDefinition source, string folder, string cluster)
    {
        var recurse = source.Directory?.Boolean("recurse") ?? false;
        var include = source.Directory?.String("include");
        var exclude = source.Directory?.String("exclude");
        var objects = new List<RenderedObject>();
        var findings = new List<Finding>();
        if (source.Directory?.Mapping("jsonnet") is { Entries.Count: > 0 })
            findings.Add(Finder(app, source)(UnsupportedSource, "jsonnet directories are not rendered by this harness; they cannot be checked", "directory"));
        var prefix = folder.Length == 0 ? "" : folder + "/";
        foreach (var file in context.Repository.Files)
        {
            if (!file.Path.StartsWith(prefix, StringComparison.Ordinal) || file.File.Kind is not (FileKind.Manifest or FileKind.KustomizePatch)) continue;
            var rest = file.Path[prefix.Length..];
            if (!recurse && rest.Contains('/')) continue;
            if (include is not null && !Glob.Matches(include, rest)) continue;
            if (exclude is not null && Glob.Matches(exclude, rest)) continue;
            objects.AddRange(RenderedObjects.FromFile(file, cluster, app.Name));
        }
        return new SourceOutput(objects, findings, new HashSet<string> { folder });
    }

    private async Task<SourceOutput> RenderKustomizeAsync(ApplicationDefinition app, SourceDefinition source, string folder, string cluster, CancellationToken ct)
    {
        var scan = KustomizeSafety.Scan(context.Repository, folder);
        if (scan.Findings.Count > 0) return new SourceOutput([], scan.Findings.Select(f => f with { Cluster = cluster, Application = app.Name }).ToList(), scan.ReachedFolders);

        var options = source.Kustomize;
        var key = RenderCache.Key("kustomize", context.Tools.KustomizeVersion, folder, options?.ToJsonString() ?? "", await context.FingerprintAsync());
        var output = await context.CachedAsync(key, async () =>
        {
            using var workspace = context.Workspace(folder, options);
            var tools = await context.ResolveToolsAsync(ct);
            var result = await context.RunToolAsync(new ProcessSpec(tools.Kubectl, KustomizeArguments(workspace.PathOf(folder)), context.Options.ToolTimeout,
                Environment: NoNetworkEnvironment(workspace.Root)), ct);
            return (result, workspace.Unroot(result.StandardError + result.StandardOutput));
        });
        if (output.Failure is { } failure) return Failure(app, source, failure, cluster, scan.ReachedFolders, folder);

        var provenance = new KustomizeProvenance(context.Repository, context.Texts);
        var objects = new List<RenderedObject>();
        var appOverrides = ApplicationKustomizeOverrides(app, source);
        foreach (var body in Documents(output.Text))
        {
            var (clean, trace) = provenance.Trace(body, folder, new SourceLocation($"{folder}/kustomization.yaml", 1, 1));
            if (RenderedObjects.Identify(clean) is not { } id) continue;
            objects.Add(new RenderedObject(id, clean, trace with { Overrides = [.. trace.Overrides, .. appOverrides] }, cluster, app.Name));
        }
        return new SourceOutput(objects, [], scan.ReachedFolders);
    }

    /// <summary>
    /// Safe settings spelled out rather than trusted to defaults: files only from inside each kustomization's root,
    /// no plugins, no exec functions, no Helm inflation.
    /// </summary>
    internal static IReadOnlyList<string> KustomizeArguments(string folder) =>
        ["kustomize", folder, "--load-restrictor", "LoadRestrictionsRootOnly", "--enable-alpha-plugins=false", "--enable-helm=false"];

    /// <summary>Fields an Application's own kustomize options set are attributed to those options in the Application.</summary>
    private static IEnumerable<FieldSource> ApplicationKustomizeOverrides(ApplicationDefinition app, SourceDefinition source)
    {
        if (source.Kustomize is not { } options) yield break;
        var at = source.At.Key("kustomize");
        if (options["namePrefix"] is not null || options["nameSuffix"] is not null)
            yield return new FieldOverride(ObjectPath.Of("metadata", "name"), app.Object.Locate(at.Key(options["namePrefix"] is not null ? "namePrefix" : "nameSuffix")));
        if (options["namespace"] is not null) yield return new FieldOverride(ObjectPath.Of("metadata", "namespace"), app.Object.Locate(at.Key("namespace")));
        foreach (var entry in options.Mapping("commonLabels")?.Entries ?? [])
            yield return new FieldOverride(ObjectPath.Of("metadata", "labels", entry.Key.Value), app.Object.Locate(at.Key("commonLabels").Key(entry.Key.Value)));
        foreach (var entry in options.Mapping("commonAnnotations")?.Entries ?? [])
            yield return new FieldOverride(ObjectPath.Of("metadata", "annotations", entry.Key.Value), app.Object.Locate(at.Key("commonAnnotations").Key(entry.Key.Value)));
    }

    private async Task<SourceOutput> RenderHelmAsync(ApplicationDefinition app, SourceDefinition source, string chartFolder, string cluster, string kubernetesVersion, CancellationToken ct)
    {
        var finding = Finder(app, source);
        var helm = source.Helm;
        var release = helm?.String("releaseName") ?? app.Name;
        var ns = app.DestinationNamespace ?? "default";
        var findings = new List<Finding>();
        var valuesDocuments = new List<SourceDocument>();
        if (context.Repository.Find($"{chartFolder}/values.yaml") is { } chartValues)
            valuesDocuments.AddRange(chartValues.Documents.Select(d => d.Root).OfType<YamlNode>().Select(r => new SourceDocument(chartValues.Path, r)));

        var arguments = new List<string> { "template", release, Path.Combine(context.Repository.Root, chartFolder), "--namespace", ns, "--kube-version", kubernetesVersion };
        if (helm?.Boolean("skipCrds") != true) arguments.Add("--include-crds");
        var valueFiles = helm?.Sequence("valueFiles")?.Items ?? [];
        for (var i = 0; i < valueFiles.Count; i++)
        {
            if (valueFiles[i] is not YamlScalar { Kind: ScalarKind.String } vf) continue;
            var resolved = ResolveValueFile(app, chartFolder, vf.Value);
            var at = source.At.Key("helm").Key("valueFiles").Index(i);
            if (resolved.Problem is { } problem)
            {
                if (!(helm?.Boolean("ignoreMissingValueFiles") ?? false) || resolved.Path is null) findings.Add(app.Object.Finding(Stages.Render, Severity.Error, MissingValuesFile, $"Application {app.Name}: {problem}", at));
                continue;
            }
            arguments.AddRange(["--values", Path.Combine(context.Repository.Root, resolved.Path!)]);
            if (context.Repository.Find(resolved.Path!) is { } parsedValues)
                valuesDocuments.AddRange(parsedValues.Documents.Select(d => d.Root).OfType<YamlNode>().Select(r => new SourceDocument(parsedValues.Path, r)));
        }
        if (findings.Count > 0) return new SourceOutput([], findings, new HashSet<string> { chartFolder });

        // Inline values: Argo CD applies them after the value files. They are written to a temporary file for Helm.
        string? inlineValues = null;
        if (helm?.Mapping("valuesObject") is { } valuesObject) inlineValues = YamlWriter.Write(valuesObject);
        else if (helm?["values"] is YamlScalar { Kind: ScalarKind.String } valuesText) inlineValues = valuesText.Value;
        foreach (var parameter in (helm?.Sequence("parameters")?.Items ?? []).OfType<YamlMapping>())
        {
            if (parameter.String("name") is not { } name) continue;
            var value = parameter.String("value") ?? "";
            arguments.AddRange([parameter.Boolean("forceString") == true ? "--set-string" : "--set", $"{name}={value}"]);
        }

        var key = RenderCache.Key("helm", context.Tools.HelmVersion, string.Join('\u0001', arguments.Select(a => a.Replace(context.Repository.Root, "", StringComparison.Ordinal))), inlineValues ?? "", await context.FingerprintAsync());
        var output = await context.CachedAsync(key, async () =>
        {
            var temporary = Path.Combine(Path.GetTempPath(), "acolhimento-helm-" + Guid.NewGuid().ToString("N")[..12]);
            Directory.CreateDirectory(temporary);
            try
            {
                var args = new List<string>(arguments);
                if (inlineValues is not null)
                {
                    var file = Path.Combine(temporary, "inline-values.yaml");
                    await File.WriteAllTextAsync(file, inlineValues, ct);
                    args.AddRange(["--values", file]);
                }
                var tools = await context.ResolveToolsAsync(ct);
                var result = await context.RunToolAsync(new ProcessSpec(tools.Helm, args, context.Options.ToolTimeout, Environment: NoNetworkEnvironment(temporary)), ct);
                return (result, (result.StandardError + result.StandardOutput).Replace(context.Repository.Root + "/", "", StringComparison.Ordinal));
            }
            finally
            {
                try { Directory.Delete(temporary, recursive: true); } catch (IOException) { }
            }
        });
        if (output.Failure is { } failure)
        {
            var invalidValues = HelmValuesErrors.Map(failure.Output, valuesDocuments, app.Object.Locate(source.At.Key("helm")))
                .Select(e => new Finding(Stages.Render, Severity.Error, InvalidValues,
                    $"Application {app.Name}: chart {chartFolder} rejects its values: {e.Message}", e.Location, cluster, app.Name))
                .ToList();
            return invalidValues.Count > 0
                ? new SourceOutput([], invalidValues, new HashSet<string> { chartFolder })
                : Failure(app, source, failure, cluster, new HashSet<string> { chartFolder }, chartFolder);
        }

        var inlineOrigins = helm?.Mapping("valuesObject") is { } vo
            ? InlineValueOrigins(app, source.At.Key("helm").Key("valuesObject"), vo)
            : new Dictionary<string, SourceLocation>();
        var valueOrigins = HelmProvenance.ValueIndex(valuesDocuments);
        foreach (var (value, location) in inlineOrigins) valueOrigins[value] = location;
        var comments = HelmProvenance.SourceComments(output.Text);
        var occurrences = new Dictionary<(string, string), int>();
        var objects = new List<RenderedObject>();
        foreach (var document in YamlReader.Read(output.Text).Documents)
        {
            if (document.Root is not YamlMapping body || RenderedObjects.Identify(body) is not { } id) continue;
            var template = HelmProvenance.TemplateFor(comments, body.Start.Line); // the comment follows the --- line, so compare with the first content line
            var templatePath = template is null ? $"{chartFolder}/Chart.yaml" : HelmProvenance.ToRepositoryPath(chartFolder, template);
            var n = occurrences.GetValueOrDefault((templatePath, id.Kind));
            occurrences[(templatePath, id.Kind)] = n + 1;
            var origin = HelmProvenance.KindLine(templatePath, context.Texts.Lines(templatePath), id.Kind, n);
            var templateSource = new TemplateSource(templatePath, context.Texts.Lines(templatePath), origin.Line);
            objects.Add(new RenderedObject(id, body, new ObjectProvenance(origin, null, [templateSource, new ValueOrigins(valueOrigins)]), cluster, app.Name));
        }
        var reached = new HashSet<string>(StringComparer.Ordinal) { chartFolder };
        return new SourceOutput(objects, [], reached);
    }

    private static Dictionary<string, SourceLocation> InlineValueOrigins(ApplicationDefinition app, ObjectPath at, YamlMapping values)
    {
        var result = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        var work = new Stack<(YamlNode, ObjectPath)>();
        work.Push((values, at));
        while (work.Count > 0)
        {
            var (node, path) = work.Pop();
            switch (node)
            {
                case YamlMapping m:
                    foreach (var e in m.Entries) work.Push((e.Value, path.Key(e.Key.Value)));
                    break;
                case YamlSequence s:
                    for (var i = 0; i < s.Items.Count; i++) work.Push((s.Items[i], path.Index(i)));
                    break;
                case YamlScalar v when v.Value.Length >= 4:
                    result[v.Value] = app.Object.Locate(path);
                    break;
            }
        }
        return result;
    }

    private (string? Path, string? Problem) ResolveValueFile(ApplicationDefinition app, string chartFolder, string valueFile)
    {
        if (valueFile.Contains("://", StringComparison.Ordinal)) return (null, $"remote value file \"{valueFile}\" is not fetched; keep values in the repository");
        string? relative;
        if (valueFile.StartsWith('$'))
        {
            var slash = valueFile.IndexOf('/');
            var refName = slash < 0 ? valueFile[1..] : valueFile[1..slash];
            var referenced = app.Sources.FirstOrDefault(s => s.Ref == refName);
            if (referenced is null) return (null, $"value file \"{valueFile}\" names source ref \"{refName}\" that no source of the Application declares");
            if (!context.Configuration.IsThisRepository(referenced.RepoUrl)) return (null, $"value file \"{valueFile}\" comes from another repository ({referenced.RepoUrl}); it cannot be checked offline");
            relative = RepositoryPaths.Combine("", slash < 0 ? "" : valueFile[(slash + 1)..]);
        }
        else
        {
            relative = RepositoryPaths.Combine(chartFolder, valueFile);
        }
        if (relative is null) return (null, $"value file \"{valueFile}\" leaves the repository");
        return File.Exists(Path.Combine(context.Repository.Root, relative)) ? (relative, null) : (relative, $"value file \"{valueFile}\" does not exist ({relative})");
    }

    private SourceOutput Failure(ApplicationDefinition app, SourceDefinition source, ToolFailure failure, string cluster, IReadOnlySet<string> reached, string folder)
    {
        var rule = failure.TimedOut ? Timeout : RenderFailed;
        var location = ToolMessageLocation.Find(failure.Message, context.Repository) ?? app.Object.Locate(source.At.Key("path"));
        var message = failure.TimedOut
            ? $"rendering {folder} for Application {app.Name} timed out after {context.Options.ToolTimeout.TotalSeconds:0} s"
            : $"rendering {folder} for Application {app.Name} failed: {failure.Message}";
        return new SourceOutput([], [new Finding(Stages.Render, Severity.Error, rule, message, location, cluster, app.Name)], reached);
    }

    private static IEnumerable<YamlMapping> Documents(string text) => YamlReader.Read(text).Documents.Select(d => d.Root).OfType<YamlMapping>();

    /// <summary>Keeps tools away from user configuration and plugins: empty HOME/XDG folders, no Kustomize plugin root.</summary>
    private static Dictionary<string, string?> NoNetworkEnvironment(string scratch) => new()
    {
        ["HOME"] = scratch,
        ["XDG_CONFIG_HOME"] = Path.Combine(scratch, ".config"),
        ["XDG_CACHE_HOME"] = Path.Combine(scratch, ".cache"),
        ["XDG_DATA_HOME"] = Path.Combine(scratch, ".data"),
        ["HELM_CACHE_HOME"] = Path.Combine(scratch, ".helm-cache"),
        ["HELM_CONFIG_HOME"] = Path.Combine(scratch, ".helm-config"),
        ["HELM_DATA_HOME"] = Path.Combine(scratch, ".helm-data"),
        ["KUSTOMIZE_PLUGIN_HOME"] = Path.Combine(scratch, ".no-plugins"),
        ["KUBECONFIG"] = Path.Combine(scratch, ".no-kubeconfig"),
    };
}

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
