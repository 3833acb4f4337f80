using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Reporting;

public sealed record ValidationSummary(int Files, int Documents, int Objects, int Errors, int Warnings, long DurationMs);

/// <summary>
/// The result of a run: findings in deterministic order and the summary counts. <paramref name="CannotValidateReason"/>
/// is set when the run could not do its job (exit 2): the report then says why instead of pretending to be clean.
/// </summary>
public sealed record ValidationReport(IReadOnlyList<Finding> Findings, ValidationSummary Summary, string? CannotValidateReason = null)
{
    /// <summary>Set on the report of one shard of a sharded run (<c>--shard K/N</c>), which <see cref="ShardMerge"/> combines; null otherwise.</summary>
    public ShardInfo? Shard { get; init; }

    public bool HasErrors => Findings.Any(f => f.CountsAsError);

    public bool HasWarnings => Findings.Any(f => f.CountsAsWarning);

    public static ValidationReport Create(IEnumerable<Finding> findings, int files, int documents, int objects, long durationMs)
    {
        var ordered = findings.Distinct().Order(FindingOrder.Instance).ToList();
        return new ValidationReport(ordered, new ValidationSummary(files, documents, objects,
            ordered.Count(f => f.CountsAsError), ordered.Count(f => f.CountsAsWarning), durationMs));
    }

    /// <summary>The report of a run that stopped before it could judge anything: no findings, and the reason.</summary>
    public static ValidationReport CannotValidate(string reason, long durationMs = 0) =>
        new([], new ValidationSummary(0, 0, 0, 0, 0, durationMs), reason);
}
