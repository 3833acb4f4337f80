using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

/// <summary>
/// A Helm source: <c>helm template</c> with the Application's value files (<c>$ref</c> included), inline values and
/// parameters, cached; objects traced to their template lines and to the values that set them.
/// </summary>
public sealed class HelmRenderer(RenderContext context)
{
    /// <summary>
    /// What Argo CD hands to Helm for one source: the command line without inline values, the values documents in the
    /// order Helm merges them (chart defaults first), and the inline values Helm reads from a temporary file.
    /// </summary>
    private sealed record HelmInvocation(List<string> Arguments, List<SourceDocument> ValuesDocuments, string? InlineValues, List<ValuesLayer> Layers);

    public async Task<SourceOutput> RenderAsync(ApplicationDefinition app, SourceDefinition source, string chartFolder, string cluster, string kubernetesVersion, CancellationToken ct)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal) { chartFolder };
        var (invocation, problems) = Prepare(app, source, chartFolder, kubernetesVersion);
        if (problems.Count > 0) return new SourceOutput([], problems, reached);

        // One merge serves the values check and the tracing of the rendered objects.
        var values = HelmValues.Merge(invocation.Layers);
        var invalidValues = CheckValues(app, source, chartFolder, cluster, values);
        if (invalidValues.Count > 0) return new SourceOutput([], invalidValues, reached);

        var output = await TemplateAsync(invocation, ct);
        if (output.Failure is { } failure) return Rejected(app, source, chartFolder, cluster, invocation, failure, reached);

        return Trace(app, source, chartFolder, cluster, invocation, values, output.Text) with { ReachedFolders = reached };
    }

    /// <summary>The <c>helm template</c> command line, value files resolved as Argo CD resolves them; a value file that cannot be read is a finding.</summary>
    private (HelmInvocation Invocation, List<Finding> Problems) Prepare(ApplicationDefinition app, SourceDefinition source, string chartFolder, string kubernetesVersion)
    {
        var helm = source.Helm;
        var release = helm?.String("releaseName") ?? app.Name;
        var ns = app.DestinationNamespace ?? "default";
        var problems = new List<Finding>();
        var valuesDocuments = new List<SourceDocument>();
        AddDocuments(valuesDocuments, $"{chartFolder}/values.yaml");

        var arguments = new List<string> { "template", release, Path.Combine(context.Repository.Root, chartFolder), "--namespace", ns, "--kube-version", kubernetesVersion };
        if (helm?.Boolean("skipCrds") != true) arguments.Add("--include-crds");
        var valueFiles = helm?.Sequence("valueFiles")?.Items ?? [];
        for (var i = 0; i < valueFiles.Count; i++)
        {
            if (valueFiles[i] is not YamlScalar { Kind: ScalarKind.String } vf) continue;
            var resolved = ResolveValueFile(app, chartFolder, vf.Value);
            if (resolved.Problem is { } problem)
            {
                if (!(helm?.Boolean("ignoreMissingValueFiles") ?? false) || resolved.Path is null)
                    problems.Add(app.Object.Finding(Stages.Render, Severity.Error, RenderRules.MissingValuesFile, $"Application {app.Name}: {problem}", source.At.Key("helm").Key("valueFiles").Index(i)));
                continue;
            }
            if (RefusedInput.Reason(context.Repository, resolved.Path!, "helm") is { } refusal)
            {
                problems.Add(app.Object.Finding(Stages.Render, Severity.Error, RenderRules.InputRefused, $"Application {app.Name}: {refusal}", source.At.Key("helm").Key("valueFiles").Index(i)));
                continue;
            }
            arguments.AddRange(["--values", Path.Combine(context.Repository.Root, resolved.Path!)]);
            AddDocuments(valuesDocuments, resolved.Path!);
        }

        // Inline values: Argo CD applies them after the value files. They are written to a temporary file for Helm.
        string? inlineValues = null;
        var layers = valuesDocuments.Select(d => (ValuesLayer)new ValuesLayer.Document(d.Root, (node, _) => new SourceLocation(d.File, node.Start.Line, node.Start.Column))).ToList();
        if (helm?.Mapping("valuesObject") is { } valuesObject)
        {
            inlineValues = YamlWriter.Write(valuesObject);
            var at = source.At.Key("helm").Key("valuesObject");
            layers.Add(new ValuesLayer.Document(valuesObject, (_, path) => app.Object.Locate(Append(at, path))));
        }
        else if (helm?["values"] is YamlScalar { Kind: ScalarKind.String } valuesText)
        {
            inlineValues = valuesText.Value;
            if (InlineValuesLayer(app, source, valuesText) is { } layer) layers.Add(layer);
        }
        var parameters = helm?.Sequence("parameters")?.Items ?? [];
        for (var i = 0; i < parameters.Count; i++)
        {
            if (parameters[i] is not YamlMapping parameter || parameter.String("name") is not { } name) continue;
            var value = parameter.String("value") ?? "";
            var forceString = parameter.Boolean("forceString") == true;
            arguments.AddRange([forceString ? "--set-string" : "--set", $"{name}={value}"]);
            layers.Add(new ValuesLayer.Parameter(name, value, forceString, app.Object.Locate(source.At.Key("helm").Key("parameters").Index(i).Key(parameter["value"] is null ? "name" : "value"))));
        }
        problems.AddRange(RefusedInput.ForChart(context.Repository, app, source, chartFolder));
        return (new HelmInvocation(arguments, valuesDocuments, inlineValues, layers), problems);
    }

    /// <summary>
    /// Inline <c>values</c> text as a layer; its lines are counted from the line of the <c>values:</c> block in the
    /// Application (a block scalar's content starts on the next line).
    /// </summary>
    private static ValuesLayer? InlineValuesLayer(ApplicationDefinition app, SourceDefinition source, YamlScalar valuesText)
    {
        var read = YamlReader.Read(valuesText.Value);
        if (read.Documents.FirstOrDefault()?.Root is not YamlMapping root) return null;
        var block = app.Object.Locate(source.At.Key("helm").Key("values"));
        var isBlock = valuesText.Style is ScalarStyle.Literal or ScalarStyle.Folded;
        return new ValuesLayer.Document(root, (node, _) => isBlock
            ? new SourceLocation(block.File, block.Line + node.Start.Line, block.Column + 1 + node.Start.Column)
            : block);
    }

    private static ObjectPath Append(ObjectPath at, ObjectPath path) => path.Segments.Aggregate(at, (p, s) => s is int i ? p.Index(i) : p.Key((string)s));

    /// <summary>
    /// The merged values against the chart's values.schema.json before Helm runs: each error at the values line that
    /// caused it. A schema that cannot be read is left to Helm, which then reports it.
    /// </summary>
    private List<Finding> CheckValues(ApplicationDefinition app, SourceDefinition source, string chartFolder, string cluster, HelmValues values)
    {
        var schemaFile = Path.Combine(context.Repository.Root, chartFolder, "values.schema.json");
        if (!File.Exists(schemaFile)) return [];
        var schemaText = File.ReadAllText(schemaFile);
        // Evaluating a schema costs JsonSchema.Net's start-up on every run; values that passed the same schema before pass again.
        var passedKey = RenderCache.Key("helm-values-passed", HelmValuesSchema.VerdictVersion, schemaText, values.Merged.ToJsonString());
        if (context.PassedBefore(passedKey) || HelmValuesSchema.Load(schemaText).Schema is not { } schema) return [];
        var fallback = app.Object.Locate(source.At.Key("helm"));
        var findings = schema.Validate(values)
            .Select(e => new Finding(Stages.Render, Severity.Error, RenderRules.InvalidValues,
                $"Application {app.Name}: chart {chartFolder} rejects its values: {e.Message}", e.Location ?? fallback, cluster, app.Name))
            .ToList();
        if (findings.Count == 0) context.RememberPassed(passedKey);
        return findings;
    }

    private void AddDocuments(List<SourceDocument> into, string path)
    {
        if (context.Repository.Find(path) is { } parsed)
            into.AddRange(parsed.Documents.Select(d => d.Root).OfType<YamlNode>().Select(r => new SourceDocument(parsed.Path, r)));
    }

    /// <summary>Runs <c>helm template</c> once per distinct invocation (cached), inline values in a scratch folder that is removed afterwards.</summary>
    private async Task<ToolOutput> TemplateAsync(HelmInvocation invocation, CancellationToken ct)
    {
        var key = RenderCache.Key("helm", context.Tools.HelmVersion, string.Join('\u0001', invocation.Arguments.Select(a => a.Replace(context.Repository.Root, "", StringComparison.Ordinal))), invocation.InlineValues ?? "", await context.FingerprintAsync());
        return await context.CachedAsync(key, async () =>
        {
            var temporary = Path.Combine(Path.GetTempPath(), "acolhimento-helm-" + Guid.NewGuid().ToString("N")[..12]);
            Directory.CreateDirectory(temporary);
            try
            {
                var args = new List<string>(invocation.Arguments);
                if (invocation.InlineValues is not null)
                {
                    var file = Path.Combine(temporary, "inline-values.yaml");
                    await File.WriteAllTextAsync(file, invocation.InlineValues, ct);
                    args.AddRange(["--values", file]);
                }
                var tools = await context.ResolveToolsAsync(ct);
                var result = await context.RunToolAsync(new ProcessSpec(tools.Helm, args, context.Options.ToolTimeout, Environment: ToolEnvironment.Isolated(temporary)), ct);
                return (result, (result.StandardError + result.StandardOutput).Replace(context.Repository.Root + "/", "", StringComparison.Ordinal));
            }
            finally
            {
                try { Directory.Delete(temporary, recursive: true); } catch (IOException) { }
            }
        });
    }

    /// <summary>A failed render: the chart's values-schema errors at the values lines that caused them, else the tool's message as one finding.</summary>
    private SourceOutput Rejected(ApplicationDefinition app, SourceDefinition source, string chartFolder, string cluster, HelmInvocation invocation, ToolFailure failure, IReadOnlySet<string> reached)
    {
        var invalidValues = HelmValuesErrors.Map(failure.Output, invocation.ValuesDocuments, app.Object.Locate(source.At.Key("helm")))
            .Select(e => new Finding(Stages.Render, Severity.Error, RenderRules.InvalidValues,
                $"Application {app.Name}: chart {chartFolder} rejects its values: {e.Message}", e.Location, cluster, app.Name))
            .ToList();
        return invalidValues.Count > 0
            ? new SourceOutput([], invalidValues, reached)
            : SourceFindings.Failure(context, app, source, failure, cluster, reached, chartFolder);
    }

    /// <summary>
    /// Each rendered object traced to the template line that declares its kind and to the values lines that set its scalars;
    /// each document that cannot be read or applied an error at its template.
    /// </summary>
    private SourceOutput Trace(ApplicationDefinition app, SourceDefinition source, string chartFolder, string cluster, HelmInvocation invocation, HelmValues values, string rendered)
    {
        var valueOrigins = HelmProvenance.ValueIndex(invocation.ValuesDocuments);
        if (source.Helm?.Mapping("valuesObject") is { } valuesObject)
        {
            foreach (var (value, location) in InlineValueOrigins(app, source.At.Key("helm").Key("valuesObject"), valuesObject)) valueOrigins[value] = location;
        }
        var comments = HelmProvenance.SourceComments(rendered);
        string TemplateAt(int outputLine) => HelmProvenance.TemplateFor(comments, outputLine) is { } template // the comment follows the --- line
            ? HelmProvenance.ToRepositoryPath(chartFolder, template)
            : $"{chartFolder}/Chart.yaml";
        var templatesFolder = Path.Combine(context.Repository.Root, chartFolder, "templates");
        var helpers = ValuesDecisions.ReadHelpers(!Directory.Exists(templatesFolder) ? [] : Directory.EnumerateFiles(templatesFolder, "*.tpl")
            .Select(f => $"{chartFolder}/templates/{Path.GetFileName(f)}").Order(StringComparer.Ordinal)
            .Select(f => (f, (IReadOnlyList<string>)context.Texts.Lines(f))));
        var occurrences = new Dictionary<(string, string), int>();
        var objects = new List<RenderedObject>();
        var documents = ToolOutputReader.Read(rendered);
        foreach (var (body, id, line, _, _) in documents.Objects)
        {
            var templatePath = TemplateAt(line);
            var n = occurrences.GetValueOrDefault((templatePath, id.Kind));
            occurrences[(templatePath, id.Kind)] = n + 1;
            var origin = HelmProvenance.KindLine(templatePath, context.Texts.Lines(templatePath), id.Kind, n);
            var templateSource = new TemplateSource(templatePath, context.Texts.Lines(templatePath), origin.Line);
            objects.Add(new RenderedObject(id, body, new ObjectProvenance(origin, null,
                [templateSource, new ValueOrigins(valueOrigins), new ValuesDecisions(templateSource, helpers, values)]), cluster, app.Name));
        }
        var refused = documents.Refused.Select(d => ToolOutputFindings.Refused(d, new SourceLocation(TemplateAt(d.OutputLine), 1, 1), "helm template", app, cluster)).ToList();
        return new SourceOutput(objects, refused, new HashSet<string>()) { Emitted = documents.Emitted, Refused = refused.Count };
    }

    private static Dictionary<string, SourceLocation> InlineValueOrigins(ApplicationDefinition app, ObjectPath at, YamlMapping values)
    {
        var result = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var (path, node) in values.Walk(at))
        {
            if (node is YamlScalar v && v.Value.Length >= 4) result[v.Value] = app.Object.Locate(path);
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
}
