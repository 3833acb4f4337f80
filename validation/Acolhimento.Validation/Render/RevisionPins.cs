using System.Text.RegularExpressions;

namespace Acolhimento.Validation.Render;

/// <summary>Whether an external source's targetRevision names exactly one thing forever.</summary>
internal static partial class RevisionPins
{
    [GeneratedRegex(@"^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")]
    private static partial Regex ExactSemver();

    [GeneratedRegex(@"^[0-9a-f]{40}$")]
    private static partial Regex CommitSha();

    /// <summary>A full semantic version (1.2.3, v1.2.3, 1.2.3-rc.1, 1.2.3+build): floating forms like 1.2 or stable are not.</summary>
    public static bool IsExactVersion(string text) => ExactSemver().IsMatch(text);

    /// <summary>Null when pinned, else why not. Charts need an exact version; Git sources a commit SHA or an exact version tag.</summary>
    public static string? Problem(string? targetRevision, bool isChart)
    {
        if (string.IsNullOrWhiteSpace(targetRevision)) return "no targetRevision: Argo CD would take whatever is newest";
        var revision = targetRevision.Trim();
        if (ExactSemver().IsMatch(revision)) return null;
        if (!isChart && CommitSha().IsMatch(revision)) return null;
        if (LooksLikeRange(revision))
            return $"\"{revision}\" is a range or moving reference, not a pinned version";
        return isChart
            ? $"\"{revision}\" is not an exact chart version (e.g. 1.2.3)"
            : $"\"{revision}\" is a branch or tag name that can move; pin a commit SHA or an exact version tag";
    }

    private static bool LooksLikeRange(string revision) =>
        revision is "HEAD" or "*" || revision.IndexOfAny(['*', '^', '~', '>', '<', '=', '|', ' ']) >= 0 || Regex.IsMatch(revision, @"(^|\.)[xX](\.|$)");
}
