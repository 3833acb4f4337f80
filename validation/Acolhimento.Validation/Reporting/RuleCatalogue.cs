using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Policy;

namespace Acolhimento.Validation.Reporting;

/// <summary>What a report says about a rule: its title, why it exists, how to fix a finding, and where it is documented.</summary>
/// <param name="DocumentationPath">Repository-relative document and anchor, e.g. <c>policy/README.md#policyimage-tag-not-latest</c>.</param>
public sealed record RuleDescription(string Id, string Stage, string Title, string Rationale, string Remediation, Severity DefaultSeverity, string DocumentationPath);

/// <summary>
/// The rules a report can describe: every stage's rule-id file and the policy rules' metadata (<see cref="RuleList"/>),
/// each linked to its documentation — a policy rule to its section of <c>policy/README.md</c>, any other rule to its row
/// of README's rule table. One place, so SARIF, JUnit and the summaries describe a rule the same way.
/// </summary>
public sealed class RuleCatalogue
{
    /// <summary>What to do about a finding of a stage whose rule does not say more.</summary>
    private static readonly IReadOnlyDictionary<string, string> StageRemediation = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Stages.Parse] = "Fix the file at the line shown so that it is plain YAML within the limits; the message says what the reader refused.",
        [Stages.Render] = "Fix the Application, kustomization, chart or values entry the finding points at so that it renders offline as Argo CD renders it; the message names the entry and quotes the tool.",
        [Stages.Schema] = "Fix the field at the line shown; the message names the field, the value the API server expects and, for an unknown field, the nearest known name.",
        [Stages.Policy] = "Fix policy/config.yaml or policy/exceptions.yaml at the line shown (a waiver that no longer applies is removed).",
        [Stages.Live] = "Fix the object as the API server's message says; the finding is at the source line of the field the server names.",
    };

    /// <summary>What each stage does, for a rule whose one line needs its context (SARIF's full description).</summary>
    private static readonly IReadOnlyDictionary<string, string> StageWork = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Stages.Parse] = "reads every YAML file of the repository, with the line and column of every node, within size, alias and depth limits",
        [Stages.Render] = "renders every cluster offline as Argo CD would (Kustomize, Helm, plain folders, ApplicationSets), tracing every object to its source lines",
        [Stages.Schema] = "checks every rendered object strictly against the schema of its cluster's Kubernetes version, and what the API server checks beyond OpenAPI",
        [Stages.Policy] = "runs the organisation's rules with policy/config.yaml and applies the waivers of policy/exceptions.yaml",
        [Stages.Live] = "applies every cluster's objects to a real API server (server-side dry run, then apply, then read back)",
        [Upgrade.UpgradeRules.Stage] = "compares what each cluster receives in the base revision and in the change (diff --base) for what cannot be rolled out",
        [Diff.DiffRules.Stage] = "renders the base revision beside the change (diff --base)",
    };

    private const string GeneralRemediation = "Fix the line the finding points at; the message names the field and the expected value.";

    private readonly IReadOnlyList<RuleDescription> _ordered;
    private readonly Dictionary<string, RuleDescription> _rules;

    private RuleCatalogue(IEnumerable<RuleDescription> rules)
    {
        _ordered = rules.DistinctBy(r => r.Id, StringComparer.Ordinal).ToList();
        _rules = _ordered.ToDictionary(r => r.Id, StringComparer.Ordinal);
    }

    /// <summary>Every stage's rules, without policy rules (a run that could not read <c>policy/</c>).</summary>
    public static RuleCatalogue BuiltIn { get; } = Create([]);

    /// <summary>Every stage's rules and these policy rules, in <see cref="RuleList"/>'s order.</summary>
    public static RuleCatalogue Create(IEnumerable<RuleMetadata> policyRules) => new(RuleList.All(policyRules).Select(Describe));

    /// <summary>Only the rules with these ids (exact-output tests keep their golden files small).</summary>
    public RuleCatalogue Only(params string[] ids) => new(_ordered.Where(r => ids.Contains(r.Id, StringComparer.Ordinal)));

    /// <summary>Every rule, in catalogue order: stages in data-flow order, each stage's rules as its rule-id file lists them.</summary>
    public IReadOnlyList<RuleDescription> All => _ordered;

    /// <summary>The description of a rule; a rule the catalogue does not list is described from its finding.</summary>
    public RuleDescription Describe(Finding finding) =>
        _rules.TryGetValue(finding.Rule, out var known) ? known : Undocumented(finding.Rule, finding.Stage, finding.Severity);

    /// <summary>
    /// SARIF's <c>tool.driver.rules</c>: the whole catalogue, then any rule these findings use that it does not list
    /// (described from the findings, so every result has its rule).
    /// </summary>
    public IReadOnlyList<RuleDescription> WithRulesOf(IEnumerable<Finding> findings) =>
        _ordered.Concat(findings.Where(f => !_rules.ContainsKey(f.Rule)).GroupBy(f => f.Rule, StringComparer.Ordinal)
                .Select(g => Undocumented(g.Key, g.First().Stage, MostSevere(g))).OrderBy(d => d.Id, StringComparer.Ordinal))
            .ToList();

    private static RuleDescription Describe(RuleSummary rule) =>
        new(rule.Id, rule.Stage, Sentence(rule.Summary),
            rule.Rationale ?? (StageWork.TryGetValue(rule.Stage, out var work) ? $"{Sentence(rule.Summary)}. The {rule.Stage} stage {work}." : Sentence(rule.Summary) + "."),
            rule.Remediation ?? StageRemediation.GetValueOrDefault(rule.Stage, GeneralRemediation), rule.Severity, RuleList.Documentation(rule));

    private static string Sentence(string line) => line.Length == 0 ? line : char.ToUpperInvariant(line[0]) + line[1..];

    private static Severity MostSevere(IEnumerable<Finding> findings) => findings.Min(f => f.Severity); // Error < Warning < Info

    private static RuleDescription Undocumented(string id, string stage, Severity severity)
    {
        var name = id.Contains('/') ? id[(id.IndexOf('/') + 1)..].Replace('-', ' ') : id;
        return new RuleDescription(id, stage, $"{stage} stage: {name}",
            $"Reported by the {stage} stage of the gate; the finding's message says what was found and where.",
            GeneralRemediation, severity, $"{RuleList.ReadmeFile}#how-the-gate-works");
    }
}
