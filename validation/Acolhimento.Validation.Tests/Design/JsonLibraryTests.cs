using Acolhimento.Validation.Pipeline;
using Shouldly;

namespace Acolhimento.Validation.Tests.Design;

/// <summary>
/// One JSON library in the product: System.Text.Json. NJsonSchema and Newtonsoft.Json are the tests' reference
/// implementations; a product assembly that references them has grown a second JSON model.
/// </summary>
[Trait("Category", "Unit")]
public sealed class JsonLibraryTests
{
    private static readonly string[] TestOnly = ["Newtonsoft.Json", "NJsonSchema", "LibGit2Sharp"];

    [Fact]
    public void The_library_and_the_cli_reference_no_test_only_json_library()
    {
        var product = new[] { typeof(ValidationPipeline).Assembly, typeof(Acolhimento.Validation.Cli.CommandLine).Assembly };
        var referenced = product.SelectMany(a => a.GetReferencedAssemblies().Select(r => $"{a.GetName().Name} -> {r.Name}")).ToList();
        referenced.ShouldNotBeEmpty();
        referenced.Where(r => TestOnly.Any(t => r.EndsWith("-> " + t, StringComparison.Ordinal))).ShouldBeEmpty();
    }
}
