using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Render.Helm;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

/// <summary>
/// A Helm source: <c>helm template</c> with the Application's value files (<c>$ref</c> included), inline values and
/// parameters, cached; objects traced to their template lines and to the values that set them.
/// </summary>
internal sealed class HelmRenderer(RenderContext context)
{
    /// <summary>Stands for the temporary file of inline values in the command line until Helm runs (and in the cache key).</summary>
    private const string InlineValuesFile = "<temp file with values from source.helm.values/valuesObject>";

    /// <summary>
    /// What Argo CD hands to Helm for one source: its template options (<see cref="HelmTemplateOptions"/>), the values
    /// documents in the order Helm merges them (chart defaults first), and the inline values Helm reads from a temporary file.
    /// </summary>
    /// <param name="Reads">Repository paths Helm reads (the chart folder, value files, file parameters, local dependencies), for the cache key; null when they cannot be bounded.</param>
    private sealed record HelmInvocation(HelmTemplateOptions Options, List<SourceDocument> ValuesDocuments, InlineValues? InlineValues, List<ValuesLayer> Layers, IReadOnlyList<string>? Reads);

    public async Task<SourceOutput> RenderAsync(ApplicationDefinition app, SourceDefinition source, string chartFolder, string cluster, string kubernetesVersion, CancellationToken ct)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal) { chartFolder };
        var helmAt = source.At.Key("helm");
        var (options, optionProblems) = HelmSourceOptions.Read(source.Helm, helmAt);
        var problems = optionProblems.Select(p => OptionFinding(app, cluster, p)).ToList();
        if (problems.Count > 0) return new SourceOutput([], problems, reached);
        var capabilities = context.Capabilities(cluster);
        var (invocation, prepared) = Prepare(app, source, chartFolder, options, capabilities);
        if (prepared.Any(f => f.Severity == Severity.Error)) return new SourceOutput([], prepared, reached);

        var scan = HelmTemplateScan.Of(context.Repository.Root, chartFolder, invocation.ValuesDocuments.Select(d => d.File).Distinct(StringComparer.Ordinal), EvaluatedInline(app, helmAt, options, invocation), context.TemplateScans);
        var refused = scan.Refused(app, cluster);
        if (refused.Count > 0) return new SourceOutput([], [.. prepared, .. refused], reached);

        // One merge serves the values check and the tracing of the rendered objects.
        var values = HelmValues.Merge(invocation.Layers);
        var invalidValues = options.SkipSchemaValidation ? [] : CheckValues(app, source, chartFolder, cluster, values);
        if (invalidValues.Count > 0) return new SourceOutput([], invalidValues, reached);

        var output = await TemplateAsync(invocation, invocation.Options, "", ct);
        if (output.Failure is { } failure) return Rejected(app, source, chartFolder, cluster, invocation, failure, reached);
        var traced = Trace(app, source, chartFolder, cluster, invocation, values, output.Text);

        // Argo CD renders again on every refresh and on another cluster patch: what the gate checked must be what it applies.
        var repeated = new RepeatedRender(app, cluster, scan, text => Trace(app, source, chartFolder, cluster, invocation, values, text));
        var findings = new List<Finding>(prepared);
        findings.AddRange(repeated.StaticFindings());
        if (scan.NeedsSecondRender)
        {
            var again = await TemplateAsync(invocation, invocation.Options, "again", ct);
            if (again.Failure is null) findings.AddRange(repeated.Compare(output.Text, again.Text));
        }
        if (!findings.Any(f => f.Rule == RenderRules.Nondeterministic) && !capabilities.PatchPinned && options.KubeVersion is null && scan.ReadsKubeVersion)
        {
            var laterPatch = invocation.Options with { KubeVersion = RepeatedRender.LaterPatch(invocation.Options.KubeVersion!) };
            var other = await TemplateAsync(invocation, laterPatch, "", ct);
            if (other.Failure is null)
            {
                var (patchFindings, hidden) = repeated.ComparePatches(output.Text, other.Text, invocation.Options.KubeVersion!, laterPatch.KubeVersion!, traced.Objects);
                findings.AddRange(patchFindings);
                traced = traced with { Objects = [.. traced.Objects, .. hidden], Emitted = traced.Emitted + hidden.Count };
            }
        }
        return traced with { Findings = [.. findings, .. traced.Findings], ReachedFolders = reached };
    }

    /// <summary>Text of the Application that Helm evaluates: inline values (through <c>tpl</c>) and the release name (<c>--name-template</c>).</summary>
    private static IEnumerable<(SourceLocation At, string Text)> EvaluatedInline(ApplicationDefinition app, ObjectPath helmAt, HelmSourceOptions options, HelmInvocation invocation)
    {
        if (invocation.InlineValues is { MayHoldAction: true } inline) // without an action there is nothing to scan, and its text need not be written
        {
            var at = app.Object.Locate(helmAt.Key(options.ValuesObject is YamlMapping ? "valuesObject" : "values"));
            yield return (at with { Line = at.Line + 1 }, inline.Text);
        }
        if (options.ReleaseName is { } release) yield return (app.Object.Locate(helmAt.Key("releaseName")), release);
    }

    private static Finding OptionFinding(ApplicationDefinition app, string cluster, HelmOptionProblem problem) =>
        app.Object.Finding(Stages.Render, Severity.Error, RenderRules.HelmOptionRefused, $"Application {app.Name}: {problem.Message}", problem.At) with { Cluster = cluster, Application = app.Name };

    /// <summary>
    /// The <c>helm template</c> options as Argo CD's <c>helmTemplate</c> builds them: release name (default: the
    /// Application's name), namespace (default: the destination's), kube version and API versions (the helm block's
    /// own, else the cluster's), value files, inline values, parameters and file parameters with Argo CD's variables
    /// substituted. A value file or file parameter that cannot be read is a finding.
    /// </summary>
    private (HelmInvocation Invocation, List<Finding> Findings) Prepare(ApplicationDefinition app, SourceDefinition source, string chartFolder, HelmSourceOptions options, ClusterCapabilities capabilities)
    {
        var helmAt = source.At.Key("helm");
        var findings = new List<Finding>();
        Finding Error(string rule, ObjectPath at, string message) =>
            app.Object.Finding(Stages.Render, Severity.Error, rule, $"Application {app.Name}: {message}", at) with { Application = app.Name };
        var environment = BuildEnvironment.For(app, source);
        string Substituted(string text, ObjectPath at)
        {
            if (BuildEnvironment.RevisionUsed(text))
                findings.Add(app.Object.Finding(Stages.Render, Severity.Warning, RenderRules.RevisionStandIn,
                    $"Application {app.Name}: Argo CD substitutes the commit it renders for $ARGOCD_APP_REVISION; the gate cannot know it and substitutes {BuildEnvironment.RevisionStandIn}", at) with { Application = app.Name });
            return environment.Substitute(text);
        }

        var kubeVersion = capabilities.KubeVersion;
        if (options.KubeVersion is { } declared)
        {
            if (CapabilitySource.GenericVersion(declared) is { } parsed) kubeVersion = parsed;
            else findings.Add(Error(RenderRules.HelmOptionRefused, helmAt.Key("kubeVersion"), $"could not parse kubernetes version {declared}; Argo CD cannot render the source"));
        }
        var valuesDocuments = new List<SourceDocument>();
        var reads = ChartReads.Of(context.Repository, chartFolder);
        AddDocuments(valuesDocuments, $"{chartFolder}/values.yaml");
        foreach (var file in options.ValueFiles) Substituted(file.Value, file.At);
        var (valueFiles, valueProblems) = ValueFileResolver.Resolve(context.Repository.Root, context.Configuration, app, chartFolder, options.ValueFiles, options.IgnoreMissingValueFiles, environment);
        findings.AddRange(valueProblems.Select(p => Error(RenderRules.MissingValuesFile, p.At, p.Message)));
        var valuesPaths = new List<string>();
        foreach (var file in valueFiles)
        {
            if (RefusedInput.Reason(context.Repository, file.Path, "helm", kind: FileKind.HelmValues) is { } refusal)
            {
                findings.Add(Error(RenderRules.InputRefused, file.At, refusal));
                continue;
            }
            valuesPaths.Add(Path.Combine(context.Repository.Root, file.Path));
            reads?.Add(file.Path);
            AddDocuments(valuesDocuments, file.Path);
        }

        // Inline values: Argo CD applies them after the value files; valuesObject wins over values.
        var layers = valuesDocuments.Select(d => (ValuesLayer)new ValuesLayer.Document(d.Root, (node, _) => new SourceLocation(d.File, node.Start.Line, node.Start.Column))).ToList();
        var inlineValues = options.Inline;
        if (options.ValuesObject is YamlMapping valuesObject)
        {
            var at = helmAt.Key("valuesObject");
            layers.Add(new ValuesLayer.Document(valuesObject, (_, path) => app.Object.Locate(Append(at, path))));
        }
        else if (source.Helm?["values"] is YamlScalar { Kind: ScalarKind.String } valuesText && InlineValuesLayer(app, source, valuesText) is { } layer)
        {
            layers.Add(layer);
        }

        // Helm applies every --set, then every --set-string, then every --set-file, whatever their order on the line.
        var set = new Dictionary<string, string>(StringComparer.Ordinal);
        var setString = new Dictionary<string, string>(StringComparer.Ordinal);
        var setAt = new Dictionary<(string, bool), SourceLocation>();
        foreach (var parameter in options.Parameters)
        {
            (parameter.ForceString ? setString : set)[parameter.Name] = Substituted(parameter.Value, parameter.At.Key("value"));
            setAt[(parameter.Name, parameter.ForceString)] = app.Object.Locate(parameter.At.Key(parameter.Value.Length > 0 ? "value" : "name"));
        }
        foreach (var forceString in new[] { false, true })
        {
            foreach (var (name, value) in (forceString ? setString : set).OrderBy(p => p.Key, StringComparer.Ordinal))
                layers.Add(new ValuesLayer.Parameter(name, value, forceString, setAt[(name, forceString)]));
        }
        var setFile = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var parameter in options.FileParameters)
        {
            var (path, problem) = ValueFileResolver.FileParameter(context.Repository.Root, context.Configuration, app, chartFolder, Substituted(parameter.Path, parameter.At.Key("path")));
            if ((problem ?? RefusedInput.Reason(context.Repository, path!, "helm", yaml: false)) is { } refusal)
            {
                findings.Add(Error(problem is null ? RenderRules.InputRefused : RenderRules.MissingValuesFile, parameter.At.Key("path"), refusal));
                continue;
            }
            setFile[parameter.Name] = Path.Combine(context.Repository.Root, path!);
            reads?.Add(path!);
            layers.Add(new ValuesLayer.Parameter(parameter.Name, File.ReadAllText(Path.Combine(context.Repository.Root, path!)), true, app.Object.Locate(parameter.At.Key("path"))));
        }
        findings.AddRange(RefusedInput.ForChart(context.Repository, app, source, chartFolder));

        var templateOptions = new HelmTemplateOptions(
            Path.Combine(context.Repository.Root, chartFolder),
            options.ReleaseName ?? app.Name,
            options.Namespace ?? app.DestinationNamespace,
            kubeVersion,
            options.ApiVersions.Count > 0 ? options.ApiVersions : capabilities.ApiVersions,
            set, setString, setFile, valuesPaths, inlineValues is null ? null : InlineValuesFile,
            options.SkipCrds, options.SkipSchemaValidation, options.SkipTests);
        return (new HelmInvocation(templateOptions, valuesDocuments, inlineValues, layers, reads), findings);
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
            into.AddRange(new Parsing.TreeReader().Documents(parsed).Select(d => d.Root).OfType<YamlNode>().Select(r => new SourceDocument(parsed.Path, r)));
    }

    /// <summary>
    /// The content of every repository file the command line names (value files, --set-file): the repository
    /// fingerprint leaves out the harness folders' build output, which a value file may still name.
    /// </summary>
    private string NamedFiles(IEnumerable<string> arguments)
    {
        var root = context.Repository.Root;
        var hashes = new List<string>();
        foreach (var argument in arguments)
        {
            var path = argument.Contains('=', StringComparison.Ordinal) ? argument[(argument.IndexOf('=', StringComparison.Ordinal) + 1)..] : argument;
            if (!path.StartsWith(root, StringComparison.Ordinal)) continue;
            var file = new FileInfo(path);
            // Only regular files within the size limit are read (links, devices and oversized files are refused before Helm runs).
            if (EntryTypes.Of(path) != EntryType.RegularFile || file.Length > ParseOptions.Default.MaxFileBytes)
            {
                hashes.Add($"not-read:{EntryTypes.Of(path)}:{(file.Exists ? file.Length : -1)}:{file.LinkTarget}");
                continue;
            }
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            hashes.Add(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream)));
        }
        return string.Join(',', hashes);
    }

    /// <summary>
    /// Runs <c>helm template</c> once per distinct command line (cached; <paramref name="repeat"/> names a deliberate
    /// second run of the same one), inline values in a scratch folder that is removed afterwards.
    /// </summary>
    private async Task<ToolOutput> TemplateAsync(HelmInvocation invocation, HelmTemplateOptions options, string repeat, CancellationToken ct)
    {
        var arguments = options.Arguments();
        var key = RenderCache.Key("helm", context.Tools.HelmVersion, string.Join('\u0001', arguments.Select(a => a.Replace(context.Repository.Root, "", StringComparison.Ordinal))),
            invocation.InlineValues?.Key ?? "", await context.InputsKeyAsync(invocation.Reads), NamedFiles(arguments), repeat);
        return await context.CachedAsync(key, async () =>
        {
            var temporary = Path.Combine(Path.GetTempPath(), "acolhimento-helm-" + Guid.NewGuid().ToString("N")[..12]);
            Directory.CreateDirectory(temporary);
            try
            {
                var args = arguments.ToList();
                if (invocation.InlineValues is not null)
                {
                    var file = Path.Combine(temporary, "inline-values.yaml");
                    await File.WriteAllTextAsync(file, invocation.InlineValues.Text, ct);
                    args = args.Select(a => a == InlineValuesFile ? file : a).ToList();
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
}
