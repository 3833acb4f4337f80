using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Diff;

public enum ChangeKind
{
    Added,
    Removed,
    Changed,

    /// <summary>The same object now rendered by another Application (kept by the cluster, adopted by the new owner).</summary>
    MovedBetweenApplications,

    /// <summary>Another namespace or name: to the API server a delete of the old object and a create of the new one.</summary>
    Renamed,
}

/// <summary>A hunk of an object's diff with the findings of the changed revision that point into it.</summary>
public sealed record AnnotatedHunk(DiffHunk Hunk, IReadOnlyList<Finding> Findings);

/// <summary>What happened to one object between the base and the changed revision.</summary>
/// <param name="Previous">For <see cref="ChangeKind.Renamed"/>: the object's identity in the base.</param>
/// <param name="Findings">Findings of the changed revision about this object that no hunk shows.</param>
public sealed record ObjectChange(
    ChangeKind Kind,
    ObjectReference Object,
    string? BaseApplication,
    string? HeadApplication,
    ObjectReference? Previous,
    SourceLocation? Location,
    IReadOnlyList<AnnotatedHunk> Hunks,
    IReadOnlyList<Finding> Findings)
{
    public string Application => HeadApplication ?? BaseApplication ?? "";
}

public sealed record ApplicationChanges(string Application, IReadOnlyList<ObjectChange> Objects);

/// <param name="InputsChanged">False when nothing the cluster's render can read differs: the base was not rendered again.</param>
public sealed record ClusterChanges(string Cluster, bool InputsChanged, IReadOnlyList<ApplicationChanges> Applications)
{
    public int Count(ChangeKind kind) => Applications.Sum(a => a.Objects.Count(o => o.Kind == kind));

    public bool IsEmpty => Applications.Count == 0;
}
