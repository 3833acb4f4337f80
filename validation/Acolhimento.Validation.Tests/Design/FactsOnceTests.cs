using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Design;

/// <summary>
/// Small facts spelled once (issue 25 §2): each literal below may appear in the library, the CLI and the policy rules
/// only in the one file that holds the fact; everywhere else names it through that file's constant.
/// </summary>
[Trait("Category", "Unit")]
public sealed class FactsOnceTests
{
    /// <summary>The literal as written in C# source, and the one file (repository-relative) that may write it.</summary>
    public static readonly TheoryData<string, string> Facts = new()
    {
        { "\"apps\"", "validation/Acolhimento.Validation/Kubernetes/ApiGroups.cs" },
        { "\"batch\"", "validation/Acolhimento.Validation/Kubernetes/ApiGroups.cs" },
        { "\"autoscaling\"", "validation/Acolhimento.Validation/Kubernetes/ApiGroups.cs" },
        { "\"networking.k8s.io\"", "validation/Acolhimento.Validation/Kubernetes/ApiGroups.cs" },
        { "\"rbac.authorization.k8s.io\"", "validation/Acolhimento.Validation/Kubernetes/ApiGroups.cs" },
        { "\"apiextensions.k8s.io\"", "validation/Acolhimento.Validation/Kubernetes/ApiGroups.cs" },
        { "\"argoproj.io", "validation/Acolhimento.Validation/Kubernetes/ApiGroups.cs" },
        { "\"In\"", "validation/Acolhimento.Validation/Kubernetes/LabelSelectorOperators.cs" },
        { "\"NotIn\"", "validation/Acolhimento.Validation/Kubernetes/LabelSelectorOperators.cs" },
        { "\"DoesNotExist\"", "validation/Acolhimento.Validation/Kubernetes/LabelSelectorOperators.cs" },
        { "\"~1\"", "validation/Acolhimento.Validation/Yaml/JsonPointer.cs" },
        { "acolhimento-validate", "validation/Acolhimento.Validation/Identity/Harness.cs" },
        { "central-acolhimento.com", "validation/Acolhimento.Validation/Identity/Harness.cs" },
        { "central-acolhimento.io", "validation/Acolhimento.Validation/Identity/Harness.cs" },
        { "org.central-acolhimento", "validation/Acolhimento.Validation/Identity/Harness.cs" },
    };

    [Theory]
    [MemberData(nameof(Facts))]
    public void A_fact_is_written_only_in_its_own_file(string literal, string home)
    {
        var writers = Sources().Where(s => s.Code.Contains(literal, StringComparison.Ordinal)).Select(s => s.Path).ToList();
        writers.Where(p => p != home).ShouldBeEmpty($"{literal} is a fact of {home}: name it through that file");
    }

    [Fact]
    public void The_scan_sees_the_library_the_cli_and_the_policy_rules()
    {
        var paths = Sources().Select(s => s.Path).ToList();
        paths.ShouldContain("validation/Acolhimento.Validation/Kubernetes/ApiGroups.cs");
        paths.ShouldContain("validation/Acolhimento.Validation.Cli/Program.cs");
        paths.ShouldContain(p => p.StartsWith("policy/rules/", StringComparison.Ordinal));
        // The scan reads code without comments, so a comment may still mention a fact; the file that holds it writes it.
        Sources().Single(s => s.Path.EndsWith("Kubernetes/ApiGroups.cs", StringComparison.Ordinal)).Code.ShouldContain("\"apps\"");
    }

    private static readonly Lazy<IReadOnlyList<(string Path, string Code)>> Scanned = new(Scan);

    private static IReadOnlyList<(string Path, string Code)> Sources() => Scanned.Value;

    private static IReadOnlyList<(string Path, string Code)> Scan()
    {
        var root = RepositoryLocator.Root;
        string[] folders = ["validation/Acolhimento.Validation", "validation/Acolhimento.Validation.Cli", "policy/rules"];
        return folders
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            .Select(path => Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(path => !path.Split('/').Any(part => part is "bin" or "obj"))
            .Select(path => (path, WithoutComments(File.ReadAllText(Path.Combine(root, path)))))
            .ToList();
    }

    private static string WithoutComments(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, @"^\s*//.*$", "", System.Text.RegularExpressions.RegexOptions.Multiline);
}
