namespace Acolhimento.Validation.Findings;

public enum Severity
{
    Error,
    Warning,
    Info,
}

/// <summary>A position in a repository file: repo-relative path with forward slashes, 1-based line and column.</summary>
public sealed record SourceLocation(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}

/// <summary>Identifies a Kubernetes object the way the API server does (group/version, kind, namespace, name).</summary>
public sealed record ObjectReference(string ApiVersion, string Kind, string? Namespace, string Name)
{
    public string Group => GroupOf(ApiVersion);

    /// <summary>The group of an apiVersion: <c>apps/v1</c> → <c>apps</c>, <c>v1</c> → the core group (empty).</summary>
    public static string GroupOf(string apiVersion) => apiVersion.IndexOf('/') is var slash and >= 0 ? apiVersion[..slash] : "";

    public string Version => ApiVersion.Contains('/') ? ApiVersion[(ApiVersion.IndexOf('/') + 1)..] : ApiVersion;

    /// <summary>Identity without version: two versions of one object are the same object.</summary>
    public string Identity => $"{Group}/{Kind}/{Namespace ?? ""}/{Name}";

    public override string ToString() =>
        Namespace is null ? $"{Kind} {Name} ({ApiVersion})" : $"{Kind} {Namespace}/{Name} ({ApiVersion})";
}

/// <summary>
/// One result of one stage. Rule ids are stable: <c>&lt;stage&gt;/&lt;name&gt;</c>.
/// <paramref name="Path"/> is the field path inside the object when the finding is about a field;
/// <paramref name="Waiver"/> names the exception that waived it (a waived finding no longer counts as an error);
/// <paramref name="Destination"/> names the cluster the object is deployed to when it is not the cluster whose Argo CD deploys it.
/// </summary>
public sealed record Finding(
    string Stage,
    Severity Severity,
    string Rule,
    string Message,
    SourceLocation? Location = null,
    string? Cluster = null,
    string? Application = null,
    ObjectReference? Object = null,
    string? Path = null,
    string? Waiver = null,
    string? Destination = null)
{
    public bool CountsAsError => Severity == Severity.Error && Waiver is null;

    public bool CountsAsWarning => Severity == Severity.Warning && Waiver is null;
}

public static class Stages
{
    public const string Parse = "parse";
    public const string Render = "render";
    public const string Schema = "schema";
    public const string Policy = "policy";
    public const string Live = "live";

    /// <summary>Stages in data-flow order; the offline ones run by default.</summary>
    public static readonly IReadOnlyList<string> All = [Parse, Render, Schema, Policy, Live];

    public static readonly IReadOnlyList<string> Offline = [Parse, Render, Schema, Policy];
}

/// <summary>Deterministic order for findings: by file, position, rule, then the rest.</summary>
public sealed class FindingOrder : IComparer<Finding>
{
    public static readonly FindingOrder Instance = new();

    public int Compare(Finding? x, Finding? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var c = string.CompareOrdinal(x.Location?.File ?? "\uffff", y.Location?.File ?? "\uffff");
        if (c != 0) return c;
        c = (x.Location?.Line ?? 0).CompareTo(y.Location?.Line ?? 0);
        if (c != 0) return c;
        c = (x.Location?.Column ?? 0).CompareTo(y.Location?.Column ?? 0);
        if (c != 0) return c;
        c = string.CompareOrdinal(x.Rule, y.Rule);
        if (c != 0) return c;
        c = string.CompareOrdinal(x.Cluster, y.Cluster);
        if (c != 0) return c;
        c = string.CompareOrdinal(x.Application, y.Application);
        if (c != 0) return c;
        c = string.CompareOrdinal(x.Object?.ToString(), y.Object?.ToString());
        if (c != 0) return c;
        c = string.CompareOrdinal(x.Path, y.Path);
        return c != 0 ? c : string.CompareOrdinal(x.Message, y.Message);
    }
}

/// <summary>Thrown when the tool cannot do its job (missing tool, missing schema data, bad arguments): exit code 2.</summary>
public sealed class CannotValidateException(string reason) : Exception(reason);
