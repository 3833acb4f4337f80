using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using CoreScalarStyle = YamlDotNet.Core.ScalarStyle;

namespace Acolhimento.Validation.Yaml;

public sealed record YamlDocument(int Index, Mark Start, YamlNode? Root);

/// <summary>A problem found while reading YAML; <see cref="Rule"/> is a stable <c>parse/*</c> id.</summary>
public sealed record YamlProblem(string Rule, string Message, Mark At);

public sealed record YamlReadResult(IReadOnlyList<YamlDocument> Documents, IReadOnlyList<YamlProblem> Problems);

/// <summary>Bounds that keep hostile input from exhausting time or memory.</summary>
public sealed record YamlLimits(long MaxExpandedNodes = 100_000, int MaxDepth = 100)
{
    public static readonly YamlLimits Default = new();
}

/// <summary>
/// Reads multi-document YAML into position-carrying nodes, from YamlDotNet's event stream so that duplicate keys,
/// alias expansion and nesting are checked while reading rather than after an unbounded expansion.
/// </summary>
public static class YamlReader
{
    public const string SyntaxError = "parse/syntax-error";
    public const string DuplicateKey = "parse/duplicate-key";
    public const string TabIndentation = "parse/tab-indentation";
    public const string AliasExpansion = "parse/alias-expansion-limit";
    public const string NestingTooDeep = "parse/nesting-too-deep";
    public const string NonScalarKey = "parse/non-scalar-key";
    public const string UnknownAlias = "parse/unknown-alias";

    private const string MergeKey = "<<";

    public static YamlReadResult Read(string text, YamlLimits? limits = null) => Read(text, limits, pool: null);

    /// <summary>
    /// Reads with <paramref name="pool"/> sharing the strings of repeated keys and values (one pool per thread).
    /// Plain Kubernetes YAML takes a fast path (<see cref="PlainYamlReader"/>); anything it does not recognise, and any
    /// problem, is read again by the full reader, so results and findings are the same either way.
    /// </summary>
    public static YamlReadResult Read(string text, YamlLimits? limits, StringPool? pool)
    {
        limits ??= YamlLimits.Default;
        return PlainYamlReader.TryRead(text, limits, pool) ?? ReadFully(text, limits);
    }

    /// <summary>
    /// Reads text held in a buffer the caller reuses (no node keeps a reference to it); a string of it is made only when
    /// the full reader must read it.
    /// </summary>
    public static YamlReadResult Read(ReadOnlySpan<char> text, YamlLimits? limits, StringPool? pool)
    {
        limits ??= YamlLimits.Default;
        return PlainYamlReader.TryRead(text, limits, pool) ?? ReadFully(new string(text), limits);
    }

