namespace Acolhimento.Validation.Render;

/// <summary>The files of another revision of this repository, checked out read-only, or why they cannot be.</summary>
internal sealed record CheckedOutTree(string? Root, string? Commit, string? Problem);

/// <summary>
/// Where the tree of another revision comes from: Git, through <c>Diff/BaseRevision</c>, wired in by the pipeline (render
/// sits below the diff in the flow, so it asks through this seam instead of depending on it).
/// </summary>
internal interface IRevisionCheckout
{
    Task<CheckedOutTree> CheckOutAsync(string repositoryRoot, string revision, CancellationToken ct);
}
