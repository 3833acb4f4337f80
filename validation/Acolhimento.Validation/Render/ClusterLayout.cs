namespace Acolhimento.Validation.Render;

/// <summary>Where the clusters are: one folder per cluster under <c>clusters/</c>, whose own files form the bootstrap Application.</summary>
public static class ClusterLayout
{
    public const string ClustersFolder = Configuration.RepositoryConfiguration.ConventionFolder;

    /// <summary>The name of the pseudo-Application made of the objects written directly in <c>clusters/&lt;name&gt;/</c>.</summary>
    public const string BootstrapApplication = "bootstrap";

    /// <summary>
    /// The clusters of a repository, sorted: the ones <c>validation.yaml</c> declares when it names entry points, else the
    /// folders under <c>clusters/</c> (this repository's convention).
    /// </summary>
    public static IReadOnlyList<string> ClusterNames(string repositoryRoot, Configuration.RepositoryConfiguration? configuration) =>
        configuration is { DeclaresEntryPoints: true }
            ? configuration.Clusters.Select(c => c.Name).Order(StringComparer.Ordinal).ToList()
            : ClusterFolders(repositoryRoot);

    /// <summary><see cref="ClusterNames(string, Configuration.RepositoryConfiguration?)"/> reading <c>validation.yaml</c> when it is there and valid.</summary>
    public static IReadOnlyList<string> ClusterNames(string repositoryRoot)
    {
        try
        {
            return ClusterNames(repositoryRoot, File.Exists(Path.Combine(repositoryRoot, Configuration.RepositoryConfiguration.FileName)) ? Configuration.RepositoryConfiguration.Load(repositoryRoot) : null);
        }
        catch (Findings.CannotValidateException)
        {
            return ClusterFolders(repositoryRoot); // the render stage reports the file's problem
        }
    }

    /// <summary>The cluster folders of a repository, sorted; none when it has no <c>clusters/</c>.</summary>
    public static IReadOnlyList<string> ClusterFolders(string repositoryRoot)
    {
        var folder = Path.Combine(repositoryRoot, ClustersFolder);
        return Directory.Exists(folder)
            ? Directory.EnumerateDirectories(folder).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList()
            : [];
    }
}
