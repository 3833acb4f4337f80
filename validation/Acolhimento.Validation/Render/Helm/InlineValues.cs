using System.Text;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render.Helm;

/// <summary>
/// The inline values Argo CD writes to a temporary file for Helm: <c>valuesObject</c>, which wins, else the
/// <c>values</c> text (its <c>ValuesIsEmpty</c> decides whether there are any). A <c>valuesObject</c>'s YAML text is
/// written only when it is used — Helm runs (a cache miss), or a template action in it is scanned — since YamlDotNet's
/// emitter costs tens of milliseconds on every warm run; the cache key stands for the object by a canonical form that
/// differs whenever the text would (every key, scalar kind and value, and the nesting).
/// </summary>
internal sealed class InlineValues
{
    private readonly YamlNode? _object;
    private readonly Lazy<string> _text;

    private InlineValues(string text)
    {
        _text = new(text);
        Key = "values\n" + text;
    }

    private InlineValues(YamlNode valuesObject)
    {
        _object = valuesObject;
        _text = new(() => YamlWriter.Write(valuesObject));
        Key = "valuesObject\n" + Canonical(valuesObject);
    }

    /// <summary>The helm block's inline values, or null when Argo CD has none to write.</summary>
    public static InlineValues? Of(HelmSourceOptions options) =>
        options.ValuesObject is { } o && o is not YamlScalar { IsNull: true } ? new(o)
        : options.Values is { Length: > 0 } text ? new(text)
        : null;

    /// <summary>What Helm reads from the temporary file.</summary>
    public string Text => _text.Value;

    /// <summary>Stands for <see cref="Text"/> in a cache key: equal keys, equal texts.</summary>
    public string Key { get; }

    /// <summary>False when the text holds no template action (<c>{{</c>), so that a scan of it finds nothing: YAML syntax never writes one, only a key or scalar can.</summary>
    public bool MayHoldAction => _object is null ? Text.Contains("{{", StringComparison.Ordinal) : Scalars(_object).Any(s => s.Contains("{{", StringComparison.Ordinal));

    /// <summary>Pre-order, each collection with its length and each scalar with its kind and length: no two trees share one.</summary>
    private static string Canonical(YamlNode root)
    {
        var text = new StringBuilder();
        var work = new Stack<YamlNode>();
        work.Push(root);
        while (work.Count > 0)
        {
            switch (work.Pop())
            {
                case YamlMapping mapping:
                    text.Append('M').Append(mapping.Entries.Count).Append(';');
                    for (var i = mapping.Entries.Count - 1; i >= 0; i--)
                    {
                        work.Push(mapping.Entries[i].Value);
                        work.Push(mapping.Entries[i].Key);
                    }
                    break;
                case YamlSequence sequence:
                    text.Append('S').Append(sequence.Items.Count).Append(';');
                    for (var i = sequence.Items.Count - 1; i >= 0; i--) work.Push(sequence.Items[i]);
                    break;
                case YamlScalar scalar:
                    text.Append('V').Append((int)scalar.Kind).Append(':').Append(scalar.Value.Length).Append(':').Append(scalar.Value);
                    break;
            }
        }
        return text.ToString();
    }

    /// <summary>Every key and scalar value below <paramref name="root"/>.</summary>
    private static IEnumerable<string> Scalars(YamlNode root)
    {
        var work = new Stack<YamlNode>();
        work.Push(root);
        while (work.Count > 0)
        {
            switch (work.Pop())
            {
                case YamlMapping mapping:
                    foreach (var (key, value) in mapping.Entries)
                    {
                        yield return key.Value;
                        work.Push(value);
                    }
                    break;
                case YamlSequence sequence:
                    foreach (var item in sequence.Items) work.Push(item);
                    break;
                case YamlScalar scalar:
                    yield return scalar.Value;
                    break;
            }
        }
    }
}
