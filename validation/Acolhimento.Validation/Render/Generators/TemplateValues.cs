using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Acolhimento.Validation.Render.Generators;

/// <summary>How Go prints, compares and tests parameter values (string, long, double, bool, null, lists, string-keyed maps).</summary>
internal static class TemplateValues
{
    /// <summary>Go's <c>%v</c>: maps as <c>map[k:v]</c> with sorted keys, lists as <c>[a b]</c>, nil as <c>&lt;no value&gt;</c> at the top level.</summary>
    public static string Print(object? value) => value is null ? GoTemplate.NoValue : Format(value);

    private static string Format(object? value) => value switch
    {
        null => "<nil>",
        string s => s,
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        double d => FormatDouble(d),
        IReadOnlyDictionary<string, object?> map => "map[" + string.Join(" ", map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}:{Format(p.Value)}")) + "]",
        IReadOnlyList<object?> list => "[" + string.Join(" ", list.Select(Format)) + "]",
        _ => value.ToString() ?? "",
    };

    private static string FormatDouble(double d) =>
        d == Math.Floor(d) && Math.Abs(d) < 1e21 ? d.ToString("0", CultureInfo.InvariantCulture) : d.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Go templates' truth: false, 0, nil and empty strings, lists and maps are false.</summary>
    public static bool Truthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        string s => s.Length > 0,
        long l => l != 0,
        int i => i != 0,
        double d => d != 0,
        IReadOnlyDictionary<string, object?> m => m.Count > 0,
        IReadOnlyList<object?> l => l.Count > 0,
        _ => true,
    };

    public static string TypeName(object? value) => value switch
    {
        null => "nil",
        string => "string",
        bool => "bool",
        long or int => "int",
        double => "float64",
        IReadOnlyDictionary<string, object?> => "map",
        IReadOnlyList<object?> => "list",
        _ => value.GetType().Name,
    };

    /// <summary>JSON as Go's encoding/json writes it (sorted map keys), for <c>toJson</c>.</summary>
    public static string Json(object? value, bool indented = false)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(writer, value);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case long l: writer.WriteNumberValue(l); break;
            case int i: writer.WriteNumberValue(i); break;
            case double d: writer.WriteNumberValue(d); break;
            case IReadOnlyDictionary<string, object?> map:
                writer.WriteStartObject();
                foreach (var (k, v) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(k);
                    Write(writer, v);
                }
                writer.WriteEndObject();
                break;
            case IReadOnlyList<object?> list:
                writer.WriteStartArray();
                foreach (var item in list) Write(writer, item);
                writer.WriteEndArray();
                break;
            default: writer.WriteStringValue(value.ToString()); break;
        }
    }

    /// <summary>Equality as Go's <c>eq</c> sees it for basic types (integers and floats compare by value).</summary>
    public static bool Equal(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (long x, double y) => x == y,
        (double x, long y) => x == y,
        (IReadOnlyList<object?>, _) or (_, IReadOnlyList<object?>) or (IReadOnlyDictionary<string, object?>, _) or (_, IReadOnlyDictionary<string, object?>)
            => throw new TemplateException("eq: lists and maps are not comparable"),
        _ => Equals(a, b),
    };

    public static double Number(object? value, string function) => value switch
    {
        long l => l,
        int i => i,
        double d => d,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => throw new TemplateException($"{function}: {Print(value)} is not a number"),
    };

    public static long Integer(object? value) => value switch
    {
        long l => l,
        int i => i,
        double d => (long)d,
        bool b => b ? 1 : 0,
        string s when long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => l,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => (long)d,
        _ => 0,
    };
}
