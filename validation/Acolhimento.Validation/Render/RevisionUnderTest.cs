namespace Acolhimento.Validation.Render;

/// <summary>
/// Which <c>targetRevision</c> of this repository's own sources means the tree under test: none, <c>HEAD</c>, the branch
/// pull requests merge into (<c>targetBranch</c> in validation.yaml; <c>main</c> or <c>master</c> when not declared), or
/// the branch checked out. Any other revision is another tree than the one in the working copy: rendering the working
/// tree for it would check the wrong objects, and rendering the old tip of the branch a pull request merges into would
/// miss the pull request.
/// </summary>
internal sealed class RevisionUnderTest(string repositoryRoot, string? targetBranch)
{
    /// <summary>The branches taken as the merge target when validation.yaml declares none: Git's and GitHub's defaults.</summary>
    public static readonly IReadOnlyList<string> DefaultTargetBranches = ["main", "master"];

    private readonly Lazy<string?> _checkedOut = new(() => CheckedOutBranch(repositoryRoot));

    private IReadOnlyList<string> TargetBranches => targetBranch is null ? DefaultTargetBranches : [targetBranch];

    public bool Covers(string? targetRevision)
    {
        var revision = targetRevision?.Trim();
        if (string.IsNullOrEmpty(revision) || revision == "HEAD") return true;
        var branch = revision.StartsWith("refs/heads/", StringComparison.Ordinal) ? revision["refs/heads/".Length..] : revision;
        return TargetBranches.Contains(branch, StringComparer.Ordinal) || branch == _checkedOut.Value;
    }

    /// <summary>What <see cref="Covers"/> accepts, for messages.</summary>
    public string Describe() =>
        string.Join(", ", new[] { "HEAD" }.Concat(TargetBranches).Append(_checkedOut.Value).OfType<string>().Distinct(StringComparer.Ordinal));

    /// <summary>The branch <c>.git/HEAD</c> names (a worktree's <c>.git</c> file points at its own HEAD); null when detached or not a Git checkout.</summary>
    internal static string? CheckedOutBranch(string root)
    {
        try
        {
            var git = Path.Combine(root, ".git");
            var folder = Directory.Exists(git) ? git
                : File.Exists(git) && File.ReadAllText(git).Trim() is var pointer && pointer.StartsWith("gitdir:", StringComparison.Ordinal)
                    ? Path.GetFullPath(pointer["gitdir:".Length..].Trim(), root)
                    : null;
            var head = folder is null ? null : Path.Combine(folder, "HEAD");
            if (head is null || !File.Exists(head) || new FileInfo(head).Length > 4096) return null;
            var text = File.ReadAllText(head).Trim();
            return text.StartsWith("ref: refs/heads/", StringComparison.Ordinal) ? text["ref: refs/heads/".Length..] : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
