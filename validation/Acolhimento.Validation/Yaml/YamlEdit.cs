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
}
