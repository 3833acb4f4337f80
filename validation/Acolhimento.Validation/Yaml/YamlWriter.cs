using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using CoreScalarStyle = YamlDotNet.Core.ScalarStyle;

namespace Acolhimento.Validation.Yaml;

/// <summary>Writes nodes back to YAML, keeping each scalar's JSON type (strings that look like numbers stay quoted).</summary>
public static class YamlWriter
{
    public static string Write(IEnumerable<YamlNode> documents)
    {
        var writer = new StringWriter();
        var emitter = new Emitter(writer, new EmitterSettings().WithBestIndent(2).WithBestWidth(int.MaxValue));
        emitter.Emit(new StreamStart());
        foreach (var document in documents)
        {
            emitter.Emit(new DocumentStart(null, null, isImplicit: false));
            Emit(emitter, document);
            emitter.Emit(new DocumentEnd(isImplicit: true));
        }
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    public static string Write(YamlNode document) => Write([document]);

    private static void Emit(IEmitter emitter, YamlNode node)
    {
        // Explicit stack: the reader bounds depth, but the writer must not rely on the call stack either.
        var work = new Stack<object>();
        work.Push(node);
        while (work.Count > 0)
        {
            switch (work.Pop())
            {
                case ParsingEvent e:
                    emitter.Emit(e);
                    break;
                case YamlMapping m:
                    emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, MappingStyle.Block));
                    work.Push(new MappingEnd());
                    for (var i = m.Entries.Count - 1; i >= 0; i--)
                    {
                        work.Push(m.Entries[i].Value);
                        var key = WithoutLoneSurrogates(m.Entries[i].Key.Value);
                        work.Push(new Scalar(AnchorName.Empty, TagName.Empty, key, KeyStyle(key), true, true));
                    }
                    break;
                case YamlSequence s:
                    emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, SequenceStyle.Block));
                    work.Push(new SequenceEnd());
                    for (var i = s.Items.Count - 1; i >= 0; i--) work.Push(s.Items[i]);
                    break;
                case YamlScalar s:
                    emitter.Emit(ToEvent(s));
                    break;
            }
        }
    }

    private static CoreScalarStyle KeyStyle(string key) =>
        ScalarResolution.ResolvePlain(key) == ScalarKind.String && IsPlainSafe(key) ? CoreScalarStyle.Plain : CoreScalarStyle.DoubleQuoted;

    private static Scalar ToEvent(YamlScalar s)
    {
        var kind = s.Kind;
        if (WithoutLoneSurrogates(s.Value) is var clean && !ReferenceEquals(clean, s.Value)) s = new YamlScalar(s.Start, clean, ScalarStyle.DoubleQuoted);
        if (kind == ScalarKind.String)
        {
            var style = s.Value.Contains('\n') ? CoreScalarStyle.Literal
                : ScalarResolution.ResolvePlain(s.Value) == ScalarKind.String && IsPlainSafe(s.Value) ? CoreScalarStyle.Plain
                : CoreScalarStyle.DoubleQuoted;
            if (style == CoreScalarStyle.Literal && (s.Value.Contains("\t", StringComparison.Ordinal) || s.Value.Split('\n').Any(l => l.EndsWith(' '))))
                style = CoreScalarStyle.DoubleQuoted; // literal blocks cannot keep trailing spaces faithfully
            return new Scalar(AnchorName.Empty, TagName.Empty, s.Value, style, true, true);
        }
        var text = kind == ScalarKind.Null ? "null" : s.Value;
        return new Scalar(AnchorName.Empty, TagName.Empty, text, CoreScalarStyle.Plain, true, false);
    }

    /// <summary>
    /// Text built in memory may hold half a UTF-16 pair, which no UTF-8 output can hold; it is written as U+FFFD,
    /// as Go's encoder does. Returns the same instance when there is nothing to replace.
    /// </summary>
    private static string WithoutLoneSurrogates(string value)
    {
        char[]? chars = null;
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) i++;
            else if (char.IsSurrogate(value[i])) (chars ??= value.ToCharArray())[i] = '\uFFFD';
        }
        return chars is null ? value : new string(chars);
    }

    private static bool IsPlainSafe(string value) =>
        value.Length > 0
        && !char.IsWhiteSpace(value[0]) && !char.IsWhiteSpace(value[^1])
        && "-?:,[]{}#&*!|>'\"%@`".IndexOf(value[0]) < 0
        && !value.Contains(": ", StringComparison.Ordinal) && !value.Contains(" #", StringComparison.Ordinal)
        && !value.EndsWith(':')
        && value.All(c => c >= ' ' && c != '\u007f');
}
