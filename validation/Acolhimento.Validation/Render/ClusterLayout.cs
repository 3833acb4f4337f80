namespace Acolhimento.Validation.Render;

/// <summary>Where the clusters are: one folder per cluster under <c>clusters/</c>, whose own files form the bootstrap Application.</summary>
public static class ClusterLayout
{
    public const string ClustersFolder = "clusters";

    /// <summary>The name of the pseudo-Application made of the objects written directly in <c>clusters/&lt;name&gt;/</c>.</summary>
    public const string BootstrapApplication = "bootstrap";

    /// <summary>The cluster folders of a repository, sorted; none when it has no <c>clusters/</c>.</summary>
    public static IReadOnlyList<string> ClusterFolders(string repositoryRoot)
    {
        var folder = Path.Combine(repositoryRoot, ClustersFolder);
        return Directory.Exists(folder)
            ? Directory.EnumerateDirectories(folder).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList()
            : [];
    }
}