    /// <summary>The full reader over YamlDotNet's event parser (every YAML construct; the reference for the fast path).</summary>
    internal static YamlReadResult ReadFully(string text, YamlLimits limits)
    {
        var documents = new List<YamlDocument>();
        var problems = new List<YamlProblem>();
        var parser = new Parser(new StringReader(text));
        var builder = new DocumentBuilder(limits, problems);
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case DocumentStart start:
                        builder.Begin(ToMark(start.Start));
                        break;
                    case DocumentEnd:
                        documents.Add(new YamlDocument(documents.Count, builder.DocumentStart, builder.Root));
                        break;
                    case { } e when !Accept(builder, e):
                        return new YamlReadResult(documents, problems); // a limit was hit: stop before doing more work
                }
            }
        }
        catch (YamlException ex)
        {
            problems.Add(DescribeSyntaxError(text, ex));
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet reports most bad input as YamlException; anything else it throws on hostile input is still a finding, not a crash.
            problems.Add(new YamlProblem(SyntaxError, $"unreadable YAML: {ex.Message.ReplaceLineEndings(" ")}", new Mark(1, 1)));
        }
        return new YamlReadResult(documents, problems);
    }

    /// <summary>Feeds one YamlDotNet event to the builder; false when reading must stop.</summary>
    private static bool Accept(DocumentBuilder builder, ParsingEvent e) => e switch
    {
        Scalar s => builder.Scalar(ToMark(s.Start), s.Value, MapStyle(s.Style), s.Tag.IsEmpty ? null : s.Tag.Value, AnchorOf(s.Anchor)),
        AnchorAlias alias => builder.Alias(ToMark(alias.Start), alias.Value.Value),
        SequenceStart seq => builder.Open(ToMark(seq.Start), isMapping: false, AnchorOf(seq.Anchor)),
        MappingStart map => builder.Open(ToMark(map.Start), isMapping: true, AnchorOf(map.Anchor)),
        SequenceEnd or MappingEnd => builder.Close(),
        _ => true,
    };

    private static string? AnchorOf(AnchorName anchor) => anchor.IsEmpty ? null : anchor.Value;

    private static ScalarStyle MapStyle(CoreScalarStyle style) => style switch
    {
        CoreScalarStyle.SingleQuoted => ScalarStyle.SingleQuoted,
        CoreScalarStyle.DoubleQuoted => ScalarStyle.DoubleQuoted,
        CoreScalarStyle.Literal => ScalarStyle.Literal,
        CoreScalarStyle.Folded => ScalarStyle.Folded,
        _ => ScalarStyle.Plain,
    };

    internal static Mark ToMark(YamlDotNet.Core.Mark mark) => new((int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column));

    private static YamlProblem DescribeSyntaxError(string text, YamlException ex)
    {
        var at = ToMark(ex.Start);
        var tabLine = FindTabIndentedLine(text, at.Line + 1); // the parser may stop on the line before the tab
        if (tabLine is { } line)
        {
            return new YamlProblem(TabIndentation, "tab character used for indentation (YAML allows only spaces)", new Mark(line, 1));
        }
        var message = ex.InnerException?.Message ?? ex.Message;
        // YamlDotNet prefixes messages with its own "(Line: .., Col: ..)" position; ours is already in the finding.
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith("(Line:", StringComparison.Ordinal) && close > 0) message = message[(close + 3)..];
        return new YamlProblem(SyntaxError, message.ReplaceLineEndings(" ").Trim(), at);
    }

    /// <summary>The nearest line at or before the error whose indentation contains a tab.</summary>
    private static int? FindTabIndentedLine(string text, int errorLine)
    {
        int? found = null;
        var lineNumber = 1;
        var atLineStart = true;
        for (var i = 0; i < text.Length && lineNumber <= errorLine; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                lineNumber++;
                atLineStart = true;
                continue;
            }
            if (!atLineStart) continue;
            if (c == '\t')
            {
                found = lineNumber;
                atLineStart = false;
            }
            else if (c != ' ')
            {
                atLineStart = false;
            }
        }
        return found;
    }

    /// <summary>
    /// Builds one document's node tree from parse events (from YamlDotNet or the fast path) with an explicit stack, so that
    /// duplicate keys, alias expansion and nesting are checked while reading rather than after an unbounded expansion.
    /// Frames are reused by depth: a file's thousands of mappings do not each allocate their bookkeeping.
    /// </summary>
    internal sealed class DocumentBuilder(YamlLimits limits, List<YamlProblem> problems)
    {
        private readonly List<Frame> _frames = [];
        private readonly Dictionary<string, YamlNode> _anchors = new(StringComparer.Ordinal);
        private int _depth;

        public Mark DocumentStart { get; private set; }

        public YamlNode? Root { get; private set; }

        public int ProblemCount => problems.Count;

        public void Begin(Mark start)
        {
            DocumentStart = start;
            Root = null;
            _depth = 0;
            _anchors.Clear();
        }

        /// <summary>Each method returns false when reading must stop (a limit was exceeded).</summary>
        public bool Scalar(Mark start, string value, ScalarStyle style, string? tag = null, string? anchor = null) =>
            Add(new YamlScalar(start, value, style, tag), anchor);

        public bool Alias(Mark start, string name)
        {
            if (!_anchors.TryGetValue(name, out var target))
            {
                problems.Add(new YamlProblem(UnknownAlias, $"alias *{name} refers to no anchor defined before it", start));
                return Add(new YamlScalar(start, "", ScalarStyle.Plain), null);
            }
            return Add(target, null);
        }

        public bool Open(Mark start, bool isMapping, string? anchor = null)
        {
            if (_depth >= limits.MaxDepth)
            {
                problems.Add(new YamlProblem(NestingTooDeep, $"nesting deeper than {limits.MaxDepth} levels", start));
                return false;
            }
            if (_depth == _frames.Count) _frames.Add(new Frame());
            _frames[_depth++].Reset(start, isMapping, anchor);
            return true;
        }

        public bool Close()
        {
            var frame = _frames[--_depth];
            return Add(frame.Complete(problems), frame.Anchor);
        }

        private bool Add(YamlNode node, string? anchor)
        {
            if (anchor is not null) _anchors[anchor] = node;
            if (node.ExpandedSize > limits.MaxExpandedNodes)
            {
                problems.Add(new YamlProblem(AliasExpansion,
                    $"aliases expand this document beyond {limits.MaxExpandedNodes} nodes (possible \"billion laughs\" input)", node.Start));
                return false;
            }
            if (_depth == 0)
            {
                Root = node;
                return true;
            }
            _frames[_depth - 1].Add(node, problems);
            return true;
        }
    }

    /// <summary>One open mapping or sequence; reset and reused for the next collection at the same depth.</summary>
    private sealed class Frame
    {
        // Up to this many keys, duplicates are found by scanning the entries; above it, through a dictionary.
        private const int ScanLimit = 16;

        private readonly List<YamlNode> _items = [];
        private readonly List<KeyValuePair<YamlScalar, YamlNode>> _entries = [];
        private readonly Dictionary<string, Mark> _keys = new(StringComparer.Ordinal);
        private readonly List<YamlNode> _merges = [];
        private bool _isMapping;
        private YamlNode? _pendingKey;
        private long _size;

        public Mark Start { get; private set; }

        public string? Anchor { get; private set; }

        public void Reset(Mark start, bool isMapping, string? anchor)
        {
            Start = start;
            _isMapping = isMapping;
            Anchor = anchor;
            _items.Clear();
            _entries.Clear();
            _keys.Clear();
            _merges.Clear();
            _pendingKey = null;
            _size = 1;
        }

        public void Add(YamlNode node, List<YamlProblem> problems)
        {
            _size = Saturating.Add(_size, node.ExpandedSize);
            if (!_isMapping)
            {
                _items.Add(node);
                return;
            }
            if (_pendingKey is null)
            {
                _pendingKey = node;
                return;
            }
            var key = _pendingKey;
            _pendingKey = null;
            if (key is not YamlScalar scalarKey)
            {
                problems.Add(new YamlProblem(NonScalarKey, "mapping key is not a scalar (Kubernetes objects need string keys)", key.Start));
                return;
            }
            if (scalarKey is { Style: ScalarStyle.Plain, Value: MergeKey })
            {
                _merges.Add(node);
                return;
            }
            if (FirstDefinition(scalarKey.Value) is { } first)
            {
                problems.Add(new YamlProblem(DuplicateKey,
                    $"duplicate key \"{scalarKey.Value}\" (first defined at line {first.Line}); Kubernetes rejects it and tools disagree on which value wins",
                    scalarKey.Start));
                return;
            }
            Define(scalarKey);
            _entries.Add(new(scalarKey, node));
        }

        public YamlNode Complete(List<YamlProblem> problems)
        {
            if (!_isMapping) return new YamlSequence(Start, _items.ToArray(), _size);
            // YAML merge keys: keys written in this mapping win over merged ones, as go-yaml does.
            foreach (var merge in _merges)
            {
                var sources = merge is YamlSequence seq ? seq.Items : [merge];
                foreach (var source in sources)
                {
                    if (source is not YamlMapping mapping)
                    {
                        problems.Add(new YamlProblem(SyntaxError, "merge key << needs a mapping or a list of mappings", source.Start));
                        continue;
                    }
                    foreach (var entry in mapping.Entries)
                    {
                        if (FirstDefinition(entry.Key.Value) is not null) continue;
                        Define(entry.Key);
                        _entries.Add(entry);
                    }
                }
            }
            return new YamlMapping(Start, _entries.ToArray(), _size);
        }

        private Mark? FirstDefinition(string key)
        {
            if (_keys.Count > 0) return _keys.TryGetValue(key, out var mark) ? mark : null;
            foreach (var entry in _entries)
            {
                if (entry.Key.Value == key) return entry.Key.Start;
            }
            return null;
        }

        private void Define(YamlScalar key)
        {
            if (_keys.Count > 0)
            {
                _keys[key.Value] = key.Start;
            }
            else if (_entries.Count >= ScanLimit)
            {
                foreach (var entry in _entries) _keys[entry.Key.Value] = entry.Key.Start;
                _keys[key.Value] = key.Start;
            }
        }
    }
}
