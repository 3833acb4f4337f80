using System.Text;
using System.Text.Json;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Schema.ApiServer;

/// <summary>
/// What core ValidateSecret requires of each built-in Secret type, after stringData is merged into data: a TLS Secret
/// holds tls.crt and tls.key, an SSH one ssh-privatekey, a basic-auth one username or password, a docker config one its
/// key holding a JSON object (or null), and a service-account token names its account in an annotation.
/// </summary>
internal static class SecretTypeRules
{
    private static readonly Dictionary<string, string[]> RequiredKeys = new(StringComparer.Ordinal)
    {
        ["kubernetes.io/tls"] = ["tls.crt", "tls.key"],
        ["kubernetes.io/ssh-auth"] = ["ssh-privatekey"],
        ["kubernetes.io/dockercfg"] = [".dockercfg"],
        ["kubernetes.io/dockerconfigjson"] = [".dockerconfigjson"],
    };

    private const string ServiceAccountNameAnnotation = "kubernetes.io/service-account.name";

    public static void Check(YamlMapping body, List<SchemaViolation> violations)
    {
        if (ScalarText.StringAt(body, "type") is not { Length: > 0 } type) return;
        var data = body.Mapping("data");
        var stringData = body.Mapping("stringData");
        var dataPath = ObjectPath.Of("data");
        bool Has(string key) => data?[key] is not null || stringData?[key] is not null;
        if (RequiredKeys.TryGetValue(type, out var keys))
        {
            // ssh-auth needs a non-empty key; the others only its presence.
            foreach (var key in keys.Where(k => !Has(k) || (type == "kubernetes.io/ssh-auth" && Value(data, stringData, k) is { Length: 0 })))
            {
                violations.Add(new SchemaViolation(SchemaRules.RequiredField, $"a Secret of type {type} must hold the key {MessageText.Quote(key)} in data or stringData", dataPath.Key(key)));
            }
            if (type is "kubernetes.io/dockercfg" or "kubernetes.io/dockerconfigjson" && Value(data, stringData, keys[0]) is { } json && !IsJsonObject(json))
            {
                violations.Add(new SchemaViolation(SchemaRules.Format, $"{dataPath.Key(keys[0])} must be a JSON object (a docker config), as the API server parses it", dataPath.Key(keys[0])));
            }
        }
        else if (type == "kubernetes.io/basic-auth" && !Has("username") && !Has("password"))
        {
            violations.Add(new SchemaViolation(SchemaRules.RequiredField, "a Secret of type kubernetes.io/basic-auth must hold username or password in data or stringData", dataPath.Key("username")));
        }
        else if (type == "kubernetes.io/service-account-token" && body.Mapping("metadata")?.Mapping("annotations")?[ServiceAccountNameAnnotation] is not YamlScalar { Value.Length: > 0 })
        {
            violations.Add(new SchemaViolation(SchemaRules.RequiredField, $"a Secret of type kubernetes.io/service-account-token must name its ServiceAccount in the annotation {ServiceAccountNameAnnotation}",
                ObjectPath.Of("metadata").Key("annotations").Key(ServiceAccountNameAnnotation)));
        }
    }

    /// <summary>The key's bytes as the API server sees them: stringData's text, else data's base64 decoded; null when it cannot be read (the schema's format check reports bad base64).</summary>
    private static byte[]? Value(YamlMapping? data, YamlMapping? stringData, string key)
    {
        if (stringData?[key] is YamlScalar { IsNull: false } text) return Encoding.UTF8.GetBytes(text.Value);
        if (data?[key] is not YamlScalar { IsNull: false } encoded) return null;
        var compact = encoded.Value.Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal);
        var buffer = new byte[compact.Length];
        return Convert.TryFromBase64String(compact, buffer, out var written) ? buffer[..written] : null;
    }

    private static bool IsJsonObject(byte[] json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 1000 });
            // Go decodes JSON null into a map without error.
            return document.RootElement.ValueKind is JsonValueKind.Object or JsonValueKind.Null;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
