using System.Globalization;
using Acolhimento.Validation.Schema.Cel;
using Shouldly;
using static Acolhimento.Validation.Tests.Schema.Cel.CelTestSupport;

namespace Acolhimento.Validation.Tests.Schema.Cel;

/// <summary>
/// The core language against the CEL specification (google/cel-spec <c>doc/langdef.md</c>) and its conformance
/// tests (<c>tests/simple/testdata</c>: basic, integer_math, fp_math, string, logic, comparisons, lists, macros,
/// conversions): each case is an expression and the value the specification gives it; "error: …" is an error value
/// with that message.
/// </summary>
[Trait("Category", "Unit")]
public sealed class CelLanguageTests
{
    public static string Show(object value) => value switch
    {
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        ulong u => u.ToString(CultureInfo.InvariantCulture) + "u",
        double d => d.ToString("R", CultureInfo.InvariantCulture) + "d",
        string s => "\"" + s + "\"",
        CelError e => "error: " + e.Message,
        CelNull => "null",
        CelList l => "[" + string.Join(", ", l.Items().Select(Show)) + "]",
        CelMap m => "{" + string.Join(", ", m.Keys.Select(k => Show(k) + ": " + (m.TryGet(k, out var v) ? Show(v) : "?"))) + "}",
        CelType t => "type:" + t.Name,
        CelOptional o => o.HasValue ? "optional(" + Show(o.Value!) + ")" : "optional.none",
        _ => value.ToString() ?? "",
    };

