using System.Globalization;

namespace Acolhimento.Validation.Yaml;

/// <summary>1-based line and column of a node's first character in its text.</summary>
public readonly record struct Mark(int Line, int Column)
{
    public override string ToString() => $"{Line}:{Column}";
}

public enum ScalarStyle
{
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

/// <summary>The JSON type a scalar becomes when Kubernetes converts YAML to JSON.</summary>
public enum ScalarKind
{
    Null,
    Bool,
    Int,
    Float,
    String,
}

/// <summary>
/// A YAML node with its position. Nodes are immutable once read; an alias shares the anchored node,
/// so a tree may be a DAG whose expanded size the reader has already bounded.
/// </summary>
public abstract class YamlNode(Mark start)
{
    public Mark Start { get; } = start;

    /// <summary>Number of nodes this node stands for once aliases are expanded (saturating).</summary>
    public abstract long ExpandedSize { get; }
}

/// <summary>
/// A scalar. A corpus holds hundreds of thousands of them (every mapping key is one), so the class carries only its
/// text, position, style and resolved kind (40 bytes); the rare explicit tag lives in <see cref="TaggedYamlScalar"/>.
/// </summary>
public class YamlScalar(Mark start, string value, ScalarStyle style) : YamlNode(start)
{
    public string Value { get; } = value;

    private readonly byte _style = (byte)style;

    // Resolved on first use and kept: every stage asks, and resolution parses the text. -1 = not yet; a race only
    // resolves twice to the same value.
    private sbyte _kind = -1;

    public ScalarStyle Style => (ScalarStyle)_style;

    /// <summary>Explicit tag (e.g. <c>tag:yaml.org,2002:str</c>) or null when the tag is implicit.</summary>
    public virtual string? Tag => null;

    /// <summary>A scalar with an explicit <paramref name="tag"/>, or an untagged one when it is null.</summary>
    public static YamlScalar Create(Mark start, string value, ScalarStyle style, string? tag) =>
        tag is null ? new YamlScalar(start, value, style) : new TaggedYamlScalar(start, value, style, tag);

    public override long ExpandedSize => 1;

    public ScalarKind Kind
    {
        get
        {
            var kind = _kind;
            if (kind < 0) _kind = kind = (sbyte)ScalarResolution.Resolve(this);
            return (ScalarKind)kind;
        }
    }

    public bool IsNull => Kind == ScalarKind.Null;

    /// <summary>The JSON value Kubernetes makes of this scalar (resolved again on each call; <see cref="Kind"/> is kept).</summary>
    public JsonScalar Json => ScalarResolution.Evaluate(this);

    public override string ToString() => Value;
}

/// <summary>A scalar written with an explicit tag (<c>!!str 1</c>), which decides how it resolves.</summary>
internal sealed class TaggedYamlScalar(Mark start, string value, ScalarStyle style, string tag) : YamlScalar(start, value, style)
{
    public override string? Tag { get; } = tag;
}

public sealed class YamlSequence(Mark start, IReadOnlyList<YamlNode> items, long expandedSize) : YamlNode(start)
{
    public IReadOnlyList<YamlNode> Items { get; } = items;

    public override long ExpandedSize { get; } = expandedSize;
}

public sealed class YamlMapping(Mark start, IReadOnlyList<KeyValuePair<YamlScalar, YamlNode>> entries, long expandedSize) : YamlNode(start)
{
    // An array, so that key look-ups (the most frequent operation of every later stage) scan without an enumerator.
    private readonly KeyValuePair<YamlScalar, YamlNode>[] _entries = entries as KeyValuePair<YamlScalar, YamlNode>[] ?? [.. entries];

    public IReadOnlyList<KeyValuePair<YamlScalar, YamlNode>> Entries => _entries;

    public override long ExpandedSize { get; } = expandedSize;

    public YamlNode? this[string key] => IndexOf(key) is var i and >= 0 ? _entries[i].Value : null;

    public YamlScalar? KeyNode(string key) => IndexOf(key) is var i and >= 0 ? _entries[i].Key : null;

    private int IndexOf(string key)
    {
        var entries = _entries;
        for (var i = 0; i < entries.Length; i++)
        {
            if (string.Equals(entries[i].Key.Value, key)) return i;
        }
        return -1;
    }

    public YamlMapping? Mapping(string key) => this[key] as YamlMapping;

    public YamlSequence? Sequence(string key) => this[key] as YamlSequence;

    /// <summary>The scalar value at <paramref name="key"/>, or null when absent, null or not a scalar.</summary>
    public string? String(string key) => this[key] is YamlScalar { IsNull: false } s ? s.Value : null;

    public long? Integer(string key) => this[key] is YamlScalar { Kind: ScalarKind.Int } s ? s.Json.Integer : null;

    public bool? Boolean(string key) => this[key] is YamlScalar { Kind: ScalarKind.Bool } s ? s.Json.Boolean : null;

    /// <summary>A copy with <paramref name="key"/> set to <paramref name="value"/>: replaced in place, or appended; other nodes keep their positions.</summary>
    public YamlMapping With(string key, YamlNode value)
    {
        var entries = Entries.ToList();
        var index = entries.FindIndex(e => e.Key.Value == key);
        var entry = new KeyValuePair<YamlScalar, YamlNode>(index >= 0 ? entries[index].Key : YamlNodes.Scalar(key, style: ScalarStyle.Plain), value);
        if (index >= 0) entries[index] = entry;
        else entries.Add(entry);
        return Build(Start, entries);
    }

    public static YamlMapping Build(Mark start, IEnumerable<KeyValuePair<YamlScalar, YamlNode>> entries)
    {
        var array = entries.ToArray();
        long size = 1;
        foreach (var e in array) size = Saturating.Add(size, Saturating.Add(1, e.Value.ExpandedSize));
        return new YamlMapping(start, array, size);
    }
}

internal static class YamlNodes
{
    public static YamlScalar Scalar(string value, Mark start = default, ScalarStyle style = ScalarStyle.DoubleQuoted) =>
        new(start, value, style);

    public static YamlSequence Sequence(IEnumerable<YamlNode> items, Mark start = default)
    {
        var list = items.ToList();
        long size = 1;
        foreach (var i in list) size = Saturating.Add(size, i.ExpandedSize);
        return new YamlSequence(start, list, size);
    }

    public static string Describe(this YamlNode node) => node switch
    {
        YamlMapping => "object",
        YamlSequence => "array",
        YamlScalar s => s.Kind switch
        {
            ScalarKind.Null => "null",
            ScalarKind.Bool => "boolean",
            ScalarKind.Int => "integer",
            ScalarKind.Float => "number",
            _ => "string",
        },
        _ => "unknown",
    };

    public static string FormatInvariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}

internal static class Saturating
{
    public static long Add(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}
