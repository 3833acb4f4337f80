using System.Security.Cryptography;
using Acolhimento.Validation.Render;

namespace Acolhimento.Validation.Diff;

/// <summary>
/// Which clusters' render inputs differ between two checkouts. A cluster's inputs are everything a render can read
/// (<see cref="RenderInputs"/>) except the other clusters' own folders (<c>clusters/&lt;other&gt;/</c>), which only their
/// cluster starts from. Conservative on purpose: a shared base or chart that changed re-renders every cluster, because
/// a base the render reuses without a reason to believe it unchanged would hide a change.
/// </summary>
internal static class RenderInputComparison
{
    public static IReadOnlySet<string> ChangedFiles(string baseRoot, string headRoot)
    {
        var before = Files(baseRoot);
        var after = Files(headRoot);
        var changed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, hash) in after)
        {
            if (!before.TryGetValue(path, out var old) || old != hash) changed.Add(path);
        }
        foreach (var path in before.Keys.Where(p => !after.ContainsKey(p))) changed.Add(path);
        return changed;
    }

    public static bool AffectsCluster(IReadOnlySet<string> changedFiles, string cluster)
    {
        var own = $"{ClusterLayout.ClustersFolder}/{cluster}/";
        return changedFiles.Any(f => !f.StartsWith(ClusterLayout.ClustersFolder + "/", StringComparison.Ordinal) || f.StartsWith(own, StringComparison.Ordinal)
            || f.Count(c => c == '/') < 2); // a file directly under clusters/ is everyone's
    }

    private static Dictionary<string, string> Files(string root)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in new RenderInputs(root).Files())
        {
            if (file.Name == BaseRevision.CompleteMarker) continue; // the marker of a finished checkout, not a file of the revision
            var relative = Path.GetRelativePath(root, file.FullName).Replace('\\', '/');
            try
            {
                files[relative] = file.LinkTarget is { } link ? "link:" + link : Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file.FullName)));
            }
            catch (IOException)
            {
                files[relative] = "unreadable";
            }
        }
        return files;
    }
}
