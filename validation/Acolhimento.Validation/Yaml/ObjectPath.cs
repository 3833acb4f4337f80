using System.Collections.Immutable;
using System.Text;

namespace Acolhimento.Validation.Yaml;

/// <summary>A field path inside an object, e.g. <c>spec.template.spec.containers[0].image</c>.</summary>
/// <remarks>
/// Kept as a link to its parent plus one segment, so <see cref="Key"/> and <see cref="Index"/> cost one small object:
/// the schema stage builds a few paths for every object it checks. Compared by value, like the record it replaces.
/// </remarks>
public sealed class ObjectPath : IEquatable<ObjectPath>
{
    public static readonly ObjectPath Root = new(null, null, 0);

    // Boxed once: array indexes are segments of nearly every path into a pod spec.
    private static readonly object[] SmallIndexes = Enumerable.Range(0, 64).Select(i => (object)i).ToArray();

    private readonly ObjectPath? _parent;
    private readonly object? _segment;
    // Built on first use; a race builds the same array twice.
    private ImmutableArray<object> _segments;

    private ObjectPath(ObjectPath? parent, object? segment, int depth)
    {
        _parent = parent;
        _segment = segment;
        Depth = depth;
    }

    /// <summary>A path of the given segments (strings are keys, ints are list indexes).</summary>
    public ObjectPath(ImmutableArray<object> segments)
    {
        ObjectPath? parent = segments.IsDefaultOrEmpty ? null : Root;
        for (var i = 0; i < segments.Length - 1; i++) parent = parent!.Append(segments[i]);
        _parent = parent;
        _segment = segments.IsDefaultOrEmpty ? null : segments[^1];
        Depth = segments.IsDefaultOrEmpty ? 0 : segments.Length;
        _segments = segments.IsDefault ? ImmutableArray<object>.Empty : segments;
    }

    public int Depth { get; }

    public ImmutableArray<object> Segments
    {
        get
        {
            if (!_segments.IsDefault) return _segments;
            var segments = new object[Depth];
            var at = this;
            for (var i = Depth - 1; i >= 0; i--, at = at._parent!) segments[i] = at._segment!;
            return _segments = ImmutableArray.Create(segments);
        }
    }

    public ObjectPath Key(string key) => new(this, key, Depth + 1);

    public ObjectPath Index(int index) => new(this, index is >= 0 and < 64 ? SmallIndexes[index] : index, Depth + 1);

    public ObjectPath Parent => _parent ?? this;

    public static ObjectPath Of(params object[] segments)
    {
        var path = Root;
        foreach (var segment in segments) path = path.Append(segment);
        return path;
    }

    private ObjectPath Append(object segment) => segment switch
    {
        string key => Key(key),
        int index => Index(index),
        _ => throw new ArgumentException($"a path segment is a string key or an int index, not {segment.GetType().Name}", nameof(segment)),
    };

    public bool StartsWith(ObjectPath prefix)
    {
        if (prefix.Depth > Depth) return false;
        var at = this;
        while (at.Depth > prefix.Depth) at = at._parent!;
        return at.Equals(prefix);
    }

    public bool Equals(ObjectPath? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null || other.Depth != Depth) return false;
        for (ObjectPath? a = this, b = other; a is not null && b is not null; a = a._parent, b = b._parent)
        {
            if (ReferenceEquals(a, b)) return true;
            if (!Equals(a._segment, b._segment)) return false;
        }
        return true;
    }

    public override bool Equals(object? obj) => obj is ObjectPath other && Equals(other);

    public override int GetHashCode()
    {
        var hash = 17;
        foreach (var segment in Segments) hash = hash * 31 + segment.GetHashCode();
        return hash;
    }

    public static bool operator ==(ObjectPath? left, ObjectPath? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(ObjectPath? left, ObjectPath? right) => !(left == right);

    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var segment in Segments)
        {
            switch (segment)
            {
                case int i:
                    sb.Append('[').Append(i).Append(']');
                    break;
                case string key when IsSimple(key):
                    if (sb.Length > 0) sb.Append('.');
                    sb.Append(key);
                    break;
                case string key:
                    sb.Append("[\"").Append(key.Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\"]");
                    break;
            }
        }
        return sb.Length == 0 ? "." : sb.ToString();
    }

    private static bool IsSimple(string key) => key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '$');
}

internal static class YamlNavigation
{
    /// <summary>
    /// Every node under <paramref name="root"/> (itself included) with its path, depth first through an explicit stack,
    /// so hostile depth cannot overflow the call stack; children are visited last to first.
    /// </summary>
    public static IEnumerable<(ObjectPath Path, YamlNode Node)> Walk(this YamlNode root, ObjectPath? at = null)
    {
        var work = new Stack<(ObjectPath, YamlNode)>();
        work.Push((at ?? ObjectPath.Root, root));
        while (work.Count > 0)
        {
            var (path, node) = work.Pop();
            yield return (path, node);
            switch (node)
            {
                case YamlMapping m:
                    foreach (var e in m.Entries) work.Push((path.Key(e.Key.Value), e.Value));
                    break;
                case YamlSequence s:
                    for (var i = 0; i < s.Items.Count; i++) work.Push((path.Index(i), s.Items[i]));
                    break;
            }
        }
    }

    /// <summary>The node at <paramref name="path"/>, or null when the path does not exist in this tree.</summary>
    public static YamlNode? At(this YamlNode root, ObjectPath path)
    {
        var node = root;
        foreach (var segment in path.Segments)
        {
            node = (node, segment) switch
            {
                (YamlMapping m, string key) => m[key],
                (YamlSequence s, int i) when i >= 0 && i < s.Items.Count => s.Items[i],
                _ => null,
            };
            if (node is null) return null;
        }
        return node;
    }
}
