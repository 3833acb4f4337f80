using Acolhimento.Validation.Diff;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Render;

namespace Acolhimento.Validation.Pipeline;

/// <summary>
/// Another revision of the repository for the render, as <c>diff --base</c> materialises one (<see cref="BaseRevision"/>):
/// the name as written (a tag, a local branch, a commit), else the branch of <c>origin</c> a CI clone has.
/// </summary>
internal sealed class GitRevisionCheckout(IProcessRunner runner, string cacheFolder) : IRevisionCheckout
{
    public async Task<CheckedOutTree> CheckOutAsync(string repositoryRoot, string revision, CancellationToken ct)
    {
        var revisions = new BaseRevision(runner, cacheFolder);
        string? problem = null;
        foreach (var candidate in new[] { revision, "origin/" + revision })
        {
            try
            {
                var tree = await revisions.CheckOutAsync(repositoryRoot, candidate, ct);
                return new CheckedOutTree(tree.Root, tree.Commit, null);
            }
            catch (CannotValidateException ex)
            {
                problem ??= ex.Message.Replace("--base ", "", StringComparison.Ordinal);
            }
        }
        return new CheckedOutTree(null, null, problem);
    }
}
