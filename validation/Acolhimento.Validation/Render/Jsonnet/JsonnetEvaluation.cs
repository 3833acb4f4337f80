using System.Text.Json;
using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Render.Helm;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render.Jsonnet;

/// <summary>A top-level argument or external variable of <c>directory.jsonnet</c>: a string, or Jsonnet code (<c>code: true</c>).</summary>
internal sealed record JsonnetVariable(string Name, string Value, bool Code);

/// <summary>
/// The <c>*.jsonnet</c> files of a directory source, evaluated as Argo CD's repo server evaluates them
/// (<c>reposerver/repository</c> <c>findManifests</c>, <c>makeJsonnetVM</c>): each file on its own, with the source's
/// <c>tlas</c> and <c>extVars</c> (build variables such as <c>$ARGOCD_APP_NAME</c> substituted) and the library paths
/// <c>[application folder, libs…]</c> (libs relative to the repository root); the result is an array of objects or one
/// object. The interpreter is the pinned Jsonnet (<see cref="Tools.JsonnetBuilder"/>), run isolated like Helm, after every
/// import was checked to stay in the repository (<see cref="JsonnetReads"/>). Without an interpreter each file is one
/// finding saying its objects are not checked.
/// </summary>
internal static class JsonnetEvaluation
{
    private const string Tool = "jsonnet";

    public static async Task<SourceOutput> RenderAsync(RenderContext context, SourceRequest request, IReadOnlyList<string> files, CancellationToken ct)
    {
        var (app, source, folder, cluster) = (request.Application, request.Source, request.Folder, request.Cluster);
        var options = source.Directory?.Mapping("jsonnet");
        var at = SourceFindings.At(app, source);
        var environment = BuildEnvironment.For(app, source);
        var tlas = Variables(options?.Sequence("tlas"), environment);
        var extVars = Variables(options?.Sequence("extVars"), environment);
        var libraries = new List<string> { folder };
        foreach (var lib in (options?.Sequence("libs")?.Items ?? []).OfType<YamlScalar>())
        {
            if (RepositoryPaths.Combine("", lib.Value.TrimStart('/')) is not { } inside || lib.Value.Length == 0)
                return Refused(files, at(RenderRules.OutsideRepository, $"directory.jsonnet.libs entry \"{lib.Value}\" is not a folder of the repository; Argo CD refuses the source", "directory"));
            libraries.Add(inside);
        }
        if (tlas.Concat(extVars).FirstOrDefault(v => v.Code && JsonnetImportScanner.Scan(v.Value) is { Imports.Count: > 0 } or { Problem: not null }) is { } importing)
            return Refused(files, at(RenderRules.InputRefused, $"directory.jsonnet code for {importing.Name} imports files (or cannot be read); code variables are evaluated outside any file's folder, so they may not import: the Jsonnet of this source is not checked", "directory"));

        string interpreter;
        try
        {
            interpreter = await context.ResolveJsonnetAsync(ct);
        }
        catch (CannotValidateException ex)
        {
            return Refused(files, at(RenderRules.CannotRenderOffline,
                $"Jsonnet ({Describe(files)}) cannot be evaluated here: {ex.Message}; the objects Argo CD would generate from it are not checked and this cluster's render counts as failed", "path"));
        }

        var objects = new List<RenderedObject>();
        var findings = new List<Finding>();
        var (emitted, refused) = (0, 0);
        foreach (var file in files)
        {
            var reads = JsonnetReads.Of(context.Repository, file, libraries);
            if (reads.Problem is { } problem)
            {
                findings.Add(new Finding(Stages.Render, Severity.Error, RenderRules.InputRefused, $"Application {app.Identity}: {file} is not evaluated: {problem}",
                    new SourceLocation(reads.ProblemFile!, Math.Max(1, reads.ProblemLine), 1), cluster, app.Identity));
                (emitted, refused) = (emitted + 1, refused + 1);
                continue;
            }
            var arguments = Arguments(file, libraries, tlas, extVars);
            var key = RenderCache.Key([Tool, context.Tools.Jsonnet?.Version ?? "", .. arguments, await context.InputsKeyAsync(reads.Files)]);
            var output = await context.CachedAsync(key, async () =>
            {
                using var scratch = RenderWorkspace.CreateEmpty();
                var result = await context.RunToolAsync(new ProcessSpec(interpreter, arguments, context.Options.ToolTimeout, context.Repository.Root, ToolEnvironment.Isolated(scratch.Root)), ct);
                return (result, (result.StandardError + result.StandardOutput).Replace(context.Repository.Root + "/", "", StringComparison.Ordinal));
            });
            if (output.Failure is { } failure)
            {
                var failed = SourceFindings.Failure(context, app, source, failure, cluster, new HashSet<string>(), folder).Findings;
                findings.AddRange(failed.Select(f => f with { Application = app.Identity, Location = Where(failure.Output, reads.Files) ?? f.Location }));
                (emitted, refused) = (emitted + 1, refused + 1);
                continue;
            }
            var (fileObjects, fileFindings, fileEmitted) = Objects(output.Text, file, app, cluster);
            objects.AddRange(fileObjects);
            findings.AddRange(fileFindings);
            (emitted, refused) = (emitted + fileEmitted, refused + fileFindings.Count);
        }
        return new SourceOutput(objects, findings, new HashSet<string> { folder }) { Emitted = emitted, Refused = refused };
    }

