using Acolhimento.Validation.Render.Jsonnet;
using Shouldly;

namespace Acolhimento.Validation.Tests.Render.Jsonnet;

/// <summary>Every import of a Jsonnet text is found, wherever Jsonnet's lexer would see one, and nothing in strings or comments is taken for one.</summary>
[Trait("Category", "Unit")]
public sealed class JsonnetImportScannerTests
{
    [Fact]
    public void Imports_of_every_kind_and_quoting_are_found_with_their_lines()
    {
        var scan = JsonnetImportScanner.Scan("""
            local a = import 'lib/a.libsonnet';
            local b = importstr "data/b.txt";
            local c = importbin @'bin\c.bin';
            local d = import "esc\u0061ped\/d.jsonnet";
            { a: a, b: b, c: c, d: d }
            """);

        scan.Problem.ShouldBeNull();
        scan.Imports.Select(i => (i.Keyword, i.Path, i.Line)).ShouldBe([
            ("import", "lib/a.libsonnet", 1), ("importstr", "data/b.txt", 2), ("importbin", @"bin\c.bin", 3), ("import", "escaped/d.jsonnet", 4)]);
    }

    [Fact]
    public void Strings_comments_and_text_blocks_hold_no_imports()
    {
        var scan = JsonnetImportScanner.Scan("""
            // import "a"
            # import "b"
            /* import "c"
               import "d" */
            {
              s: 'import "e"',
              v: @"say ""import"" 'f'",
              t: |||
                import "g"
                  |||
              |||,
              myimport: 1,
              real: import "h.libsonnet",
            }
            """);

        scan.Problem.ShouldBeNull();
        scan.Imports.ShouldHaveSingleItem().Path.ShouldBe("h.libsonnet");
    }

    [Theory]
    [InlineData("import ('a' + 'b')", "computed imports")]
    [InlineData("local x = 'a'; import x", "computed imports")]
    [InlineData("import |||\n  a\n|||", "computed imports")]
    [InlineData("{ a: 'never closed }", "never closed")]
    [InlineData("/* never closed", "never closed")]
    [InlineData("importstr", "end of the file")]
    public void What_cannot_be_read_as_plain_imports_is_a_problem(string text, string problem)
    {
        JsonnetImportScanner.Scan(text).Problem.ShouldNotBeNull().ShouldContain(problem);
    }
}
