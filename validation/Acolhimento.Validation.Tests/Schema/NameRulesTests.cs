using System.Text.RegularExpressions;
using Acolhimento.Validation.Schema.ApiServer;
using Shouldly;

namespace Acolhimento.Validation.Tests.Schema;

/// <summary>
/// The name syntaxes are written out as character tests; they must accept exactly what apimachinery's regular
/// expressions accept with Go's anchoring (<c>\z</c>: a trailing line break is not allowed).
/// </summary>
[Trait("Category", "Unit")]
public sealed class NameRulesTests
{
    private const string Label = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static readonly Regex GoDns1123Label = new($@"\A{Label}\z");
    private static readonly Regex GoDns1123Subdomain = new($@"\A{Label}(\.{Label})*\z");
    private static readonly Regex GoDns1035Label = new(@"\A[a-z]([-a-z0-9]*[a-z0-9])?\z");
    private static readonly Regex GoQualifiedNamePart = new(@"\A([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\z");

    /// <summary>Every string of up to four characters over an alphabet with each character class the syntaxes treat differently.</summary>
    private static IEnumerable<string> Strings()
    {
        const string alphabet = "aZ9-._/\n";
        var current = new List<string> { "" };
        for (var length = 0; length <= 4; length++)
        {
            foreach (var s in current) yield return s;
            current = current.SelectMany(s => alphabet.Select(c => s + c)).ToList();
        }
    }

    [Fact]
    public void Each_syntax_accepts_exactly_what_the_api_servers_expression_accepts()
    {
        var disagreements = new List<string>();
        foreach (var value in Strings())
        {
            void Compare(string what, bool ours, bool go)
            {
                if (ours != go) disagreements.Add($"{what} {Regex.Escape(value)}: ours {ours}, Go {go}");
            }
            Compare("DNS-1123 label", NameRules.Dns1123Label(value) is null, GoDns1123Label.IsMatch(value));
            Compare("DNS-1123 subdomain", NameRules.Dns1123Subdomain(value) is null, GoDns1123Subdomain.IsMatch(value));
            Compare("DNS-1035 label", NameRules.Dns1035Label(value) is null, GoDns1035Label.IsMatch(value));
            Compare("label value", NameRules.LabelValue(value) is null, value.Length == 0 || GoQualifiedNamePart.IsMatch(value));
            var slash = value.IndexOf('/');
            var qualified = slash < 0
                ? GoQualifiedNamePart.IsMatch(value)
                : value.IndexOf('/', slash + 1) < 0 && GoDns1123Subdomain.IsMatch(value[..slash]) && GoQualifiedNamePart.IsMatch(value[(slash + 1)..]);
            Compare("qualified name", NameRules.QualifiedName(value) is null, qualified);
        }

        disagreements.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("web\n")]
    [InlineData("app.kubernetes.io/name\n")]
    public void A_trailing_line_break_is_refused_as_the_api_server_refuses_it(string value)
    {
        NameRules.QualifiedName(value).ShouldNotBeNull();
        NameRules.Dns1123Subdomain(value).ShouldNotBeNull();
    }

    [Fact]
    public void A_port_name_uses_lowercase_letters_digits_and_single_hyphens() =>
        new[] { "http", "h-2", "Http", "h_2", "h--2", "-h", "123", "h\n" }
            .Select(v => NameRules.IanaServiceName(v) is null)
            .ShouldBe([true, true, false, false, false, false, false, false]);
}