    /// <summary>The interpreter's command line: the file last (after <c>./</c>, so no name reads as an option), library paths in Argo CD's order.</summary>
    internal static IReadOnlyList<string> Arguments(string file, IReadOnlyList<string> libraries, IReadOnlyList<JsonnetVariable> tlas, IReadOnlyList<JsonnetVariable> extVars) =>
    [
        "--max-stack", "500",
        .. libraries.SelectMany(l => (string[])["--jpath", "./" + l]),
        .. tlas.SelectMany(v => (string[])[v.Code ? "--tla-code" : "--tla-str", $"{v.Name}={v.Value}"]),
        .. extVars.SelectMany(v => (string[])[v.Code ? "--ext-code" : "--ext-str", $"{v.Name}={v.Value}"]),
        "./" + file,
    ];

    /// <summary>The first <c>./file:line</c> of a file the evaluation read that Jsonnet's message names (its stack trace, innermost first).</summary>
    private static SourceLocation? Where(string message, IReadOnlyList<string> files)
    {
        foreach (System.Text.RegularExpressions.Match match in System.Text.RegularExpressions.Regex.Matches(message, @"\./([^\s:]+):(\d+)(?::(\d+))?"))
        {
            if (files.Contains(match.Groups[1].Value, StringComparer.Ordinal) && int.TryParse(match.Groups[2].Value, out var line))
                return new SourceLocation(match.Groups[1].Value, line, int.TryParse(match.Groups[3].Value, out var column) ? column : 1);
        }
        return null;
    }

    /// <summary>Argo CD's reading of the result: an array of objects, else one object; anything else fails the file.</summary>
    private static (List<RenderedObject> Objects, List<Finding> Findings, int Emitted) Objects(string json, string file, ApplicationDefinition app, string cluster)
    {
        var origin = new SourceLocation(file, 1, 1);
        List<string> documents;
        try
        {
            using var parsed = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 100 });
            var root = parsed.RootElement;
            documents = root.ValueKind == JsonValueKind.Array && root.EnumerateArray().All(e => e.ValueKind is JsonValueKind.Object or JsonValueKind.Null)
                ? root.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).Select(e => e.GetRawText()).ToList()
                : root.ValueKind == JsonValueKind.Object ? [root.GetRawText()] : throw new JsonException($"the result is a {root.ValueKind}, not an object or an array of objects");
        }
        catch (JsonException ex)
        {
            return ([], [new Finding(Stages.Render, Severity.Error, RenderRules.RenderFailed,
                $"Application {app.Identity}: {file} evaluates to what Argo CD cannot read as objects ({ex.Message}); Argo CD fails the source", origin, cluster, app.Identity)], 1);
        }
        var read = ToolOutputReader.Read(string.Join("\n---\n", documents));
        var objects = read.Objects.Select(o => new RenderedObject(o.Id, o.Body, ObjectProvenance.At(origin), cluster, app.Identity)).ToList();
        var findings = read.Refused.Select(d => ToolOutputFindings.Refused(d, origin, Tool, app, cluster) with { Application = app.Identity }).ToList();
        return (objects, findings, read.Emitted);
    }

    private static List<JsonnetVariable> Variables(YamlSequence? sequence, BuildEnvironment environment) =>
        (sequence?.Items ?? []).OfType<YamlMapping>()
            .Where(v => v.String("name") is { Length: > 0 })
            .Select(v => new JsonnetVariable(v.String("name")!, environment.Substitute(v.String("value") ?? ""), v.Boolean("code") == true))
            .ToList();

    private static SourceOutput Refused(IReadOnlyList<string> _, Finding finding) =>
        new([], [finding], new HashSet<string>()) { Emitted = 1, Refused = 1 }; // what the Jsonnet would emit is unknown: one refused unit

    private static string Describe(IReadOnlyList<string> files) => $"{string.Join(", ", files.Take(3))}{(files.Count > 3 ? $" and {files.Count - 3} more" : "")}";
}
