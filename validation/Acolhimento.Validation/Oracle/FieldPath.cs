using System.Collections.Immutable;
using System.Text;

namespace Acolhimento.Validation.Oracle;

/// <summary>
/// A field path as a list of segments, read from the API server's notation (<c>spec.containers[0].name</c>,
/// <c>metadata.labels[app.kubernetes.io/name]</c>), the gate's (<c>metadata.labels["app.kubernetes.io/name"]</c>) or an
/// RFC 6901 pointer (<c>/spec/containers/0/name</c>). List indexes and map keys are both text segments, so the notations compare.
/// </summary>
public sealed record FieldPath(ImmutableArray<string> Segments)
{
    public static readonly FieldPath Root = new(ImmutableArray<string>.Empty);

    public int Depth => Segments.Length;

    public static FieldPath Parse(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == ".") return Root;
        var segments = ImmutableArray.CreateBuilder<string>();
        var current = new StringBuilder();
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (c == '.')
            {
                Flush(current, segments);
            }
            else if (c == '[')
            {
                Flush(current, segments);
                i = ReadBracket(path, i + 1, segments);
            }
            else
            {
                current.Append(c);
            }
        }
        Flush(current, segments);
        return new FieldPath(segments.ToImmutable());
    }

    /// <summary>An RFC 6901 pointer (<c>~1</c> is <c>/</c>, <c>~0</c> is <c>~</c>).</summary>
    public static FieldPath FromPointer(string? pointer)
    {
        if (string.IsNullOrEmpty(pointer)) return Root;
        return new FieldPath([.. pointer.TrimStart('/').Split('/').Select(Yaml.JsonPointer.Unescape)]);
    }

    /// <summary>This path with list indexes left out (Go's JSON decoder names a field without them).</summary>
    public FieldPath WithoutIndexes() => new([.. Segments.Where(s => !IsIndex(s))]);

    public bool StartsWith(FieldPath prefix) =>
        prefix.Depth <= Depth && Enumerable.Range(0, prefix.Depth).All(i => string.Equals(Segments[i], prefix.Segments[i], StringComparison.Ordinal));

    public FieldPath Take(int depth) => new(Segments.Take(depth).ToImmutableArray());

    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var segment in Segments)
        {
            if (IsIndex(segment) || segment.Contains('.') || segment.Contains('/')) sb.Append('[').Append(segment).Append(']');
            else sb.Append(sb.Length > 0 ? "." : "").Append(segment);
        }
        return sb.Length == 0 ? "." : sb.ToString();
    }

    public bool Equals(FieldPath? other) => other is not null && Segments.SequenceEqual(other.Segments, StringComparer.Ordinal);

    public override int GetHashCode() => Segments.Aggregate(0, (h, s) => HashCode.Combine(h, StringComparer.Ordinal.GetHashCode(s)));

    private static bool IsIndex(string segment) => segment.Length > 0 && segment.All(char.IsAsciiDigit);

    private static void Flush(StringBuilder current, ImmutableArray<string>.Builder segments)
    {
        if (current.Length > 0) segments.Add(current.ToString());
        current.Clear();
    }

    /// <summary>Reads a bracketed segment starting after <c>[</c>; returns the index of its closing <c>]</c>.</summary>
    private static int ReadBracket(string path, int start, ImmutableArray<string>.Builder segments)
    {
        var value = new StringBuilder();
        if (start < path.Length && path[start] == '"')
        {
            var i = start + 1;
            for (; i < path.Length && path[i] != '"'; i++)
            {
                if (path[i] == '\\' && i + 1 < path.Length) i++;
                value.Append(path[i]);
            }
            var close = path.IndexOf(']', i);
            segments.Add(value.ToString());
            return close < 0 ? path.Length : close;
        }
        var end = path.IndexOf(']', start);
        if (end < 0) end = path.Length;
        segments.Add(path[start..end]);
        return end;
    }
}
