using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Render.Charts;

namespace Acolhimento.Validation.Render.Remote;

/// <summary>A pinned remote base and the kustomization entry that names it (its file, line and column).</summary>
internal sealed record RemoteBaseUse(RemoteBase Base, SourceLocation At)
{
    /// <summary>The cache entry: the repository, the folder in it, the pinned ref.</summary>
    public ArchiveRequest Request => new(ArchiveKind.Base, Base.Repository, Base.Path, Base.Ref!);

    /// <summary>
    /// A remote resources/bases/components entry judged before anything runs: null when it is no Git address (a plain
    /// URL of a file is refused elsewhere); a finding when it cannot be rendered reproducibly (no ref, a moving ref, a
    /// local <c>file://</c> repository, an address Kustomize refuses, a folder leaving the repository); else the use.
    /// </summary>
    public static (RemoteBaseUse? Use, Finding? Finding)? Judge(string entry, SourceLocation at)
    {
        if (entry.StartsWith("file://", StringComparison.OrdinalIgnoreCase) || entry.StartsWith("git::file://", StringComparison.OrdinalIgnoreCase)) return null;
        var (remote, problem) = RemoteBaseSpec.Parse(entry);
        // Kustomize first GETs any http(s) entry as a file, and only then tries it as a repository: an address with none
        // of a repository's marks (a query, a // before the folder) that is no repository either is a download.
        if (problem is not null)
            return IsPlainHttp(entry) ? null : (null, Refused(RenderRules.RemoteResource, $"remote base {problem.Reason}; Kustomize refuses it, and the kustomization is not built", at));
        if (remote is null || IsFileUrl(remote)) return null;
        if (remote.Ref is null)
            return (null, Refused(RenderRules.RemoteBaseUnpinned,
                $"not checked: remote base \"{entry}\" names no ref, so Kustomize clones the default branch of {remote.Repository}, which moves: not reproducible, not rendered. Pin it (?ref=<commit SHA or exact version tag>), then run charts pull", at));
        if (RevisionPins.Problem(remote.Ref, isChart: false) is { } moving)
            return (null, Refused(RenderRules.RemoteBaseUnpinned, $"not checked: remote base \"{entry}\": {moving}; a moving ref is not reproducible, so the kustomization is not rendered. Then run charts pull", at));
        return (new RemoteBaseUse(remote, at), null);
    }

    private static bool IsPlainHttp(string entry) =>
        (entry.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || entry.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        && !entry.Contains('?', StringComparison.Ordinal) && entry.IndexOf("//", entry.IndexOf("://", StringComparison.Ordinal) + 3, StringComparison.Ordinal) < 0;

    /// <summary>An http(s) address of a YAML or JSON file with no ref is a file Kustomize downloads, not a repository to clone.</summary>
    private static bool IsFileUrl(RemoteBase remote) =>
        remote.Ref is null && remote.Repository.StartsWith("http", StringComparison.OrdinalIgnoreCase)
        && (remote.Path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || remote.Path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || remote.Path.EndsWith(".json", StringComparison.OrdinalIgnoreCase));

    private static Finding Refused(string rule, string message, SourceLocation at) => new(Stages.Render, Severity.Error, rule, message, at);
}
