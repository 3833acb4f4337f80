using Acolhimento.Validation.Render.Helm;
using Acolhimento.Validation.Yaml;
using Shouldly;

namespace Acolhimento.Validation.Tests.Render;

/// <summary>
/// A valuesObject's YAML text is written only when used, and its cache key stands for it: equal keys only for equal
/// texts (else a changed valuesObject would reuse a stale render), and no action in the text that the object does not show.
/// </summary>
[Trait("Category", "Unit")]
public sealed class InlineValuesTests
{
    private static readonly string[] Texts = ["a", "b", "1", "01", "1.0", "true", "True", "null", "~", "", " ", "{", "}", "{{", "{{ .Values.x }}", "}}{{", "a: b", "- x", "x\ny", "\"q\"", "it's", "#c"];

    private static InlineValues Of(string helm) =>
        HelmSourceOptions.Read((YamlMapping)YamlReader.Read(helm).Documents[0].Root!, ObjectPath.Of("helm")).Options.Inline.ShouldNotBeNull();

    private static YamlNode Tree(Random random, int depth)
    {
        var style = random.Next(3) switch { 0 => ScalarStyle.Plain, 1 => ScalarStyle.DoubleQuoted, _ => ScalarStyle.SingleQuoted };
        YamlScalar Scalar() => new(default, Texts[random.Next(Texts.Length)], style);
        return (depth == 0 ? 0 : random.Next(3)) switch
        {
            0 => Scalar(),
            1 => YamlNodes.Sequence(Enumerable.Range(0, random.Next(3)).Select(_ => Tree(random, depth - 1))),
            _ => new YamlMapping(default, Enumerable.Range(0, random.Next(3))
                .Select(i => KeyValuePair.Create(new YamlScalar(default, Texts[random.Next(Texts.Length)] + i, ScalarStyle.Plain), Tree(random, depth - 1))).ToList(), 1),
        };
    }

    [Fact]
    public void Equal_keys_only_for_equal_texts_and_no_action_the_object_does_not_show()
    {
        var random = new Random(21);
        var trees = Enumerable.Range(0, 600).Select(_ => new YamlMapping(default, [KeyValuePair.Create(new YamlScalar(default, "v", ScalarStyle.Plain), Tree(random, 3))], 1)).ToList();
        var byKey = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tree in trees)
        {
            var values = InlineValues.Of(HelmSourceOptions.None with { ValuesObject = tree }).ShouldNotBeNull();
            var text = YamlWriter.Write(tree);
            values.Text.ShouldBe(text);
            if (byKey.TryGetValue(values.Key, out var earlier)) earlier.ShouldBe(text, "two valuesObjects with one cache key must write the same text");
            byKey[values.Key] = text;
            if (!values.MayHoldAction) text.ShouldNotContain("{{");
        }
        byKey.Count.ShouldBeGreaterThan(200, "the generated trees differ, so the property is tried on many");
    }

    [Fact]
    public void A_changed_value_changes_the_key_and_text_never_shares_a_key_with_an_object()
    {
        Of("valuesObject:\n  replicas: 2\n").Key.ShouldBe(Of("valuesObject: {replicas: 2}\n").Key);
        Of("valuesObject:\n  replicas: 2\n").Key.ShouldNotBe(Of("valuesObject:\n  replicas: 3\n").Key);
        Of("valuesObject:\n  replicas: 2\n").Key.ShouldNotBe(Of("valuesObject:\n  replicas: \"2\"\n").Key);
        Of("valuesObject:\n  a: {b: c}\n").Key.ShouldNotBe(Of("valuesObject:\n  a: [b, c]\n").Key);
        var text = Of("values: \"replicas: 2\"\n");
        text.Key.ShouldNotBe(Of("valuesObject:\n  replicas: 2\n").Key);
        text.Text.ShouldBe("replicas: 2");
        text.MayHoldAction.ShouldBeFalse();
        Of("values: \"a: '{{ now }}'\"\n").MayHoldAction.ShouldBeTrue();
        Of("valuesObject:\n  a: '{{ now }}'\n").MayHoldAction.ShouldBeTrue();
    }
}
