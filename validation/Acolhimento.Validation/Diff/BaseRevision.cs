using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Processes;

namespace Acolhimento.Validation.Diff;

/// <summary>A revision of the repository materialised as a folder of files, read-only, named by its commit.</summary>
public sealed record CheckedOutRevision(string Reference, string Commit, string Root);

/// <summary>
/// Materialises a base revision (<c>diff --base REF</c>) without touching the repository's work tree, index or worktree
/// list: <c>git read-tree</c> into a private index file, then <c>git checkout-index</c> into a folder of the user cache
/// named by the commit. A commit's files never change, so a finished checkout is reused by every later run.
/// </summary>
public sealed class BaseRevision(IProcessRunner runner, string cacheFolder)
{
    private static readonly TimeSpan GitTimeout = TimeSpan.FromMinutes(2);
    internal const string CompleteMarker = ".acolhimento-complete";

    public static string DefaultCacheFolder() => Path.Combine(Identity.CacheFolders.Root(), "revisions");

    public async Task<CheckedOutRevision> CheckOutAsync(string repositoryRoot, string reference, CancellationToken ct)
    {
        if (reference.StartsWith('-')) throw new CannotValidateException($"--base {reference}: a revision cannot start with '-'");
        var resolved = await GitAsync(repositoryRoot, ["rev-parse", "--verify", "--quiet", "--end-of-options", reference + "^{commit}"], null, ct);
        if (!resolved.Succeeded) throw new CannotValidateException(await UnknownReferenceAsync(repositoryRoot, reference, resolved, ct));
        var commit = resolved.StandardOutput.Trim();
        var target = Path.Combine(cacheFolder, commit);
        if (File.Exists(Path.Combine(target, CompleteMarker))) return new CheckedOutRevision(reference, commit, target);

        var partial = target + "." + Guid.NewGuid().ToString("N")[..8] + ".partial";
        var index = partial + ".index";
        try
        {
            Directory.CreateDirectory(partial);
            var environment = new Dictionary<string, string?> { ["GIT_INDEX_FILE"] = index };
            var read = await GitAsync(repositoryRoot, ["read-tree", commit], environment, ct);
            if (!read.Succeeded) throw new CannotValidateException($"cannot read the tree of {reference} ({commit}): {read.FailureSummary}");
            var write = await GitAsync(repositoryRoot, ["checkout-index", "--all", "--force", "--prefix=" + partial + "/"], environment, ct);
            if (!write.Succeeded) throw new CannotValidateException($"cannot check out {reference} ({commit}): {write.FailureSummary}");
            File.WriteAllText(Path.Combine(partial, CompleteMarker), commit + "\n");
            try
            {
                Directory.Move(partial, target);
            }
            catch (IOException) when (File.Exists(Path.Combine(target, CompleteMarker)))
            {
                // Another run finished the same commit first; its copy is as good as ours.
                Directory.Delete(partial, recursive: true);
            }
            return new CheckedOutRevision(reference, commit, target);
        }
        finally
        {
            if (File.Exists(index)) File.Delete(index);
            if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
        }
    }

    /// <summary>
    /// Why <paramref name="reference"/> names no commit, in words: <c>rev-parse --quiet</c> says nothing, so the reason is
    /// ours, with the nearest branch or tag when the name looks like a typo of one.
    /// </summary>
    private async Task<string> UnknownReferenceAsync(string repositoryRoot, string reference, ProcessResult resolved, CancellationToken ct)
    {
        if (resolved.Outcome != ProcessOutcome.Exited || resolved.StandardError.Trim().Length > 0)
            return $"--base {reference}: git could not resolve it ({resolved.FailureSummary})";
        var refs = await GitAsync(repositoryRoot, ["for-each-ref", "--format=%(refname:short)", "refs/heads", "refs/remotes", "refs/tags"], null, ct);
        var names = refs.Succeeded ? refs.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
        var hint = Reporting.NearestName.Among(names, reference) is { } name ? $"; did you mean {name}?" : names.Length == 0 ? "; the repository has no branches or tags (a shallow clone? fetch with fetch-depth: 0)" : "; fetch it first (git fetch) or check the spelling";
        return $"--base {reference}: no branch, tag or commit of that name in the repository{hint}";
    }

    private Task<ProcessResult> GitAsync(string repositoryRoot, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?>? environment, CancellationToken ct) =>
        runner.RunAsync(new ProcessSpec("git", ["-C", repositoryRoot, .. arguments], GitTimeout, repositoryRoot, environment), ct);
}
