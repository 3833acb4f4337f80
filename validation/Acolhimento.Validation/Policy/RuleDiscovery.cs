using System.Reflection;
using System.Text.RegularExpressions;

namespace Acolhimento.Validation.Policy;

/// <summary>
/// Finds the policy rules compiled into an assembly (the classes under <c>policy/rules/</c>): every concrete
/// <see cref="IPolicyRule"/> with a public parameterless constructor. This is the harness's one use of reflection;
/// only the types <see cref="RuleCandidates"/> cannot rule out from the metadata are loaded and asked.
/// </summary>
public static partial class RuleDiscovery
{
    [GeneratedRegex("^policy/[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex RuleIdPattern();

    public static IReadOnlyList<IPolicyRule> Discover() => Discover(typeof(RuleDiscovery).Assembly);

    public static IReadOnlyList<IPolicyRule> Discover(Assembly assembly)
    {
        var rules = RuleCandidates.Of(assembly)
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IPolicyRule).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (IPolicyRule)Activator.CreateInstance(t)!)
            .OrderBy(r => r.Metadata.Id, StringComparer.Ordinal)
            .ToList();
        Validate(rules);
        return rules;
    }

    /// <summary>Rule metadata is code: a broken id or a duplicate is a programming error caught by the tests, not a finding.</summary>
    public static void Validate(IReadOnlyList<IPolicyRule> rules)
    {
        foreach (var rule in rules)
        {
            var m = rule.Metadata;
            if (!RuleIdPattern().IsMatch(m.Id)) throw new InvalidOperationException($"rule {rule.GetType().Name} has id \"{m.Id}\"; ids are policy/<lower-case-words>");
            if (string.IsNullOrWhiteSpace(m.Title) || string.IsNullOrWhiteSpace(m.Rationale) || string.IsNullOrWhiteSpace(m.Remediation) || string.IsNullOrWhiteSpace(m.Area))
            {
                throw new InvalidOperationException($"rule {m.Id} needs an area, a title, a rationale and a remediation");
            }
            if (m.ParameterList.Any(p => p is null)) throw new InvalidOperationException($"rule {m.Id} lists a parameter that is null: declare its parameters above its metadata");
            if (m.ParameterList.FirstOrDefault(p => string.IsNullOrWhiteSpace(p.Description)) is { } undescribed) throw new InvalidOperationException($"rule {m.Id}: parameter {undescribed.Name} needs a description");
        }
        var duplicate = rules.GroupBy(r => r.Metadata.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidOperationException($"rule id {duplicate.Key} is used by {string.Join(" and ", duplicate.Select(r => r.GetType().Name))}");
        _ = SharedParameters.Declared(rules); // throws on a parameter name declared twice
    }
}
