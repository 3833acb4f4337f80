using System.Text;
using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Parsing;

public sealed record ParseResult(ParsedRepository Repository, IReadOnlyList<Finding> Findings);

/// <summary>Parse stage: reads every discovered YAML file with positions and reports anything a tool would choke on.</summary>
public static class ParseStage
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static ParseResult Run(RepositoryInventory inventory, ParseOptions? options = null)
    {
        options ??= ParseOptions.Default;
        var files = inventory.Files;
        var read = new Judged[files.Count];
        // Kustomizations first: the files they name are judged by their role there (patch, resource, configuration), and
        // every other file is judged as it is read, so that a file whose trees are released is never held whole.
        var kustomizations = Enumerable.Range(0, files.Count).Where(i => files[i].Kind == FileKind.Kustomization).ToList();
        ReadAll(files, kustomizations, (i, buffers) => read[i] = Judge(ReadFile(files[i], options, buffers), NoRoles, options));
        var roles = KustomizeReferences.Collect(kustomizations.Select(i => read[i].File));
        ReadAll(files, Enumerable.Range(0, files.Count).Where(i => files[i].Kind != FileKind.Kustomization).ToList(),
            (i, buffers) => read[i] = Judge(ReadFile(files[i], options, buffers), roles, options));

        var findings = new List<Finding>(inventory.Findings);
        findings.AddRange(read.SelectMany(r => r.ReadFindings));
        findings.AddRange(read.SelectMany(r => r.ObjectFindings));
        return new ParseResult(new ParsedRepository(inventory.Root, read.Select(r => r.File).ToList()), findings);
    }

    private static readonly Dictionary<string, FileKind> NoRoles = new(StringComparer.Ordinal);

    /// <summary>A file after reading and judging: the findings of reading it, then those of its objects.</summary>
    private sealed record Judged(ParsedFile File, IReadOnlyList<Finding> ReadFindings, IReadOnlyList<Finding> ObjectFindings);

    /// <summary>
    /// Reads the files at <paramref name="indices"/> on a fixed set of workers, each with its own buffers and string pool
    /// (no locking), taking them largest first from a shared counter so the cores stay balanced to the end.
    /// </summary>
    private static void ReadAll(IReadOnlyList<RepositoryFile> files, IReadOnlyList<int> indices, Action<int, FileReadBuffers> read)
    {
        var order = indices.OrderByDescending(i => files[i].Size).ToArray();
        var next = -1;
        Parallel.For(0, Math.Clamp(Environment.ProcessorCount, 1, Math.Max(order.Length, 1)), _ =>
        {
            var buffers = new FileReadBuffers();
            for (var n = Interlocked.Increment(ref next); n < order.Length; n = Interlocked.Increment(ref next)) read(order[n], buffers);
        });
    }

    /// <summary>
    /// A file's kind once the kustomizations' <paramref name="roles"/> are known (a manifest that declares no object is other
    /// YAML), its object checks, its first error (the render stage refuses any source that reads a file with one:
    /// render/refused-input), and its trees released when the options ask for it and the file allows it (not one a
    /// kustomization names).
    /// </summary>
    private static Judged Judge(ReadOutcome outcome, IReadOnlyDictionary<string, FileKind> roles, ParseOptions options)
    {
        var file = outcome.File;
        if (file.File.Kind == FileKind.Manifest && roles.TryGetValue(file.Path, out var role)) file = file with { File = file.File with { Kind = role } };
        else if (file.File.Kind == FileKind.Manifest && !DeclaresObject(file)) file = file with { File = file.File with { Kind = FileKind.OtherYaml } };
        var objectFindings = CheckObjects(file);
        var problem = outcome.Findings.Concat(objectFindings).Where(f => f.Severity == Severity.Error).MinBy(f => f, FindingOrder.Instance);
        if (problem is not null) file = file with { Problem = problem };
        // A file a kustomization names is read by the render (field provenance, no-op checks) beyond its objects' identity.
        if (outcome.Digest is { } digest && !roles.ContainsKey(file.Path) && ObjectOutline.Releasable(file)) file = ObjectOutline.Release(file, new ReleasedTrees(digest, options));
        return new Judged(file, outcome.Findings, objectFindings);
    }

    /// <summary>Parses one in-memory text as a file of the given kind (used by tests and by the render stage for tool output).</summary>
    public static (ParsedFile File, IReadOnlyList<Finding> Findings) ParseText(string path, string text, FileKind kind, ParseOptions? options = null)
    {
        options ??= ParseOptions.Default;
        var file = new RepositoryFile(path, path, kind, Encoding.UTF8.GetByteCount(text));
        var (parsed, findings) = ParseYaml(file, text, options, pool: null);
        findings.AddRange(CheckObjects(parsed));
        return (parsed, findings);
    }

    /// <summary>
    /// Reads one file from disk under the same limits and checks as a discovered one; for files a tool would read that
    /// discovery does not list (JSON resources, ignored paths), so they get no easier passage than YAML files.
    /// </summary>
    public static ParsedFile ReadUnlisted(RepositoryFile file, ParseOptions? options = null)
    {
        var (parsed, findings, _) = ReadFile(file, (options ?? ParseOptions.Default) with { ReleaseObjectTrees = false }, new FileReadBuffers());
        findings.AddRange(CheckObjects(parsed));
        var problem = findings.Where(f => f.Severity == Severity.Error).MinBy(f => f, FindingOrder.Instance);
        return problem is null ? parsed : parsed with { Problem = problem };
    }

    /// <summary>A file as read: its parse, the findings of reading it, and the digest of its bytes when its trees may be released.</summary>
    private sealed record ReadOutcome(ParsedFile File, List<Finding> Findings, byte[]? Digest = null);

    private static ReadOutcome ReadFile(RepositoryFile file, ParseOptions options, FileReadBuffers buffers)
    {
        var findings = new List<Finding>();
        ReadOutcome Empty() => new(new ParsedFile(file, [], Complete: false), findings);
        if (file.Kind == FileKind.HelmTemplate) return new(new ParsedFile(file, [], Complete: true), findings);
        if (file.Size > options.MaxFileBytes)
        {
            findings.Add(Error(ParseRules.FileTooLarge, $"file is {file.Size} bytes, over the {options.MaxFileBytes}-byte limit; not read", file.Path, 1, 1));
            return Empty();
        }
        long length;
        try
        {
            length = buffers.Read(file.FullPath, options.MaxFileBytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            findings.Add(Error(ParseRules.Unreadable, $"cannot read file: {ex.Message}", file.Path, 1, 1));
            return Empty();
        }
        if (length > options.MaxFileBytes)
        {
            findings.Add(Error(ParseRules.FileTooLarge, $"file is {length} bytes, over the {options.MaxFileBytes}-byte limit; not read", file.Path, 1, 1));
            return Empty();
        }
        var content = buffers.Bytes((int)length);
        var digest = options.ReleaseObjectTrees && file.Kind == FileKind.Manifest ? TreeReader.Digest(content) : null;
        if (!buffers.TryDecode(content, out var text))
        {
            var decoded = Decode(content.ToArray(), file.Path, findings);
            if (decoded is null) return Empty();
            text = decoded;
        }
        var (parsed, yamlFindings) = ParseYaml(file, text, options, buffers.Pool);
        findings.AddRange(yamlFindings);
        // The run's own settings are read here once; the configuration, policy stage and report context take this text.
        if (HarnessFolders.RunSettings.Contains(file.Path)) parsed = parsed with { Text = text.ToString() };
        return new(parsed, findings, digest);
    }

    private static string? Decode(byte[] bytes, string path, List<Finding> findings)
    {
        var nul = Array.IndexOf(bytes, (byte)0);
        if (nul >= 0)
        {
            var (line, column) = Position(bytes, nul);
            findings.Add(Error(ParseRules.BinaryContent, "file contains a NUL byte: binary content, not YAML", path, line, column));
            return null;
        }
        try
        {
            var text = StrictUtf8.GetString(bytes);
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        }
        catch (DecoderFallbackException ex)
        {
            var offset = ex.Index >= 0 ? ex.Index : FirstInvalidUtf8(bytes);
            var (line, column) = Position(bytes, offset);
            findings.Add(Error(ParseRules.InvalidUtf8, $"invalid UTF-8 byte 0x{bytes[offset]:X2}; YAML files must be UTF-8", path, line, column));
            return null;
        }
    }

    /// <summary>Offset of the first byte that does not start or continue a valid UTF-8 sequence (one linear pass).</summary>
    internal static int FirstInvalidUtf8(byte[] bytes)
    {
        var i = 0;
        while (i < bytes.Length)
        {
            var status = System.Text.Unicode.Utf8.ToUtf16(bytes.AsSpan(i), new char[Math.Min(bytes.Length - i, 4096) * 2], out var read, out _, replaceInvalidSequences: false);
            if (status == System.Buffers.OperationStatus.Done) return 0;
            if (status is System.Buffers.OperationStatus.InvalidData or System.Buffers.OperationStatus.NeedMoreData) return i + read;
            i += read; // DestinationTooSmall: the chunk was fine, go on
        }
        return 0;
    }

    /// <summary>1-based line and column (in characters) of a byte offset, counting only complete UTF-8 sequences before it.</summary>
    private static (int Line, int Column) Position(byte[] bytes, int offset)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset && i < bytes.Length; i++)
        {
            if (bytes[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }
        var column = 1;
        for (var i = lineStart; i < offset && i < bytes.Length; i++)
        {
            if ((bytes[i] & 0xC0) != 0x80) column++; // count characters, not continuation bytes
        }
        return (line, column);
    }

    private static (ParsedFile, List<Finding>) ParseYaml(RepositoryFile file, ReadOnlySpan<char> text, ParseOptions options, StringPool? pool)
    {
        var result = YamlReader.Read(text, options.YamlLimits, pool);
        // What Kubernetes' YAML-to-JSON conversion refuses matters only in files Kubernetes tools read.
        var problems = file.Kind is FileKind.OtherYaml or FileKind.Configuration
            ? result.Problems.Where(p => p.Rule != YamlReader.Unconvertible).ToList()
            : result.Problems;
        var findings = problems
            .Select(p => Error(p.Rule, p.Message, file.Path, p.At.Line, p.At.Column))
            .ToList();
        var complete = problems.All(p => p.Rule is YamlReader.DuplicateKey or YamlReader.UnknownAlias or YamlReader.NonScalarKey);
        return (new ParsedFile(file, result.Documents, complete), findings);
    }

    /// <summary>
    /// Whether a file says it holds Kubernetes objects: a document with <c>apiVersion</c>, <c>kind</c> and <c>metadata</c>, the
    /// three Argo CD itself looks for before it reads YAML as manifests. Other YAML (CI, linters, a kind cluster or a
    /// kubeconfig, whose apiVersion and kind name another tool's format) is not judged as objects here; a render that
    /// reads it judges it there.
    /// </summary>
    public static bool DeclaresObject(ParsedFile file) =>
        file.Mappings.Any(m => m["apiVersion"] is not null && m["kind"] is not null && m["metadata"] is not null);

    private static List<Finding> CheckObjects(ParsedFile file)
    {
        var found = new List<Finding>();
        if (file.File.Kind is not (FileKind.Manifest or FileKind.KustomizePatch)) return found;
        foreach (var document in file.Documents)
        {
            switch (document.Root)
            {
                case null:
                    continue;
                case YamlSequence when file.File.Kind == FileKind.KustomizePatch:
                    continue; // a JSON 6902 operation list
                case YamlScalar { IsNull: true }:
                    continue;
                case YamlMapping mapping:
                    CheckObjectFields(file, mapping, document, found);
                    break;
                default:
                    found.Add(Error(ParseRules.NotAnObject,
                        $"document {document.Index + 1} is {document.Root.Describe()}, not a Kubernetes object (a mapping with apiVersion, kind and metadata.name)",
                        file.Path, document.Root.Start.Line, document.Root.Start.Column));
                    break;
            }
        }
        return found;
    }

    private static readonly string[] ObjectFields = ["apiVersion", "kind"];
    private static readonly string[] PatchFields = ["kind"];

    private static void CheckObjectFields(ParsedFile file, YamlMapping mapping, YamlDocument document, List<Finding> found)
    {
        var patch = file.File.Kind == FileKind.KustomizePatch;
        foreach (var field in patch ? PatchFields : ObjectFields)
        {
            if (mapping[field] is not YamlScalar { Kind: ScalarKind.String } value || value.Value.Length == 0)
            {
                var at = mapping[field]?.Start ?? mapping.Start;
                found.Add(Error(ParseRules.MissingField, $"document {document.Index + 1} has no string \"{field}\"; every Kubernetes object needs one",
                    file.Path, at.Line, at.Column));
            }
        }
        var metadata = mapping["metadata"];
        var name = (metadata as YamlMapping)?["name"];
        var generateName = (metadata as YamlMapping)?["generateName"];
        if (name is YamlScalar { Kind: ScalarKind.String } n && n.Value.Length > 0) return;
        if (!patch && generateName is YamlScalar { Kind: ScalarKind.String }) return;
        var where = name?.Start ?? metadata?.Start ?? mapping.Start;
        found.Add(Error(ParseRules.MissingField, $"document {document.Index + 1} has no string \"metadata.name\"; every Kubernetes object needs one",
            file.Path, where.Line, where.Column));
    }

    private static Finding Error(string rule, string message, string path, int line, int column) =>
        new(Stages.Parse, Severity.Error, rule, message, new SourceLocation(path, line, column));
}
