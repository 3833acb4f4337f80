using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Reporting;

public sealed record ValidationSummary(int Files, int Documents, int Objects, int Errors, int Warnings, long DurationMs);

/// <summary>The result of a run: findings in deterministic order and the summary counts.</summary>
public sealed record ValidationReport(IReadOnlyList<Finding> Findings, ValidationSummary Summary)
{
    public bool HasErrors => Findings.Any(f => f.CountsAsError);

    public static ValidationReport Create(IEnumerable<Finding> findings, int files, int documents, int objects, long durationMs)
    {
        var ordered = findings.Distinct().Order(FindingOrder.Instance).ToList();
        return new ValidationReport(ordered, new ValidationSummary(files, documents, objects,
            ordered.Count(f => f.CountsAsError), ordered.Count(f => f.CountsAsWarning), durationMs));
    }
}
