using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Reporting;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Reporting;

/// <summary>
/// The API server's validation functions (Kubernetes/api-server-validation-functions.yaml): every rule an entry claims
/// exists, every function the other Kubernetes tables cite is listed, and README's coverage table is the generated one.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ApiServerCoverageTests
{
    private static readonly ApiServerValidationFunctions Functions = ApiServerValidationFunctions.BuiltIn;

    [Fact]
    public void The_list_loads_and_names_every_built_in_group_it_was_read_from()
    {
        Functions.Functions.Count.ShouldBeGreaterThan(200);
        Functions.Functions.Select(f => f.Group).Distinct().ShouldBe(
            ["apimachinery", "meta", "util", "core", "apps", "batch", "autoscaling", "networking", "policy", "rbac", "storage", "scheduling", "coordination", "discovery", "admissionregistration"],
            ignoreOrder: true);
        Functions.Functions.ShouldAllBe(f => f.Checks.Length > 10);
        Functions.Functions.Where(f => f.None is not null).ShouldAllBe(f => f.None!.Length > 15, "a function without an offline rule says why");
    }

    [Fact]
    public void Every_rule_an_entry_claims_is_in_the_rule_catalogue()
    {
        ApiServerCoverage.UnknownRules(Functions, RuleList.Stages.Select(r => r.Id)).ShouldBeEmpty(
            "api-server-validation-functions.yaml names rule ids `rules list` does not know");
    }

    [Fact]
    public void A_rule_id_missing_from_the_catalogue_is_reported()
    {
        var functions = ApiServerValidationFunctions.Parse(
            "functions:\n  - {function: ValidateX, group: core, checks: a check of x, rules: [schema/min-max, schema/no-such-rule]}\n", "test.yaml");
        ApiServerCoverage.UnknownRules(functions, RuleList.Stages.Select(r => r.Id)).ShouldBe(["core ValidateX: schema/no-such-rule"]);
    }

    public static TheoryData<string> CitedFunctions()
    {
        var sources = ApiServerFields.BuiltIn.Fields.Select(f => f.Source)
            .Concat(EnumeratedFields.BuiltIn.Fields.Select(f => f.Source))
            .Concat(EnumeratedFields.BuiltIn.Templates.Select(t => t.Source));
        return new(sources.SelectMany(ApiServerValidationFunctions.CitedIn).Distinct().Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(CitedFunctions))]
    public void Every_function_the_field_tables_cite_is_in_the_list(string function) =>
        Functions.Contains(function).ShouldBeTrue($"api-server-fields.yaml or enumerated-fields.yaml cites {function}, which api-server-validation-functions.yaml does not list");

    [Fact]
    public void The_field_tables_cite_functions_at_all() => CitedFunctions().Count.ShouldBeGreaterThan(100);

    [Theory]
    [InlineData("core ValidatePodSpec → ValidateServiceAccountName", new[] { "ValidatePodSpec", "ValidateServiceAccountName" })]
    [InlineData("core validatePullPolicy via validateEphemeralContainers; types core/v1 PullPolicy (3078)", new[] { "validatePullPolicy", "validateEphemeralContainers" })]
    [InlineData("networking ValidateIPBlock → IsValidCIDR (every entry)", new[] { "ValidateIPBlock", "IsValidCIDR" })]
    [InlineData("rbac SetDefaults_RoleBinding (an empty apiGroup is defaulted)", new string[0])]
    [InlineData("must be validated; Validated", new string[0])]
    public void Cited_functions_are_read_from_a_source_text(string source, string[] expected) =>
        ApiServerValidationFunctions.CitedIn(source).ShouldBe(expected);

    [Theory]
    [InlineData("functions:\n  - {function: F, group: core, checks: c}\n", "either rules or none")]
    [InlineData("functions:\n  - {function: F, group: core, checks: c, rules: [schema/enum], none: why}\n", "either rules or none")]
    [InlineData("functions:\n  - {function: F, group: core, checks: c, rules: []}\n", "rules is empty")]
    [InlineData("functions:\n  - {function: F, group: core, checks: c, rules: schema/enum}\n", "rules must be a list")]
    [InlineData("functions:\n  - {function: F, group: core, checks: c, none: why, gap: part}\n", "gap is only for a function with rules")]
    [InlineData("functions:\n  - {group: core, checks: c, none: why}\n", "entry has no function")]
    [InlineData("functions:\n  - {function: F, group: core, checks: c, none: a}\n  - {function: F, group: core, checks: d, none: b}\n", "core F is listed twice")]
    [InlineData("functions:\n  - just text\n", "each entry must be a mapping")]
    [InlineData("rules: []\n", "expected one mapping with a functions list")]
    [InlineData("functions: [\n", "test.yaml: ")]
    public void Malformed_data_is_refused_with_the_reason(string yaml, string reason) =>
        Should.Throw<InvalidDataException>(() => ApiServerValidationFunctions.Parse(yaml, "test.yaml")).Message.ShouldContain(reason);

    [Fact]
    public void The_table_links_rules_and_escapes_cells()
    {
        var functions = ApiServerValidationFunctions.Parse(
            "functions:\n  - {function: ValidateA, group: core, checks: \"a | b\", rules: [schema/min-max], gap: part}\n  - {function: ValidateB, group: apps, checks: c, none: needs another object}\n", "test.yaml");
        var table = ApiServerCoverage.Markdown(functions);
        table.ShouldStartWith(ApiServerCoverage.ReadmeBegin);
        table.ShouldEndWith(ApiServerCoverage.ReadmeEnd);
        table.ShouldContain("2 functions: 1 checked offline (1 of them in part), 1 not");
        table.ShouldContain("| core | `ValidateA` | a \\| b | [`schema/min-max`](#schemamin-max) | part |\n");
        table.ShouldContain("| apps | `ValidateB` | c | — | needs another object |\n");
    }

    [Fact]
    public void Updating_replaces_only_the_table_between_the_markers()
    {
        var functions = ApiServerValidationFunctions.Parse("functions:\n  - {function: ValidateB, group: apps, checks: c, none: why not}\n", "test.yaml");
        var readme = $"# T\nbefore\n{ApiServerCoverage.ReadmeBegin}\nold\n{ApiServerCoverage.ReadmeEnd}\nafter\n";
        ApiServerCoverage.UpdateReadme(readme, functions).ShouldBe($"# T\nbefore\n{ApiServerCoverage.Markdown(functions)}\nafter\n");
        ApiServerCoverage.UpdateReadme("# no markers\n", functions).ShouldBeNull();
    }

    [Fact]
    public void README_coverage_table_is_generated_from_the_function_list()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryLocator.Root, RuleList.ReadmeFile));
        var updated = ApiServerCoverage.UpdateReadme(readme, Functions).ShouldNotBeNull($"{RuleList.ReadmeFile} lacks the coverage table markers");
        updated.ShouldBe(readme, "README's API-server coverage table is stale: run `dotnet run --project validation/Acolhimento.Validation.Cli -- rules coverage --write`");
    }
}
