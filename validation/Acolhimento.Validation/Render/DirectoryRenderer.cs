using System.Text;
using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

/// <summary>
/// A plain directory source, read as Argo CD's repo server reads it (<c>findManifests</c>): every <c>.yaml</c>,
/// <c>.yml</c>, <c>.json</c> and <c>.jsonnet</c> file of the folder (of its subfolders too with <c>recurse</c>), whatever
/// folder it sits in — <c>bin/</c>, <c>node_modules/</c> and <c>.validationignore</c> paths included, hidden files too —
/// filtered by <c>exclude</c> then <c>include</c> (<see cref="ArgoCdGlob"/> on the path inside the source). Files marked
/// <c>+argocd:skip-file-rendering</c> and YAML that is not a manifest at all are skipped as Argo CD skips them; the
/// <c>.jsonnet</c> files are handed to <see cref="Jsonnet.JsonnetEvaluation"/>.
/// </summary>
internal static class DirectoryRenderer
{
    private static readonly string[] JsonnetExtensions = [".jsonnet", ".libsonnet"];
    private static readonly string[] ManifestExtensions = [".yaml", ".yml", ".json", ".jsonnet"];
    private const string SkipMarker = "+argocd:skip-file-rendering";

    /// <summary>The source's objects, with its Jsonnet named as not checked (<see cref="Read"/> hands the Jsonnet files to an evaluator instead).</summary>
    public static SourceOutput Render(ParsedRepository repository, ApplicationDefinition app, SourceDefinition source, string folder, string cluster)
    {
        var (output, jsonnet) = Read(repository, app, source, folder, cluster);
        if (jsonnet.Count == 0) return output;
        return output with
        {
            Findings = [.. output.Findings, SourceFindings.At(app, source)(RenderRules.CannotRenderOffline,
                $"Jsonnet ({string.Join(", ", jsonnet.Take(3))}{(jsonnet.Count > 3 ? $" and {jsonnet.Count - 3} more" : "")}) cannot be evaluated by this harness: the objects Argo CD would generate from it are not checked and this cluster's render counts as failed",
                source.Directory?.Mapping("jsonnet") is not null ? "directory" : "path")],
            Emitted = output.Emitted + 1, // what the Jsonnet would emit is unknown; it is accounted as one refused unit
            Refused = output.Refused + 1,
        };
    }

    /// <summary>The source's YAML and JSON objects (and findings), and the <c>.jsonnet</c> files Argo CD would evaluate, in its order (link targets, repository-relative).</summary>
    public static (SourceOutput Output, IReadOnlyList<string> Jsonnet) Read(ParsedRepository repository, ApplicationDefinition app, SourceDefinition source, string folder, string cluster)
    {
        var options = source.Directory;
        var recurse = options?.Boolean("recurse") ?? false;
        var anyExtension = options?.Boolean("disableExtensionFilter") ?? false;
        var include = options?.String("include") is { Length: > 0 } i ? i : null;
        var exclude = options?.String("exclude") is { Length: > 0 } e ? e : null;
        var finding = SourceFindings.At(app, source);
        var objects = new List<RenderedObject>();
        var findings = new List<Finding>();
        var jsonnet = new List<string>();
        var emitted = 0;
        var prefix = folder.Length == 0 ? "" : folder + "/";
        foreach (var entry in Walk(repository.Root, folder, recurse))
        {
            var path = RepositoryPaths.Relative(repository.Root, entry.FullName);
            var inSource = path[prefix.Length..];
            if (!anyExtension && !ManifestExtensions.Any(x => entry.Name.EndsWith(x, StringComparison.Ordinal))) continue;
            var read = path;
            if (entry.LinkTarget is not null)
            {
                FileSystemInfo? target;
                try
                {
                    target = entry.ResolveLinkTarget(returnFinalTarget: true);
                }
                catch (IOException)
                {
                    // a loop: Argo CD's EvalSymlinks fails, and so does the source
                    findings.Add(finding(RenderRules.InputRefused, $"{path} is a symbolic link that cannot be resolved (a loop); Argo CD cannot generate the source's manifests", "path"));
                    emitted++;
                    continue;
                }
                if (target is null || !target.Exists) continue; // Argo CD skips a link whose destination is missing
                if (!RepositoryPaths.IsInside(repository.Root, target.FullName))
                {
                    findings.Add(new Finding(Stages.Render, Severity.Error, RenderRules.InputRefused,
                        $"Application {app.Identity}: {path} links outside the repository; Argo CD refuses the source (illegal filepath in symlink)", new SourceLocation(path, 1, 1), cluster, app.Identity));
                    emitted++;
                    continue;
                }
                if (target is not FileInfo) continue; // a link to a folder or a non-regular file: skipped, as Argo CD skips it
                read = RepositoryPaths.Relative(repository.Root, target.FullName);
            }
            if (exclude is not null && ArgoCdGlob.Matches(exclude, inSource)) continue;
            if (include is not null && !ArgoCdGlob.Matches(include, inSource)) continue;
            if (JsonnetExtensions.Any(x => entry.Name.EndsWith(x, StringComparison.Ordinal)))
            {
                if (entry.Name.EndsWith(".jsonnet", StringComparison.Ordinal)) jsonnet.Add(read);
                continue;
            }
            var file = repository.Read(read);
            if (file is { File.Kind: FileKind.HelmTemplate }) file = ParseStage.ReadUnlisted(file.File with { Kind = FileKind.Manifest }); // Argo CD reads it as YAML
            if (file?.Problem is not null || file is null)
            {
                findings.Add(finding(RenderRules.InputRefused, file is null ? $"{path} cannot be read safely" : RefusedInput.Reason(repository, read, "Argo CD")!, "path"));
                emitted++;
                continue;
            }
            var text = File.ReadAllText(Path.Combine(repository.Root, read));
            if (text.Contains(SkipMarker, StringComparison.Ordinal) || Unrelated(file, text)) continue;
            // One pass over the parsed documents: each is an object (the very node the parse stage built) or a finding.
            for (var position = 0; position < file.Documents.Count; position++)
            {
                var document = file.Documents[position];
                if (document.Root is null or YamlScalar { IsNull: true }) continue;
                emitted++;
                if (document.Root is YamlMapping body && RenderedObjects.Identify(body) is { } id)
                {
                    objects.Add(RenderedObjects.Written(path, body, id, cluster, app.Identity, ReleasedDocument.Of(file, position)));
                    continue;
                }
                findings.Add(new Finding(Stages.Render, Severity.Error, RenderRules.NotAnObject,
                    $"Application {app.Identity}: document {document.Index + 1} of {path} is not a Kubernetes object with a string apiVersion, kind and metadata.name; Argo CD cannot apply it",
                    new SourceLocation(path, document.Root.Start.Line, document.Root.Start.Column), cluster, app.Identity));
            }
        }
        return (new SourceOutput(objects, findings, new HashSet<string> { folder }) { Emitted = emitted, Refused = findings.Count }, jsonnet);
    }

