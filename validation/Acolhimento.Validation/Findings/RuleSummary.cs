namespace Acolhimento.Validation.Findings;

/// <summary>
/// One rule id a stage reports, with the severity it reports it at and one line on what it means; each stage lists its
/// ids in its rule-id file (<c>ParseRules</c>, <c>RenderRules</c>, <c>SchemaRules</c>, …) and <c>rules list</c> shows them all.
/// </summary>
/// <param name="Summary">One line: what a finding of this rule says is wrong.</param>
public sealed record RuleSummary(string Id, Severity Severity, string Summary)
{
    /// <summary>The stage an id belongs to: its prefix (<c>render/timeout</c> → <c>render</c>).</summary>
    public string Stage => Id[..Math.Max(0, Id.IndexOf('/'))];

    /// <summary>Why it matters, where one line is not enough (reports' full description); null: the summary says it.</summary>
    public string? Rationale { get; init; }

    /// <summary>How to fix a finding, where the finding's message does not already say it; null: the stage's general advice.</summary>
    public string? Remediation { get; init; }
}
