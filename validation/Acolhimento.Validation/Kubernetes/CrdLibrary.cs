using System.Collections.Concurrent;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Kubernetes;

/// <summary>
/// The schema data's CustomResourceDefinitions (<c>crds/</c>, several MB of YAML), read only as far as a run needs them.
/// Reading every file with the position-tracking reader cost more than the rest of the schema stage on this repository,
/// while a run uses a handful of kinds. So each file is first scanned line by line for its <c>group:</c> and <c>kind:</c>
/// values (cheap, no YAML parse), and a lookup of (group, kind) parses only the files whose scan holds both. The scan
/// may over-select (a description mentioning a kind) but a file it does not select is still read when the kind is not
/// found among the selected ones: then every file is parsed, exactly as before, so the answer and the "did you mean"
/// suggestions never depend on the scan. Among files defining the same (group, kind), the first in path order wins.
/// </summary>
internal sealed class CrdLibrary
{
    private readonly Lazy<IReadOnlyList<CrdFile>> _files;
    private readonly Lazy<IReadOnlyDictionary<(string Group, string Kind), CustomResourceDefinition>> _all;
    private readonly ConcurrentDictionary<(string Group, string Kind), Lazy<CustomResourceDefinition?>> _found = new();

    private CrdLibrary(Func<IReadOnlyList<CrdFile>> files)
    {
        _files = new(files);
        _all = new(() => Index(_files.Value.SelectMany(f => f.Definitions.Value).ToList()));
    }

    /// <summary>
    /// A library over the YAML files below <paramref name="directory"/> (none when it does not exist); with a
    /// <paramref name="cache"/>, a file's definitions are read from the JSON kept for its bytes when there is one.
    /// </summary>
    public static CrdLibrary Open(string directory, YamlLimits limits, CrdJsonCache? cache = null)
    {
        if (!Directory.Exists(directory)) return FromDefinitions([]);
        var root = Path.GetDirectoryName(directory.TrimEnd(Path.DirectorySeparatorChar)) ?? directory;
        return new CrdLibrary(() => Directory.EnumerateFiles(directory, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(f => new CrdFile(f, Path.GetRelativePath(root, f).Replace('\\', '/'), limits, cache))
            .ToList());
    }

    /// <summary>A library of definitions already in memory (tests and tools).</summary>
    public static CrdLibrary FromDefinitions(IEnumerable<CustomResourceDefinition> definitions)
    {
        var list = definitions.ToList();
        return new CrdLibrary(() => [CrdFile.InMemory(list)]);
    }

    /// <summary>The definition of <paramref name="group"/>/<paramref name="kind"/>, reading as few files as the scan allows.</summary>
    public CustomResourceDefinition? Find(string group, string kind) =>
        _found.GetOrAdd((group, kind), key => new Lazy<CustomResourceDefinition?>(() => Search(key.Group, key.Kind))).Value;

    /// <summary>Every definition (parses every file; used only when a lookup failed, for its message).</summary>
    public IReadOnlyDictionary<(string Group, string Kind), CustomResourceDefinition> All => _all.Value;

    private CustomResourceDefinition? Search(string group, string kind)
    {
        foreach (var file in _files.Value)
        {
            if (!file.MayDefine(group, kind)) continue;
            var match = file.Definitions.Value.FirstOrDefault(d => d.Group == group && d.Kind == kind);
            if (match is not null) return match;
        }
        return All.TryGetValue((group, kind), out var fallback) ? fallback : null;
    }

    /// <summary>Definitions by (group, kind); the first of a (group, kind) in the given order wins.</summary>
    internal static IReadOnlyDictionary<(string, string), CustomResourceDefinition> Index(IEnumerable<CustomResourceDefinition> definitions)
    {
        var index = new Dictionary<(string, string), CustomResourceDefinition>();
        foreach (var definition in definitions) index.TryAdd((definition.Group, definition.Kind), definition); // first in path order wins
        return index;
    }

    /// <summary>One schema-data file: its cheap scan now, its definitions when first asked for.</summary>
    private sealed class CrdFile
    {
        private readonly IReadOnlySet<string> _groups;
        private readonly IReadOnlySet<string> _kinds;

        public CrdFile(string path, string source, YamlLimits limits, CrdJsonCache? cache)
        {
            var bytes = SchemaData.ReadFile(path);
            (_groups, _kinds) = Scan(bytes.Span);
            Definitions = new(() => Read(bytes, source, limits, cache));
        }

        private CrdFile(IReadOnlyList<CustomResourceDefinition> definitions)
        {
            _groups = definitions.Select(d => d.Group).ToHashSet(StringComparer.Ordinal);
            _kinds = definitions.Select(d => d.Kind).ToHashSet(StringComparer.Ordinal);
            Definitions = new(() => definitions);
        }

        public static CrdFile InMemory(IReadOnlyList<CustomResourceDefinition> definitions) => new(definitions);

        public Lazy<IReadOnlyList<CustomResourceDefinition>> Definitions { get; }

        public bool MayDefine(string group, string kind) => _groups.Contains(group) && _kinds.Contains(kind);

        private static IReadOnlyList<CustomResourceDefinition> Read(ReadOnlyMemory<byte> bytes, string source, YamlLimits limits, CrdJsonCache? cache)
        {
            if (cache is null) return Parse(bytes, source, limits);
            var key = CrdJsonCache.KeyOf(bytes.Span);
            if (cache.TryRead(key, source) is { } cached) return cached;
            var parsed = Parse(bytes, source, limits);
            cache.Write(key, parsed);
            return parsed;
        }

        private static IReadOnlyList<CustomResourceDefinition> Parse(ReadOnlyMemory<byte> bytes, string source, YamlLimits limits)
        {
            string text;
            try
            {
                text = StrictUtf8.GetString(bytes.Span);
            }
            catch (System.Text.DecoderFallbackException)
            {
                throw new CannotValidateException($"schema data {source} is not valid UTF-8");
            }
            var read = YamlReader.Read(text, limits);
            if (read.Problems.Count > 0) throw new CannotValidateException($"schema data {source} is not valid YAML: {read.Problems[0].Message} at line {read.Problems[0].At.Line}");
            return read.Documents
                .Select(d => d.Root is YamlMapping body ? CustomResourceDefinition.FromYaml(body, source) : null)
                .OfType<CustomResourceDefinition>()
                .ToList();
        }

        private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        /// <summary>
        /// Every value written as <c>group: X</c> or <c>kind: X</c> on a line of its own (quotes removed), read from the
        /// file's bytes: only those values become strings.
        /// </summary>
        internal static (IReadOnlySet<string> Groups, IReadOnlySet<string> Kinds) Scan(ReadOnlySpan<byte> text)
        {
            var groups = new HashSet<string>(StringComparer.Ordinal);
            var kinds = new HashSet<string>(StringComparer.Ordinal);
            foreach (var range in text.Split((byte)'\n'))
            {
                var line = text[range].Trim(" \t\r"u8);
                if (line.StartsWith("- "u8)) line = line[2..].TrimStart(" \t"u8);
                if (line.StartsWith("group:"u8)) groups.Add(Value(line["group:".Length..]));
                else if (line.StartsWith("kind:"u8)) kinds.Add(Value(line["kind:".Length..]));
            }
            return (groups, kinds);
        }

        private static string Value(ReadOnlySpan<byte> rest)
        {
            var value = rest.Trim(" \t"u8);
            var comment = value.IndexOf(" #"u8);
            if (comment >= 0) value = value[..comment].TrimEnd(" \t"u8);
            if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0]) value = value[1..^1];
            return System.Text.Encoding.UTF8.GetString(value);
        }
    }
}