    /// <summary>
    /// Argo CD ignores a YAML file none of whose documents decodes as an object when its text lacks any of
    /// <c>apiVersion:</c>, <c>kind:</c>, <c>metadata:</c> (an unrelated YAML file beside the manifests).
    /// </summary>
    private static bool Unrelated(ParsedFile file, string text) =>
        !file.Path.EndsWith(".json", StringComparison.Ordinal)
        && !file.Documents.Any(d => d.Root is YamlMapping m && m["kind"] is YamlScalar { IsNull: false })
        && !(text.Contains("apiVersion:", StringComparison.Ordinal) && text.Contains("kind:", StringComparison.Ordinal) && text.Contains("metadata:", StringComparison.Ordinal));

    /// <summary>
    /// The entries Argo CD's <c>filepath.Walk</c> meets in <paramref name="folder"/>, in its order (names in byte order,
    /// depth first): files and links; subfolders only with <paramref name="recurse"/>, and never through a link. Git's own
    /// <c>.git</c> folder holds nothing a pull request writes and is not walked.
    /// </summary>
    public static IEnumerable<FileSystemInfo> Walk(string root, string folder, bool recurse)
    {
        var start = new DirectoryInfo(Path.Combine(root, folder));
        if (!start.Exists) yield break;
        var pending = new Stack<FileSystemInfo>();
        Push(pending, start);
        while (pending.Count > 0)
        {
            var entry = pending.Pop();
            if (entry is DirectoryInfo { LinkTarget: null } directory)
            {
                if (recurse && directory.Name != ".git") Push(pending, directory);
                continue;
            }
            yield return entry;
        }
    }

    private static void Push(Stack<FileSystemInfo> pending, DirectoryInfo directory)
    {
        var entries = directory.EnumerateFileSystemInfos().OrderBy(e => Encoding.UTF8.GetBytes(e.Name), ByteOrder.Instance).ToList();
        for (var i = entries.Count - 1; i >= 0; i--) pending.Push(entries[i]);
    }

    /// <summary>JSON and Jsonnet files under <paramref name="folder"/> (discovery lists only YAML), repository-relative and sorted.</summary>
    public static IEnumerable<string> OtherManifestFiles(string root, string folder, bool recurse) =>
        Walk(root, folder, recurse).Where(e => e.LinkTarget is null && (e.Name.EndsWith(".json", StringComparison.Ordinal) || JsonnetExtensions.Any(x => e.Name.EndsWith(x, StringComparison.Ordinal))))
            .Select(e => RepositoryPaths.Relative(root, e.FullName)).Order(StringComparer.Ordinal);

    /// <summary>Go orders names by their UTF-8 bytes.</summary>
    internal sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? a, byte[]? b) => a.AsSpan().SequenceCompareTo(b);
    }
}
