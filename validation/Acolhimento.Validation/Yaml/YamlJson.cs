using Newtonsoft.Json.Linq;

namespace Acolhimento.Validation.Yaml;

/// <summary>Converts nodes to JSON the way Kubernetes does (sigs.k8s.io/yaml): typed scalars, string keys.</summary>
public static class YamlJson
{
    public static JToken ToJToken(this YamlNode node) => node switch
    {
        YamlMapping m => ToObject(m),
        YamlSequence s => new JArray(s.Items.Select(ToJToken)),
        YamlScalar s => ToValue(s),
        _ => JValue.CreateNull(),
    };

    public static string ToJsonString(this YamlNode node) => node.ToJToken().ToString(Newtonsoft.Json.Formatting.None);

    private static JObject ToObject(YamlMapping mapping)
    {
        var result = new JObject();
        foreach (var entry in mapping.Entries) result[entry.Key.Value] = entry.Value.ToJToken();
        return result;
    }

    private static JValue ToValue(YamlScalar scalar) => scalar.Kind == ScalarKind.String ? new JValue(scalar.Value) : scalar.Json switch
    {
        { Kind: ScalarKind.Bool } json => new JValue(json.Boolean),
        { Kind: ScalarKind.Int } json => new JValue(json.Integer),
        { Kind: ScalarKind.Float } json => new JValue(json.Number),
        _ => JValue.CreateNull(),
    };
}
