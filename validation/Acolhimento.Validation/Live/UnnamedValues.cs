using Acolhimento.Validation.Schema;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Live;

/// <summary>
/// Finds the value a decoder refused without naming its field (<see cref="ValueSearch"/>): the first one, in source order,
/// that breaks the decoder's rule — a key written twice in one mapping, or, where the kind's schema says a field holds a
/// resource quantity or base64 bytes, a value that is not one. Null when nothing in the object fits (or, for the typed
/// searches, no schema is known): the finding then stays at the object.
/// </summary>
internal static class UnnamedValues
{
    public static ObjectPath? Find(ValueSearch search, YamlMapping body, SchemaNode? schema) => search.Kind switch
    {
        // The parser keeps a key's first definition (and reports the second), so the body may hold it once: the first mapping that has it.
        ValueSearchKind.DuplicateKey => KeyPath(body, search.Key ?? "", ObjectPath.Root, twice: true) ?? KeyPath(body, search.Key ?? "", ObjectPath.Root, twice: false),
        ValueSearchKind.Quantity when schema is not null => Typed(body, schema, ObjectPath.Root, s => s.IsQuantity, v => Quantity.IsValid(v)),
        ValueSearchKind.Base64 when schema is not null => Typed(body, schema, ObjectPath.Root, s => s.Format == "byte", IsBase64),
        _ => null,
    };

    private static ObjectPath? KeyPath(YamlNode node, string key, ObjectPath at, bool twice)
    {
        switch (node)
        {
            case YamlMapping mapping:
                if (mapping.Entries.Count(e => e.Key.Value == key) > (twice ? 1 : 0)) return at.Key(key);
                foreach (var entry in mapping.Entries)
                {
                    if (KeyPath(entry.Value, key, at.Key(entry.Key.Value), twice) is { } found) return found;
                }
                return null;
            case YamlSequence sequence:
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    if (KeyPath(sequence.Items[i], key, at.Index(i), twice) is { } found) return found;
                }
                return null;
            default:
                return null;
        }
    }

    private static ObjectPath? Typed(YamlNode node, SchemaNode schema, ObjectPath at, Func<SchemaNode, bool> typed, Func<string, bool> valid)
    {
        switch (node)
        {
            case YamlScalar scalar:
                // A number is a valid quantity; only text can break the grammar.
                return typed(schema) && scalar is { IsNull: false, Kind: ScalarKind.String } && !valid(scalar.Value) ? at : null;
            case YamlMapping mapping:
                foreach (var entry in mapping.Entries)
                {
                    if ((schema.Property(entry.Key.Value) ?? schema.AdditionalProperties) is { } child
                        && Typed(entry.Value, child, at.Key(entry.Key.Value), typed, valid) is { } found) return found;
                }
                return null;
            case YamlSequence sequence when schema.Items is { } items:
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    if (Typed(sequence.Items[i], items, at.Index(i), typed, valid) is { } found) return found;
                }
                return null;
            default:
                return null;
        }
    }

    /// <summary>Go's <c>base64.StdEncoding</c>: padded, standard alphabet (line breaks are skipped, as Go's decoder skips them).</summary>
    private static bool IsBase64(string text)
    {
        var compact = text.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal);
        return compact.Length % 4 == 0 && compact.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=')
            && Convert.TryFromBase64String(compact, new byte[compact.Length], out _);
    }
}
