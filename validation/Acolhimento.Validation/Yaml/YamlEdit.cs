namespace Acolhimento.Validation.Yaml;

/// <summary>Copies of immutable objects with one metadata entry set; positions of untouched nodes are kept.</summary>
internal static class YamlEdit
{
    /// <summary>The object with <c>metadata.&lt;key&gt;</c> set to a string.</summary>
    public static YamlMapping WithMetadata(this YamlMapping body, string key, string value)
    {
        var metadata = body.Mapping("metadata") ?? YamlMapping.Build(body.Start, []);
        return body.With("metadata", metadata.With(key, YamlNodes.Scalar(value)));
    }

    /// <summary>
    /// <paramref name="target"/> with the changes that made <paramref name="after"/> of <paramref name="before"/>: each entry
    /// whose value is no longer the very node it was is set (into mappings that all three hold, entry by entry), each entry
    /// removed is removed. Nodes are compared by reference, since edits copy and an untouched node stays the same node.
    /// </summary>
    public static YamlMapping WithChanges(this YamlMapping target, YamlMapping before, YamlMapping after)
    {
        if (ReferenceEquals(before, after)) return target;
        var result = target;
        foreach (var (key, value) in after.Entries)
        {
            var old = before[key.Value];
            if (ReferenceEquals(old, value)) continue;
            result = old is YamlMapping oldMapping && value is YamlMapping newMapping && result[key.Value] is YamlMapping targetMapping
                ? result.With(key.Value, targetMapping.WithChanges(oldMapping, newMapping))
                : result.With(key.Value, value);
        }
        var removed = before.Entries.Where(e => after[e.Key.Value] is null).Select(e => e.Key.Value).ToHashSet(StringComparer.Ordinal);
        return removed.Count == 0 ? result : YamlMapping.Build(result.Start, result.Entries.Where(e => !removed.Contains(e.Key.Value)));
    }
}
