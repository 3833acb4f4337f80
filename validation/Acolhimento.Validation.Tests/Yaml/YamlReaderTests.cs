using Acolhimento.Validation.Yaml;
using Shouldly;

namespace Acolhimento.Validation.Tests.Yaml;

[Trait("Category", "Unit")]
public sealed class YamlReaderTests
{
    [Fact]
    public void Keeps_line_and_column_of_every_node()
    {
        var result = YamlReader.Read("a: 1\nb:\n  c: [x, y]\n");
        result.Problems.ShouldBeEmpty();
        var root = result.Documents.Single().Root.ShouldBeOfType<YamlMapping>();
        root.KeyNode("b")!.Start.ShouldBe(new Mark(2, 1));
        var c = root.At(ObjectPath.Of("b", "c", 1)).ShouldBeOfType<YamlScalar>();
        c.Value.ShouldBe("y");
        c.Start.ShouldBe(new Mark(3, 10));
    }

    [Fact]
    public void Reports_duplicate_key_at_the_second_occurrence()
    {
        var result = YamlReader.Read("metadata:\n  name: a\n  name: b\n");
        var problem = result.Problems.ShouldHaveSingleItem();
        problem.Rule.ShouldBe(YamlReader.DuplicateKey);
        problem.At.ShouldBe(new Mark(3, 3));
        problem.Message.ShouldContain("line 2");
    }

    [Fact]
    public void Reports_tab_indentation_at_the_tab_line()
    {
        var result = YamlReader.Read("a:\n  b: 1\n\tc: 2\n");
        var problem = result.Problems.ShouldHaveSingleItem();
        problem.Rule.ShouldBe(YamlReader.TabIndentation);
        problem.At.Line.ShouldBe(3);
    }

    [Fact]
    public void Tabs_inside_a_block_scalar_are_content_not_indentation()
    {
        var result = YamlReader.Read("a: |\n  x\n  \ty\n");
        result.Problems.ShouldBeEmpty();
        ((YamlMapping)result.Documents[0].Root!).String("a").ShouldBe("x\n\ty\n");
    }

    [Fact]
    public void Reports_syntax_error_with_position_and_keeps_earlier_documents()
    {
        var result = YamlReader.Read("a: 1\n---\nb: [1, 2\n");
        result.Documents.Count.ShouldBe(1);
        var problem = result.Problems.ShouldHaveSingleItem();
        problem.Rule.ShouldBe(YamlReader.SyntaxError);
        problem.At.Line.ShouldBeGreaterThanOrEqualTo(3);
        problem.Message.ShouldNotContain("(Line:");
    }

    [Fact(Timeout = 5000)]
    public async Task Billion_laughs_is_stopped_at_the_expansion_cap()
    {
        await Task.Yield();
        var yaml = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
        for (var level = 'b'; level <= 'i'; level++)
        {
            var previous = (char)(level - 1);
            yaml += $"{level}: &{level} [{string.Join(",", Enumerable.Repeat($"*{previous}", 9))}]\n";
        }
        var result = YamlReader.Read(yaml);
        result.Problems.ShouldHaveSingleItem().Rule.ShouldBe(YamlReader.AliasExpansion);
    }

    [Fact]
    public void Aliases_within_the_cap_are_shared_not_copied()
    {
        var result = YamlReader.Read("base: &b {x: 1}\nuse: *b\n");
        result.Problems.ShouldBeEmpty();
        var root = (YamlMapping)result.Documents[0].Root!;
        root["use"].ShouldBeSameAs(root["base"]);
    }

    [Fact(Timeout = 5000)]
    public async Task Deep_nesting_is_reported_not_overflowing_the_stack()
    {
        await Task.Yield();
        var yaml = new string('[', 100_000) + new string(']', 100_000);
        var result = YamlReader.Read(yaml);
        result.Problems.ShouldHaveSingleItem().Rule.ShouldBe(YamlReader.NestingTooDeep);
    }

    [Fact]
    public void Merge_keys_fill_missing_keys_only()
    {
        var result = YamlReader.Read("defaults: &d {a: 1, b: 2}\nitem:\n  <<: *d\n  b: 3\n");
        result.Problems.ShouldBeEmpty();
        var item = ((YamlMapping)result.Documents[0].Root!).Mapping("item")!;
        item.String("a").ShouldBe("1");
        item.String("b").ShouldBe("3");
    }

    [Fact]
    public void Unknown_alias_is_a_problem()
    {
        YamlReader.Read("a: *nothing\n").Problems.ShouldContain(p => p.Rule == YamlReader.UnknownAlias || p.Rule == YamlReader.SyntaxError);
    }

    [Fact]
    public void Complex_keys_are_reported()
    {
        YamlReader.Read("? [a, b]\n: 1\n").Problems.ShouldContain(p => p.Rule == YamlReader.NonScalarKey);
    }

