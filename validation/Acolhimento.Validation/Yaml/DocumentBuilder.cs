namespace Acolhimento.Validation.Yaml;

/// <summary>
/// Builds one document's node tree from parse events (from YamlDotNet or the fast path) with an explicit stack, so that
/// duplicate keys, alias expansion and nesting are checked while reading rather than after an unbounded expansion.
/// The tree is what Kubernetes' decoder makes of the text: mapping keys are the JSON keys sigs.k8s.io/yaml turns them
/// into (<c>on</c> is "true", <c>0x10</c> is "16"), merge keys (<c>&lt;&lt;</c>) are applied in go-yaml v2's order,
/// <c>!!binary</c> is decoded, and whatever that conversion refuses is a <see cref="YamlReader.Unconvertible"/> problem.
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
    public bool Scalar(Mark start, string value, ScalarStyle style, string? tag = null, string? anchor = null)
    {
        // go-yaml hands a !!binary scalar on as the string its base64 decodes to; bad base64 keeps the tag and fails when placed.
        if (tag == GoYamlResolve.BinaryTag && GoBase64.TryDecodeToGoString(value, out var decoded))
        {
            return Add(new YamlScalar(start, decoded, ScalarStyle.DoubleQuoted), anchor, viaAlias: false);
        }
        return Add(YamlScalar.Create(start, value, style, tag), anchor, viaAlias: false);
    }

    public bool Alias(Mark start, string name)
    {
        if (!_anchors.TryGetValue(name, out var target))
        {
            problems.Add(new YamlProblem(YamlReader.UnknownAlias, $"alias *{name} refers to no anchor defined before it", start));
            return Add(new YamlScalar(start, "", ScalarStyle.Plain), null, viaAlias: false);
        }
        return Add(target, null, viaAlias: true);
    }

    public bool Open(Mark start, bool isMapping, string? anchor = null)
    {
        if (_depth >= limits.MaxDepth)
        {
            problems.Add(new YamlProblem(YamlReader.NestingTooDeep, $"nesting deeper than {limits.MaxDepth} levels", start));
            return false;
        }
        if (_depth == _frames.Count) _frames.Add(new Frame());
        _frames[_depth++].Reset(start, isMapping, anchor);
        return true;
    }

    public bool Close()
    {
        var frame = _frames[--_depth];
        return Add(frame.Complete(), frame.Anchor, viaAlias: false);
    }

    private bool Add(YamlNode node, string? anchor, bool viaAlias)
    {
        if (anchor is not null) _anchors[anchor] = node;
        if (node.ExpandedSize > limits.MaxExpandedNodes)
        {
            problems.Add(new YamlProblem(YamlReader.AliasExpansion,
                $"aliases expand this document beyond {limits.MaxExpandedNodes} nodes (possible \"billion laughs\" input)", node.Start));
            return false;
        }
        if (_depth == 0)
        {
            CheckValue(node, problems);
            Root = node;
            return true;
        }
        _frames[_depth - 1].Add(node, viaAlias, problems);
        return true;
    }

    private static void CheckValue(YamlNode node, List<YamlProblem> problems)
    {
        if (node is YamlScalar scalar && ScalarResolution.ValueError(scalar) is { } error)
        {
            problems.Add(new YamlProblem(YamlReader.Unconvertible, error, scalar.Start));
        }
    }

    /// <summary>One open mapping or sequence; reset and reused for the next collection at the same depth.</summary>
    private sealed class Frame
    {
        // Up to this many keys, a key is found by scanning the entries; above it, through a dictionary.
        private const int ScanLimit = 16;
        private const string MergeKey = "<<";

        private readonly List<YamlNode> _items = [];
        private readonly List<KeyValuePair<YamlScalar, YamlNode>> _entries = [];
        private readonly List<bool> _fromMerge = []; // per entry: set by a merge key rather than written in this mapping
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        private bool _isMapping;
        private YamlNode? _pendingKey;
        private bool _pendingKeyViaAlias;
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
            _fromMerge.Clear();
            _index.Clear();
            _pendingKey = null;
            _size = 1;
        }

        public void Add(YamlNode node, bool viaAlias, List<YamlProblem> problems)
        {
            _size = Saturating.Add(_size, node.ExpandedSize);
            if (!_isMapping)
            {
                CheckValue(node, problems);
                _items.Add(node);
                return;
            }
            if (_pendingKey is null)
            {
                _pendingKey = node;
                _pendingKeyViaAlias = viaAlias;
                return;
            }
            var key = _pendingKey;
            _pendingKey = null;
            if (key is not YamlScalar scalarKey)
            {
                problems.Add(new YamlProblem(YamlReader.NonScalarKey, "mapping key is not a scalar (Kubernetes objects need string keys)", key.Start));
                return;
            }
            if (!_pendingKeyViaAlias && IsMergeKey(scalarKey))
            {
                Merge(scalarKey, node, viaAlias, problems);
                return;
            }
            CheckValue(node, problems);
            var jsonKey = ScalarResolution.JsonKey(scalarKey, out var error);
            if (error is not null) problems.Add(new YamlProblem(YamlReader.Unconvertible, error, scalarKey.Start));
            else if (!ReferenceEquals(jsonKey, scalarKey.Value)) scalarKey = new YamlScalar(scalarKey.Start, jsonKey, ScalarStyle.DoubleQuoted);
            var index = IndexOf(scalarKey.Value);
            if (index < 0)
            {
                Append(new(scalarKey, node), fromMerge: false);
            }
            else if (_fromMerge[index])
            {
                // go-yaml v2 sets keys in order: one written after a merge key replaces the merged value.
                _entries[index] = new(scalarKey, node);
                _fromMerge[index] = false;
            }
            else
            {
                problems.Add(new YamlProblem(YamlReader.DuplicateKey,
                    $"duplicate key \"{scalarKey.Value}\" (first defined at line {_entries[index].Key.Start.Line}); Kubernetes rejects it and tools disagree on which value wins",
                    scalarKey.Start));
            }
        }

        public YamlNode Complete() =>
            _isMapping ? new YamlMapping(Start, _entries.ToArray(), _size) : new YamlSequence(Start, _items.ToArray(), _size);

        /// <summary>go-yaml v2's <c>isMerge</c>: the text &lt;&lt;, implicit (plain, or tagged <c>!</c>) or tagged <c>!!merge</c>.</summary>
        private static bool IsMergeKey(YamlScalar key) =>
            key.Value == MergeKey && (key.Tag is null ? key.Style == ScalarStyle.Plain : key.Tag is "!" or GoYamlResolve.MergeTag);

        /// <summary>
        /// go-yaml v2's <c>merge</c>: a mapping, or a list (written here, not an alias of one) of mappings whose earlier
        /// entries win; every merged key is set at this point, so it replaces a key written before the merge key too.
        /// </summary>
        private void Merge(YamlScalar mergeKey, YamlNode value, bool viaAlias, List<YamlProblem> problems)
        {
            IReadOnlyList<YamlNode> sources = value is YamlSequence list && !viaAlias ? list.Items : [value];
            if (sources.FirstOrDefault(s => s is not YamlMapping) is { } wrong)
            {
                problems.Add(new YamlProblem(YamlReader.Unconvertible,
                    "a merge key << needs a mapping or a list of mappings (go-yaml: map merge requires map or sequence of maps as the value)",
                    wrong.Start));
                return;
            }
            for (var s = sources.Count - 1; s >= 0; s--)
            {
                foreach (var entry in ((YamlMapping)sources[s]).Entries)
                {
                    var index = IndexOf(entry.Key.Value);
                    if (index < 0)
                    {
                        Append(entry, fromMerge: true);
                        continue;
                    }
                    if (!_fromMerge[index])
                    {
                        problems.Add(new YamlProblem(YamlReader.DuplicateKey,
                            $"key \"{entry.Key.Value}\" is replaced by the merge key << at line {mergeKey.Start.Line}: Argo CD's YAML decoder (go-yaml v2) keeps the merged value, YAML 1.1 and other tools keep the one written here; write the key after the merge key",
                            _entries[index].Key.Start));
                    }
                    _entries[index] = entry;
                    _fromMerge[index] = true;
                }
            }
        }

        private int IndexOf(string key)
        {
            if (_index.Count > 0) return _index.TryGetValue(key, out var found) ? found : -1;
            for (var i = 0; i < _entries.Count; i++)
            {
                if (_entries[i].Key.Value == key) return i;
            }
            return -1;
        }

        private void Append(KeyValuePair<YamlScalar, YamlNode> entry, bool fromMerge)
        {
            _entries.Add(entry);
            _fromMerge.Add(fromMerge);
            if (_index.Count > 0)
            {
                _index[entry.Key.Value] = _entries.Count - 1;
            }
            else if (_entries.Count > ScanLimit)
            {
                for (var i = 0; i < _entries.Count; i++) _index[_entries[i].Key.Value] = i;
            }
        }
    }
}
