using Acolhimento.Validation.Policy;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Policy;

/// <summary>
/// One naming for a rule: id <c>policy/pss-host-ports</c>, class <c>PssHostPorts</c> in <c>policy/rules/pss/PssHostPorts.cs</c>,
/// fixtures in <c>policy/tests/pss-host-ports/</c>; one folder per area. A reader who knows one of them finds the others.
/// </summary>
[Trait("Category", "Policy")]
public sealed class PolicyNamingTests
{
    private static readonly IReadOnlyList<IPolicyRule> Rules = RuleDiscovery.Discover();

    [Fact]
    public void Each_rule_class_is_its_id_in_PascalCase_in_the_file_policy_README_names()
    {
        var problems = new List<string>();
        foreach (var rule in Rules)
        {
            var name = rule.Metadata.Id["policy/".Length..];
            var expected = string.Concat(name.Split('-').Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
            if (rule.GetType().Name != expected) problems.Add($"{rule.Metadata.Id}: class {rule.GetType().Name}, expected {expected}");
            var source = PolicyReadme.SourceFile(rule.GetType());
            if (!File.Exists(Path.Combine(RepositoryLocator.Root, source))) problems.Add($"{rule.Metadata.Id}: {source} does not exist");
            if (!Directory.Exists(Path.Combine(RepositoryLocator.Root, "policy", "tests", name))) problems.Add($"{rule.Metadata.Id}: no policy/tests/{name}/");
        }
        problems.ShouldBeEmpty(string.Join("\n", problems));
    }

    [Fact]
    public void Each_folder_holds_one_area_and_each_area_one_folder()
    {
        var pairs = Rules.Select(r => (Folder: Path.GetDirectoryName(PolicyReadme.SourceFile(r.GetType()))!, r.Metadata.Area)).Distinct().ToList();
        pairs.GroupBy(p => p.Folder).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(p => p.Area))}").ShouldBeEmpty();
        pairs.GroupBy(p => p.Area).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(p => p.Folder))}").ShouldBeEmpty();
    }

    [Fact]
    public void The_source_file_follows_the_namespace()
    {
        PolicyReadme.SourceFile(typeof(Acolhimento.Validation.Policy.Rules.ArgoCd.ArgocdNoDefaultProject)).ShouldBe("policy/rules/argocd/ArgocdNoDefaultProject.cs");
        PolicyReadme.SourceFile(typeof(Acolhimento.Validation.Policy.Rules.Pss.PssHostPorts)).ShouldBe("policy/rules/pss/PssHostPorts.cs");
    }
}
