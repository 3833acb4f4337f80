using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Policy;

namespace Acolhimento.Validation.Reporting;

/// <summary>What a report says about a rule: its title, why it exists, how to fix a finding, and where it is documented.</summary>
/// <param name="DocumentationPath">Repository-relative document and anchor, e.g. <c>policy/README.md#policyimage-tag-not-latest</c>.</param>
public sealed record RuleDescription(string Id, string Stage, string Title, string Rationale, string Remediation, Severity DefaultSeverity, string DocumentationPath);

/// <summary>
/// The rules a report can describe: the policy rules' own metadata, and for every other stage's rule (ids are
/// <c>stage/name</c> constants in the stage's code) a description pointing at the stage's section of the README.
/// One place, so SARIF, JUnit and the summaries describe a rule the same way.
/// </summary>
public sealed class RuleCatalogue
{
    private const string StageDocumentation = "README.md#how-the-gate-works";
    private const string GeneralRemediation = "Fix the line the finding points at; the message names the field and the expected value.";
    private readonly Dictionary<string, RuleDescription> _rules;

    private RuleCatalogue(IEnumerable<RuleDescription> rules) =>
        _rules = rules.GroupBy(r => r.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    public static RuleCatalogue Empty { get; } = new([]);

    public static RuleCatalogue FromPolicy(IEnumerable<RuleMetadata> rules) =>
        new(rules.Select(m => new RuleDescription(m.Id, Stages.Policy, m.Title, m.Rationale, m.Remediation, m.Severity,
            $"{PolicyReadme.FileName}#{PolicyReadme.Anchor(m.Id)}")));

    /// <summary>A stage's rules from its rule-id file, documented at <paramref name="documentationPath"/>.</summary>
    public static IEnumerable<RuleDescription> FromStage(IEnumerable<RuleSummary> rules, string documentationPath) =>
        rules.Select(r => new RuleDescription(r.Id, r.Stage, Sentence(r.Summary), r.Rationale ?? Sentence(r.Summary),
            r.Remediation ?? GeneralRemediation, r.Severity, documentationPath));

    public IReadOnlyCollection<RuleDescription> All => _rules.Values;

    public RuleCatalogue With(IEnumerable<RuleDescription> more) => new(_rules.Values.Concat(more));

    /// <summary>The description of a rule; a rule the catalogue does not list is described from its finding.</summary>
    public RuleDescription Describe(Finding finding) =>
        _rules.TryGetValue(finding.Rule, out var known) ? known : Undocumented(finding.Rule, finding.Stage, finding.Severity);

    /// <summary>Descriptions of the rules these findings use, ordered by id (SARIF's <c>tool.driver.rules</c>).</summary>
    public IReadOnlyList<RuleDescription> For(IEnumerable<Finding> findings) =>
        findings.GroupBy(f => f.Rule, StringComparer.Ordinal)
            .Select(g => _rules.TryGetValue(g.Key, out var known) ? known : Undocumented(g.Key, g.First().Stage, MostSevere(g)))
            .OrderBy(d => d.Id, StringComparer.Ordinal)
            .ToList();

    private static string Sentence(string line) => char.ToUpperInvariant(line[0]) + line[1..];

    private static Severity MostSevere(IEnumerable<Finding> findings) => findings.Min(f => f.Severity); // Error < Warning < Info

    private static RuleDescription Undocumented(string id, string stage, Severity severity)
    {
        var name = id.Contains('/') ? id[(id.IndexOf('/') + 1)..].Replace('-', ' ') : id;
        return new RuleDescription(id, stage, $"{stage} stage: {name}",
            $"Reported by the {stage} stage of the gate; the finding's message says what was found and where.",
            GeneralRemediation,
            severity, StageDocumentation);
    }
}
