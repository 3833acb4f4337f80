using System.Collections.Immutable;
using System.Text;

namespace Acolhimento.Validation.Yaml;

/// <summary>A field path inside an object, e.g. <c>spec.template.spec.containers[0].image</c>.</summary>
public sealed record ObjectPath(ImmutableArray<object> Segments)
{
    public static readonly ObjectPath Root = new(ImmutableArray<object>.Empty);

    public int Depth => Segments.Length;

    public ObjectPath Key(string key) => new(Segments.Add(key));

    public ObjectPath Index(int index) => new(Segments.Add(index));

    public ObjectPath Parent => Segments.IsEmpty ? this : new ObjectPath(Segments.RemoveAt(Segments.Length - 1));

    public static ObjectPath Of(params object[] segments) => new(segments.ToImmutableArray());

    public bool StartsWith(ObjectPath prefix) =>
        prefix.Segments.Length <= Segments.Length && prefix.Segments.Select((s, i) => Equals(s, Segments[i])).All(x => x);

    public bool Equals(ObjectPath? other) => other is not null && Segments.SequenceEqual(other.Segments);

    public override int GetHashCode() => Segments.Aggregate(17, (h, s) => h * 31 + s.GetHashCode());

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

public static class YamlNavigation
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
