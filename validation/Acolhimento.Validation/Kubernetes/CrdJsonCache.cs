using System.Security.Cryptography;
using System.Text.Json;

namespace Acolhimento.Validation.Kubernetes;

/// <summary>
/// The schema data's CRD files as JSON, kept in the user cache under the SHA-256 of the file they were read from. A CRD
/// file is several hundred KB of YAML whose reading (with positions) and conversion to JSON cost more than validating
/// thousands of objects; the JSON of the same bytes is read in a fraction of that. Derived data only: an entry is found
/// by the content it came from, so an edited or replaced file is simply another key; an entry that cannot be read
/// (truncated, edited, another format) is a miss, and the YAML is read again and the entry rewritten.
/// </summary>
internal sealed class CrdJsonCache(string directory)
{
    // Bumped whenever what an entry holds, or how CRD YAML becomes a definition, changes.
    private const string Format = "crd-json-v1";

    public static string KeyOf(ReadOnlySpan<byte> fileBytes) => Convert.ToHexStringLower(SHA256.HashData(fileBytes));

    /// <summary>The definitions cached for the file with this key; null on a miss or an unreadable entry.</summary>
    public IReadOnlyList<CustomResourceDefinition>? TryRead(string key, string source)
    {
        var path = PathOf(key);
        try
        {
            if (!File.Exists(path)) return null;
            // Not disposed: the versions' schema elements live in this document until they are compiled.
            var document = JsonDocument.Parse(File.ReadAllBytes(path));
            if (document.RootElement.GetProperty("format").GetString() != Format) return null;
            var definitions = new List<CustomResourceDefinition>();
            foreach (var item in document.RootElement.GetProperty("definitions").EnumerateArray())
            {
                var versions = new List<CustomResourceVersion>();
                foreach (var version in item.GetProperty("versions").EnumerateArray())
                {
                    var schema = version.GetProperty("schema");
                    versions.Add(CustomResourceVersion.FromJson(
                        Text(version, "name"),
                        version.GetProperty("served").GetBoolean(),
                        version.GetProperty("deprecated").GetBoolean(),
                        version.GetProperty("deprecationWarning").GetString(),
                        schema.ValueKind == JsonValueKind.Null ? null : schema));
                }
                definitions.Add(new CustomResourceDefinition(Text(item, "group"), Text(item, "kind"), Text(item, "scope"), versions, source));
            }
            return definitions;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>A property that must be a string; anything else makes the entry unreadable.</summary>
    private static string Text(JsonElement element, string property) =>
        element.GetProperty(property).GetString() ?? throw new JsonException($"{property} is null");

    /// <summary>Stores the definitions read from the file with this key; a cache that cannot be written is only slower.</summary>
    public void Write(string key, IReadOnlyList<CustomResourceDefinition> definitions)
    {
        var path = PathOf(key);
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using (var stream = File.Create(temporary))
            using (var writer = new Utf8JsonWriter(stream))
            {
                writer.WriteStartObject();
                writer.WriteString("format", Format);
                writer.WriteStartArray("definitions");
                foreach (var definition in definitions)
                {
                    writer.WriteStartObject();
                    writer.WriteString("group", definition.Group);
                    writer.WriteString("kind", definition.Kind);
                    writer.WriteString("scope", definition.Scope);
                    writer.WriteStartArray("versions");
                    foreach (var version in definition.Versions)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("name", version.Name);
                        writer.WriteBoolean("served", version.Served);
                        writer.WriteBoolean("deprecated", version.Deprecated);
                        writer.WriteString("deprecationWarning", version.DeprecationWarning);
                        writer.WritePropertyName("schema");
                        if (version.SchemaJson() is { } schema) writer.WriteRawValue(schema);
                        else writer.WriteNullValue();
                        writer.WriteEndObject();
                    }
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            // Readers see the old entry or the whole new one, never a half-written file.
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Delete(temporary);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // Nothing more to do: the entry was not written.
            }
        }
    }

    private string PathOf(string key) => Path.Combine(directory, Format, key + ".json");
}
