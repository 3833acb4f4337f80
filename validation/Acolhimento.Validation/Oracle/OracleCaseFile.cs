using System.IO.Compression;
using System.Text.Json;
using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Oracle;

/// <summary>
/// Reads an oracle cases file: JSON lines, gzip-compressed when the name ends in <c>.gz</c>. A line that is not a case
/// of this format stops the reading with its line number (the comparison cannot be made on a damaged file).
/// </summary>
public static class OracleCaseFile
{
    /// <summary>Longest line read (a case is one object of a few kilobytes; the cap keeps a hostile file from exhausting memory).</summary>
    public const int MaxLineLength = 4 * 1024 * 1024;

    public static IReadOnlyList<OracleCase> Read(string path)
    {
        if (!File.Exists(path)) throw new CannotValidateException($"oracle cases file {path} does not exist");
        try
        {
            using var file = File.OpenRead(path);
            using var content = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
            using var reader = new StreamReader(content);
            return Read(reader, path);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new CannotValidateException($"cannot read oracle cases file {path}: {ex.Message}");
        }
    }

    public static IReadOnlyList<OracleCase> Read(TextReader reader, string path)
    {
        var cases = new List<OracleCase>();
        var lineNumber = 0;
        while (ReadLine(reader, path, lineNumber + 1) is { } line)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            try
            {
                using var document = JsonDocument.Parse(line);
                cases.Add(Parse(document.RootElement));
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
            {
                throw new CannotValidateException($"{path}:{lineNumber}: not an oracle case: {ex.Message}");
            }
        }
        return cases;
    }

    private static string? ReadLine(TextReader reader, string path, int lineNumber)
    {
        var line = new System.Text.StringBuilder();
        while (true)
        {
            var c = reader.Read();
            if (c < 0) return line.Length == 0 ? null : line.ToString();
            if (c == '\n') return line.ToString();
            if (line.Length >= MaxLineLength) throw new CannotValidateException($"{path}:{lineNumber}: line longer than {MaxLineLength} characters");
            line.Append((char)c);
        }
    }

    private static OracleCase Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new FormatException("a line must be a JSON object");
        var mutation = root.GetProperty("mutation");
        var manifest = root.GetProperty("manifest");
        if (manifest.ValueKind != JsonValueKind.Object) throw new FormatException("\"manifest\" must be an object");
        var verdict = RequiredString(root, "verdict");
        if (verdict is not ("accepted" or "rejected")) throw new FormatException($"\"verdict\" must be accepted or rejected, not \"{verdict}\"");
        return new OracleCase(
            RequiredString(root, "id"),
            OptionalString(root, "source") ?? "",
            RequiredString(root, "object"),
            new OracleMutation(OptionalString(mutation, "pointer"), RequiredString(mutation, "op"),
                mutation.TryGetProperty("value", out var value) && value.ValueKind != JsonValueKind.Null ? value.GetRawText() : null),
            manifest.GetRawText(),
            verdict == "rejected",
            root.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Number ? code.GetInt32() : null,
            OptionalString(root, "reason"),
            OptionalString(root, "message"),
            Array(root, "causes").Select(c => new OracleCause(OptionalString(c, "field"), OptionalString(c, "reason"), OptionalString(c, "message"))).ToList(),
            Array(root, "warnings").Select(w => w.ValueKind == JsonValueKind.String ? w.GetString()! : w.GetRawText()).ToList());
    }

    private static string RequiredString(JsonElement element, string name) =>
        OptionalString(element, name) ?? throw new FormatException($"\"{name}\" must be a string");

    private static string? OptionalString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static IEnumerable<JsonElement> Array(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : [];
}