    [Theory]
    // literals (basic.textproto: self_eval_*)
    [InlineData("0", "0")]
    [InlineData("-9223372036854775808", "-9223372036854775808")]
    [InlineData("0x1F", "31")]
    [InlineData("123u", "123u")]
    [InlineData("1.5e2", "150d")]
    [InlineData(".5", "0.5d")]
    [InlineData("'a\\tb'", "\"a\tb\"")]
    [InlineData("r'a\\tb'", "\"a\\tb\"")]
    [InlineData("'''multi\nline'''", "\"multi\nline\"")]
    [InlineData("\"\\u00e9\\x41\\101\"", "\"éAA\"")]
    [InlineData("null", "null")]
    [InlineData("[1, 'a', true]", "[1, \"a\", true]")]
    [InlineData("{'k': 1, 2: 'v'}", "{\"k\": 1, 2: \"v\"}")]
    // precedence and associativity
    [InlineData("1 + 2 * 3", "7")]
    [InlineData("(1 + 2) * 3", "9")]
    [InlineData("10 - 4 - 3", "3")]
    [InlineData("2 * 3 % 4", "2")]
    [InlineData("!true || true", "true")]
    [InlineData("true || false && false", "true")]
    [InlineData("1 < 2 == true", "true")]
    [InlineData("false ? 1 : true ? 2 : 3", "2")]
    [InlineData("-(-5)", "5")]
    [InlineData("!!true", "true")]
    // integer math (integer_math.textproto)
    [InlineData("7 / 2", "3")]
    [InlineData("-7 / 2", "-3")]
    [InlineData("-7 % 2", "-1")]
    [InlineData("1 / 0", "error: division by zero")]
    [InlineData("1 % 0", "error: modulus by zero")]
    [InlineData("9223372036854775807 + 1", "error: integer overflow")]
    [InlineData("-9223372036854775808 - 1", "error: integer overflow")]
    [InlineData("-9223372036854775808 / -1", "error: integer overflow")]
    [InlineData("4611686018427387904 * 2", "error: integer overflow")]
    [InlineData("-(-9223372036854775808)", "error: integer overflow")]
    [InlineData("0u - 1u", "error: unsigned integer overflow")]
    [InlineData("18446744073709551615u + 1u", "error: unsigned integer overflow")]
    [InlineData("1 + 1u", "error: no such overload: _+_(int, uint)")]
    [InlineData("1 + 1.0", "error: no such overload: _+_(int, double)")]
    // floating point (fp_math.textproto)
    [InlineData("1.0 / 0.0", "∞d")]
    [InlineData("0.1 + 0.2", "0.30000000000000004d")]
    [InlineData("-0.0 == 0.0", "true")]
    [InlineData("double('NaN') == double('NaN')", "false")]
    [InlineData("double('NaN') < 1.0", "false")]
    // heterogeneous numeric equality and ordering (comparisons.textproto)
    [InlineData("1 == 1.0", "true")]
    [InlineData("1u == 1", "true")]
    [InlineData("1 < 1.5", "true")]
    [InlineData("2u > -1", "true")]
    [InlineData("'a' == 1", "false")]
    [InlineData("[1, 2] == [1, 2.0]", "true")]
    [InlineData("{'a': 1} == {'a': 1u}", "true")]
    [InlineData("null == null", "true")]
    [InlineData("'abc' < 'abd'", "true")]
    [InlineData("b'a' < b'b'", "true")]
    [InlineData("false < true", "true")]
    [InlineData("'a' < 1", "error: no such overload: _<_(string, int)")]
    // logic: commutative error absorption (logic.textproto)
    [InlineData("false && (1/0 > 0)", "false")]
    [InlineData("(1/0 > 0) && false", "false")]
    [InlineData("true || (1/0 > 0)", "true")]
    [InlineData("(1/0 > 0) || true", "true")]
    [InlineData("true && (1/0 > 0)", "error: division by zero")]
    [InlineData("(1/0 > 0) || false", "error: division by zero")]
    [InlineData("1/0 > 0 ? 1 : 2", "error: division by zero")]
    [InlineData("'x' ? 1 : 2", "error: no such overload: _?_:_(string)")]
    [InlineData("true ? 1 : 1/0", "1")]
    // in, index, size
    [InlineData("2 in [1, 2, 3]", "true")]
    [InlineData("'b' in {'a': 1}", "false")]
    [InlineData("'a' in {'a': 1}", "true")]
    [InlineData("[1, 2, 3][1]", "2")]
    [InlineData("[1, 2, 3][3]", "error: index out of bounds: 3")]
    [InlineData("{'a': 1}['b']", "error: no such key: b")]
    [InlineData("{'a': 1}.b", "error: no such key: b")]
    [InlineData("{'a': {'b': 2}}.a.b", "2")]
    [InlineData("size('héllo')", "5")]
    [InlineData("'héllo'.size()", "5")]
    [InlineData("size(b'\\xff\\x00')", "2")]
    [InlineData("size([1, 2])", "2")]
    [InlineData("size({'a': 1})", "1")]
    [InlineData("size(1)", "error: no such overload: size(int)")]
    [InlineData("{'a': 1, 'a': 2}", "error: Failed with repeated key: a")]
    // has() on maps (macros: has)
    [InlineData("has({'a': 1}.a)", "true")]
    [InlineData("has({'a': 1}.b)", "false")]
    [InlineData("has({'a': null}.a)", "true")]
    // conversions (conversions.textproto)
    [InlineData("int('-42')", "-42")]
    [InlineData("int(3.9)", "3")]
    [InlineData("int(-3.9)", "-3")]
    [InlineData("int(9223372036854775807.0)", "error: integer overflow")]
    [InlineData("int(18446744073709551615u)", "error: integer overflow")]
    [InlineData("uint(-1)", "error: unsigned integer overflow")]
    [InlineData("int('x')", "error: cannot convert \"x\" to int")]
    [InlineData("double('1.5')", "1.5d")]
    [InlineData("string(1.5)", "\"1.5\"")]
    [InlineData("string(true)", "\"true\"")]
    [InlineData("string(123u)", "\"123\"")]
    [InlineData("string(b'abc')", "\"abc\"")]
    [InlineData("bool('true')", "true")]
    [InlineData("type(1) == int", "true")]
    [InlineData("type('a') == string", "true")]
    [InlineData("type([]) == list", "true")]
    [InlineData("dyn(1) == 1", "true")]
    // string concatenation
    [InlineData("'ab' + 'cd'", "\"abcd\"")]
    [InlineData("[1] + [2, 3]", "[1, 2, 3]")]
    public void Expression_evaluates_as_the_specification_says(string expression, string expected) =>
        Show(Eval(expression)).ShouldBe(expected.Replace("∞", double.PositiveInfinity.ToString("R", CultureInfo.InvariantCulture)), expression);

