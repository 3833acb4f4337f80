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

    public static YamlReadResult Read(string text, YamlLimits? limits = null)
    {
        limits ??= YamlLimits.Default;
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
                    case { } e when !builder.Accept(e):
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

    /// <summary>Builds one document's node tree from events with an explicit stack (no recursion on hostile depth).</summary>
    private sealed class DocumentBuilder(YamlLimits limits, List<YamlProblem> problems)
    {
        private readonly Stack<Frame> _stack = new();
        private readonly Dictionary<string, YamlNode> _anchors = new(StringComparer.Ordinal);

        public Mark DocumentStart { get; private set; }

        public YamlNode? Root { get; private set; }

        public void Begin(Mark start)
        {
            DocumentStart = start;
            Root = null;
            _stack.Clear();
            _anchors.Clear();
        }

        /// <summary>Returns false when reading must stop (a limit was exceeded).</summary>
        public bool Accept(ParsingEvent e)
        {
            switch (e)
            {
                case Scalar s:
                    return Add(new YamlScalar(ToMark(s.Start), s.Value, MapStyle(s.Style), ExplicitTag(s.Tag)), s.Anchor);
                case AnchorAlias alias:
                    if (!_anchors.TryGetValue(alias.Value.Value, out var target))
                    {
                        problems.Add(new YamlProblem(UnknownAlias, $"alias *{alias.Value.Value} refers to no anchor defined before it", ToMark(alias.Start)));
                        return Add(new YamlScalar(ToMark(alias.Start), "", ScalarStyle.Plain), AnchorName.Empty);
                    }
                    return Add(target, AnchorName.Empty);
                case SequenceStart seq:
                    return Push(new Frame(ToMark(seq.Start), isMapping: false, seq.Anchor));
                case MappingStart map:
                    return Push(new Frame(ToMark(map.Start), isMapping: true, map.Anchor));
                case SequenceEnd or MappingEnd:
                    var frame = _stack.Pop();
                    return Add(frame.Complete(problems), frame.Anchor);
                default:
                    return true;
            }
        }

        private bool Push(Frame frame)
        {
            if (_stack.Count >= limits.MaxDepth)
            {
                problems.Add(new YamlProblem(NestingTooDeep, $"nesting deeper than {limits.MaxDepth} levels", frame.Start));
                return false;
            }
            _stack.Push(frame);
            return true;
        }

        private bool Add(YamlNode node, AnchorName anchor)
        {
            if (!anchor.IsEmpty) _anchors[anchor.Value] = node;
            if (node.ExpandedSize > limits.MaxExpandedNodes)
            {
                problems.Add(new YamlProblem(AliasExpansion,
                    $"aliases expand this document beyond {limits.MaxExpandedNodes} nodes (possible \"billion laughs\" input)", node.Start));
                return false;
            }
            if (_stack.Count == 0)
            {
                Root = node;
                return true;
            }
            _stack.Peek().Add(node, problems);
            return true;
        }

        private static string? ExplicitTag(TagName tag) => tag.IsEmpty ? null : tag.Value;

        private static ScalarStyle MapStyle(CoreScalarStyle style) => style switch
        {
            CoreScalarStyle.SingleQuoted => ScalarStyle.SingleQuoted,
            CoreScalarStyle.DoubleQuoted => ScalarStyle.DoubleQuoted,
            CoreScalarStyle.Literal => ScalarStyle.Literal,
            CoreScalarStyle.Folded => ScalarStyle.Folded,
            _ => ScalarStyle.Plain,
        };
    }

    private sealed class Frame(Mark start, bool isMapping, AnchorName anchor)
    {
        private readonly List<YamlNode> _items = [];
        private readonly List<KeyValuePair<YamlScalar, YamlNode>> _entries = [];
        private readonly Dictionary<string, Mark> _keys = new(StringComparer.Ordinal);
        private readonly List<YamlNode> _merges = [];
        private YamlNode? _pendingKey;
        private long _size = 1;

        public Mark Start { get; } = start;

        public AnchorName Anchor { get; } = anchor;

        public void Add(YamlNode node, List<YamlProblem> problems)
        {
            _size = Saturating.Add(_size, node.ExpandedSize);
            if (!isMapping)
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
            if (_keys.TryGetValue(scalarKey.Value, out var first))
            {
                problems.Add(new YamlProblem(DuplicateKey,
                    $"duplicate key \"{scalarKey.Value}\" (first defined at line {first.Line}); Kubernetes rejects it and tools disagree on which value wins",
                    scalarKey.Start));
                return;
            }
            _keys[scalarKey.Value] = scalarKey.Start;
            _entries.Add(new(scalarKey, node));
        }

        public YamlNode Complete(List<YamlProblem> problems)
        {
            if (!isMapping) return new YamlSequence(Start, _items, _size);
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
                        if (_keys.TryAdd(entry.Key.Value, entry.Key.Start)) _entries.Add(entry);
                    }
                }
            }
            return new YamlMapping(Start, _entries, _size);
        }
    }
}
