using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Schema.ApiServer;

/// <summary>Reads a field only when it is a string scalar: a number or boolean where a name belongs is the schema check's to report.</summary>
internal static class ScalarText
{
    public static string? StringAt(this YamlMapping mapping, string key) => mapping[key] is YamlScalar { Kind: ScalarKind.String } s ? s.Value : null;
}
