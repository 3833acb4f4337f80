using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Live;

/// <summary>Copies of immutable YAML trees with one entry set; positions of untouched nodes are kept.</summary>
internal static class YamlEdit
{
    /// <summary>The mapping with <paramref name="key"/> set to <paramref name="value"/> (replaced in place, or appended).</summary>
    public static YamlMapping With(this YamlMapping mapping, string key, YamlNode value)
    {
        var entries = mapping.Entries.ToList();
        var index = entries.FindIndex(e => e.Key.Value == key);
        var entry = new KeyValuePair<YamlScalar, YamlNode>(index >= 0 ? entries[index].Key : YamlNodes.Scalar(key, style: ScalarStyle.Plain), value);
        if (index >= 0) entries[index] = entry;
        else entries.Add(entry);
        return YamlMapping.Build(mapping.Start, entries);
    }

    /// <summary>The object with <c>metadata.&lt;key&gt;</c> set to a string.</summary>
    public static YamlMapping WithMetadata(this YamlMapping body, string key, string value)
    {
        var metadata = body.Mapping("metadata") ?? YamlMapping.Build(body.Start, []);
        return body.With("metadata", metadata.With(key, YamlNodes.Scalar(value)));
    }
}