    [Theory]
    [InlineData("yes", ScalarKind.Bool)]
    [InlineData("Off", ScalarKind.Bool)]
    [InlineData("~", ScalarKind.Null)]
    [InlineData("", ScalarKind.Null)]
    [InlineData("0x1F", ScalarKind.Int)]
    [InlineData("0x7FFFFFFFFFFFFFFF", ScalarKind.Int)]
    [InlineData("0xFFFFFFFFFFFFFFFF", ScalarKind.Float)] // beyond int64: a uint64 to go-yaml, a float64 once JSON is read back; never -1
    [InlineData("0777", ScalarKind.Int)]
    [InlineData("-12", ScalarKind.Int)]
    [InlineData("1.5e3", ScalarKind.Int)] // 1500 as JSON: an integer to the API server
    [InlineData("1.5e-3", ScalarKind.Float)]
    [InlineData(".inf", ScalarKind.Float)]
    [InlineData("500m", ScalarKind.String)]
    [InlineData("1.2.3", ScalarKind.String)]
    [InlineData("0800", ScalarKind.Int)] // not octal: go-yaml v2 reads the float 800, which JSON carries as 800
    [InlineData("1_000", ScalarKind.Int)]
    [InlineData("-0x_1F", ScalarKind.Int)]
    [InlineData("+0b1_01", ScalarKind.Int)]
    [InlineData("-0o17", ScalarKind.Int)]
    [InlineData("0o", ScalarKind.String)]
    [InlineData("0x", ScalarKind.String)]
    [InlineData("+", ScalarKind.String)]
    [InlineData("_", ScalarKind.String)] // nothing left once separators are dropped: a string, not a crash
    [InlineData("-_", ScalarKind.String)]
    [InlineData("1_0.5", ScalarKind.Float)]
    [InlineData("+.Inf", ScalarKind.Float)]
    [InlineData(".NaN", ScalarKind.Float)]
    [InlineData(".5", ScalarKind.Float)]
    [InlineData("e5", ScalarKind.String)]
    [InlineData("1e", ScalarKind.String)]
    [InlineData("١٢", ScalarKind.String)] // digits of other scripts are not YAML digits
    [InlineData("FALSE", ScalarKind.Bool)]
    [InlineData("falsey", ScalarKind.String)]
    [InlineData("Null", ScalarKind.Null)]
    [InlineData("nulls", ScalarKind.String)]
    public void Plain_scalars_resolve_like_the_kubernetes_decoder(string value, ScalarKind expected) =>
        ScalarResolution.ResolvePlain(value).ShouldBe(expected);

    [Fact]
    public void Integers_and_floats_with_separators_far_beyond_a_short_scalar_resolve_alike()
    {
        var separators = new string('_', 300);
        ScalarResolution.TryParseInt("1" + separators + "2", out var value).ShouldBeTrue();
        value.ShouldBe(12);
        ScalarResolution.ResolvePlain("1" + separators + ".5").ShouldBe(ScalarKind.Float);
        ScalarResolution.ResolvePlain("x" + separators).ShouldBe(ScalarKind.String);
    }

    [Fact]
    public void Quoted_scalars_are_strings()
    {
        var root = (YamlMapping)YamlReader.Read("a: \"1\"\nb: 'true'\nc: !!str 3\n").Documents[0].Root!;
        root["a"].ShouldBeOfType<YamlScalar>().Kind.ShouldBe(ScalarKind.String);
        root["b"].ShouldBeOfType<YamlScalar>().Kind.ShouldBe(ScalarKind.String);
        root["c"].ShouldBeOfType<TaggedYamlScalar>().Kind.ShouldBe(ScalarKind.String);
    }

    [Fact]
    public void Writer_round_trips_types()
    {
        var original = YamlReader.Read("a: \"1\"\nb: 2\nc: [x, \"yes\", null]\nd: |\n  multi\n  line\ne: {}\n").Documents[0].Root!;
        var written = YamlWriter.Write(original);
        var reread = YamlReader.Read(written).Documents.Single().Root!;
        reread.ToJsonString().ShouldBe(original.ToJsonString());
    }

    [Fact]
    public void Writer_replaces_half_surrogates_instead_of_failing()
    {
        // Files are strict UTF-8, so this only happens to text built in memory; the writer must still not throw.
        var root = YamlMapping.Build(default, [new(YamlNodes.Scalar("k\ud800"), YamlNodes.Scalar("v\udc00x"))]);
        var written = YamlWriter.Write(root);
        var reread = (YamlMapping)YamlReader.Read(written).Documents.Single().Root!;
        reread.Entries.Single().Key.Value.ShouldBe("k\uFFFD");
        reread.Entries.Single().Value.ShouldBeOfType<YamlScalar>().Value.ShouldBe("v\uFFFDx");
    }
}
