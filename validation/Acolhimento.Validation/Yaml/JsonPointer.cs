namespace Acolhimento.Validation.Yaml;

/// <summary>JSON pointers (RFC 6901): escaping of one segment, and pointers over YAML nodes.</summary>
internal static class JsonPointer
{
    /// <summary>One segment as written in a pointer: <c>~</c> is <c>~0</c>, <c>/</c> is <c>~1</c>.</summary>
    public static string Escape(string segment) => segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>One written segment as the key it names (<c>~1</c> first, so <c>~01</c> is <c>~1</c>, as RFC 6901 §4 says).</summary>
    public static string Unescape(string segment) => segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);

    /// <summary>The unescaped segments of a pointer; null when it is not one (it must start with a slash).</summary>
    public static IReadOnlyList<string>? Segments(string pointer) =>
        pointer.Length == 0 ? [] : pointer[0] != '/' ? null
        : pointer[1..].Split('/').Select(Unescape).ToList();

    public static bool Exists(YamlNode root, IReadOnlyList<string> segments)
    {
        var node = root;
        foreach (var segment in segments)
        {
            switch (node)
            {
                case YamlMapping m when m[segment] is { } next:
                    node = next;
                    break;
                case YamlSequence list when int.TryParse(segment, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) && index < list.Items.Count:
                    node = list.Items[index];
                    break;
                default:
                    return false;
            }
        }
        return true;
    }
}