    [Theory]
    // macros (macros.textproto): all, exists, exists_one, map, filter, over lists and map keys
    [InlineData("[1, 2].all(x, x > 0)", "true")]
    [InlineData("[1, -2].all(x, x > 0)", "false")]
    [InlineData("[].all(x, x > 0)", "true")]
    [InlineData("[1, 2].exists(x, x > 1)", "true")]
    [InlineData("[].exists(x, x > 1)", "false")]
    [InlineData("[1, 2, 3].exists_one(x, x > 2)", "true")]
    [InlineData("[1, 2, 3].exists_one(x, x > 1)", "false")]
    [InlineData("[1, 2, 3].map(x, x * 2)", "[2, 4, 6]")]
    [InlineData("[1, 2, 3].map(x, x > 1, x * 10)", "[20, 30]")]
    [InlineData("[1, 2, 3].filter(x, x != 2)", "[1, 3]")]
    [InlineData("{'a': 1, 'b': 2}.all(k, k in ['a', 'b'])", "true")]
    [InlineData("{'a': 1, 'b': 2}.map(k, k + k)", "[\"aa\", \"bb\"]")]
    [InlineData("[true, false].filter(x, x == true).size()", "1")]
    // errors in macros: a deciding element wins over an error elsewhere
    [InlineData("[0, 1].all(x, 1 / x > 1)", "false")]
    [InlineData("[1, 0].exists(x, 1 / x == 1)", "true")]
    [InlineData("[0, 2].all(x, 1 / x >= 0)", "error: division by zero")]
    [InlineData("[0].exists_one(x, 1 / x == 1)", "error: division by zero")]
    [InlineData("[0].map(x, 1 / x)", "error: division by zero")]
    [InlineData("1.all(x, x)", "error: no such overload: all(int)")]
    [InlineData("[1, 2].all(x, [3].exists(y, y > x))", "true")]
    public void Macros_evaluate_as_the_specification_says(string expression, string expected) => Show(Eval(expression)).ShouldBe(expected, expression);

    [Theory]
    [InlineData("1 +", "unexpected end of expression")]
    [InlineData("(1", "expected ')'")]
    [InlineData("'open", "unterminated string literal")]
    [InlineData("9223372036854775808", "integer literal out of range")]
    [InlineData("has(a)", "invalid argument to has() macro")]
    [InlineData("[1].all(1, true)", "argument is not an identifier")]
    [InlineData("a.if", "reserved identifier 'if'")]
    [InlineData("Foo{a: 1}", "message construction")]
    [InlineData("'\\q'", "invalid escape sequence")]
    [InlineData("1 # 2", "unexpected character '#'")]
    public void Syntax_errors_are_refused_with_their_reason(string expression, string reason) =>
        Should.Throw<CelSyntaxException>(() => CelParser.Parse(expression)).Message.ShouldContain(reason);

    [Fact]
    public void Comments_and_line_breaks_are_whitespace() =>
        Show(Eval("1 + // one\n  2 // two")).ShouldBe("3");

    [Fact]
    public void An_undeclared_variable_is_not_evaluated_rather_than_false() =>
        Should.Throw<CelUnsupportedException>(() => Eval("missing == 1")).Message.ShouldContain("undeclared reference to 'missing'");

    [Fact]
    public void A_function_the_evaluator_lacks_is_not_evaluated_rather_than_false() =>
        Should.Throw<CelUnsupportedException>(() => Eval("'a'.noSuchFunction()")).Message.ShouldContain("noSuchFunction");
}
