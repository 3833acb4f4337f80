using Acolhimento.Validation.Kubernetes;
using System.Text;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Schema.ApiServer;

/// <summary>
/// The API server's limit on what a ConfigMap or Secret may hold (core.MaxSecretSize, 1 MiB): a ConfigMap's data and
/// binaryData together (ValidateConfigMap), a Secret's data after stringData is merged into it (ValidateSecret), in bytes
/// as stored — UTF-8 text, base64 decoded. The sizes are counted without decoding anything.
/// </summary>
internal static class ObjectSizeRules
{
    public const int MaxDataSize = 1024 * 1024;

    public static void Check(string group, string kind, YamlMapping body, List<SchemaViolation> violations)
    {
        if (group != ApiGroups.Core) return;
        switch (kind)
        {
            case "ConfigMap":
                var configMapSize = Sum(body.Mapping("data"), TextBytes) + Sum(body.Mapping("binaryData"), Base64Bytes);
                if (configMapSize > MaxDataSize) violations.Add(TooLong(body, "ConfigMap", "data and binaryData", configMapSize));
                break;
            case "Secret":
                // stringData is merged into data before validation, its keys replacing data's.
                var stringKeys = body.Mapping("stringData")?.Entries.Select(e => e.Key.Value).ToHashSet(StringComparer.Ordinal) ?? [];
                var secretSize = Sum(body.Mapping("data"), Base64Bytes, skip: stringKeys) + Sum(body.Mapping("stringData"), TextBytes);
                if (secretSize > MaxDataSize) violations.Add(TooLong(body, "Secret", "data and stringData", secretSize));
                break;
        }
    }

    private static long Sum(YamlMapping? map, Func<string, long> bytes, IReadOnlySet<string>? skip = null) =>
        map?.Entries.Where(e => skip is null || !skip.Contains(e.Key.Value)).Sum(e => e.Value is YamlScalar { IsNull: false } s ? bytes(s.Value) : 0) ?? 0;

    private static long TextBytes(string value) => Encoding.UTF8.GetByteCount(value);

    /// <summary>Bytes a base64 value decodes to (line breaks are skipped by the decoder); a malformed value is the schema's format finding.</summary>
    private static long Base64Bytes(string value)
    {
        long length = 0, padding = 0;
        foreach (var c in value)
        {
            if (c is '\r' or '\n') continue;
            length++;
            padding = c == '=' ? padding + 1 : 0;
        }
        return length / 4 * 3 - Math.Min(padding, 2);
    }

    private static SchemaViolation TooLong(YamlMapping body, string kind, string fields, long size)
    {
        // At data (where the bulk usually is), else at whichever field the object has.
        var field = body["data"] is not null ? "data" : body["binaryData"] is not null ? "binaryData" : "stringData";
        return new SchemaViolation(SchemaRules.ObjectSize,
            $"{field}: Too long: must have at most {MaxDataSize} bytes (this {kind}'s {fields} hold {size} bytes; a {kind} is limited to 1 MiB — mount a volume or split it)",
            ObjectPath.Of(field));
    }
}
