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
        var read = new (ParsedFile File, List<Finding> Findings)[inventory.Files.Count];
        // A fixed set of workers, each with its own buffers and string pool (no locking), takes the files largest first
        // from a shared counter, so the cores stay balanced to the end; results land by index, so the order is the inventory's.
        var order = Enumerable.Range(0, inventory.Files.Count).OrderByDescending(i => inventory.Files[i].Size).ToArray();
        var next = -1;
        Parallel.For(0, Math.Clamp(Environment.ProcessorCount, 1, Math.Max(order.Length, 1)), _ =>
        {
            var buffers = new FileReadBuffers();
            for (var n = Interlocked.Increment(ref next); n < order.Length; n = Interlocked.Increment(ref next))
            {
                read[order[n]] = ReadFile(inventory.Files[order[n]], options, buffers);
            }
        });

        var files = read.Select(r => r.File).ToList();
        var findings = new List<Finding>(inventory.Findings);
        findings.AddRange(read.SelectMany(r => r.Findings));

        var roles = KustomizeReferences.Collect(files);
        files = files.Select(f => roles.TryGetValue(f.Path, out var kind) && f.File.Kind == FileKind.Manifest
            ? f with { File = f.File with { Kind = kind } }
            : f.File.Kind == FileKind.Manifest && !roles.ContainsKey(f.Path) && !DeclaresObject(f) ? f with { File = f.File with { Kind = FileKind.OtherYaml } }
            : f).ToList();
        var checkedFiles = new List<ParsedFile>(files.Count);
        for (var i = 0; i < files.Count; i++)
        {
            var own = read[i].Findings.Concat(CheckObjects(files[i])).ToList();
            findings.AddRange(own.Skip(read[i].Findings.Count));
            // The render stage refuses any source that reads a file the parse stage refused (render/refused-input).
            var problem = own.Where(f => f.Severity == Severity.Error).MinBy(f => f, FindingOrder.Instance);
            checkedFiles.Add(problem is null ? files[i] : files[i] with { Problem = problem });
        }
        files = checkedFiles;

        return new ParseResult(new ParsedRepository(inventory.Root, files), findings);
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
        var (parsed, findings) = ReadFile(file, options ?? ParseOptions.Default, new FileReadBuffers());
        findings.AddRange(CheckObjects(parsed));
        var problem = findings.Where(f => f.Severity == Severity.Error).MinBy(f => f, FindingOrder.Instance);
        return problem is null ? parsed : parsed with { Problem = problem };
    }

    private static (ParsedFile, List<Finding>) ReadFile(RepositoryFile file, ParseOptions options, FileReadBuffers buffers)
    {
        var findings = new List<Finding>();
        ParsedFile Empty() => new(file, [], Complete: false);
        if (file.Kind == FileKind.HelmTemplate) return (new ParsedFile(file, [], Complete: true), findings);
        if (file.Size > options.MaxFileBytes)
        {
            findings.Add(Error(ParseRules.FileTooLarge, $"file is {file.Size} bytes, over the {options.MaxFileBytes}-byte limit; not read", file.Path, 1, 1));
            return (Empty(), findings);
        }
        long length;
        try
        {
            length = buffers.Read(file.FullPath, options.MaxFileBytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            findings.Add(Error(ParseRules.Unreadable, $"cannot read file: {ex.Message}", file.Path, 1, 1));
            return (Empty(), findings);
        }
        if (length > options.MaxFileBytes)
        {
            findings.Add(Error(ParseRules.FileTooLarge, $"file is {length} bytes, over the {options.MaxFileBytes}-byte limit; not read", file.Path, 1, 1));
            return (Empty(), findings);
        }
        var content = buffers.Bytes((int)length);
        if (!buffers.TryDecode(content, out var text))
        {
            var decoded = Decode(content.ToArray(), file.Path, findings);
            if (decoded is null) return (Empty(), findings);
            text = decoded;
        }
        var (parsed, yamlFindings) = ParseYaml(file, text, options, buffers.Pool);
        findings.AddRange(yamlFindings);
        return (parsed, findings);
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
