namespace Acolhimento.Validation.Discovery;

/// <summary>
/// The folders that are not configuration, in one place for discovery (<see cref="IgnoreRules"/>,
/// <see cref="RepositoryScanner.Classify"/>) and for what a render can read (the render cache key and workspace).
/// </summary>
internal static class HarnessFolders
{
    /// <summary>Git's own folder: nothing in it is written by a pull request, and no stage reads it.</summary>
    public const string Git = ".git";

    /// <summary>
    /// VCS data, build output and tool output, at any depth: the parse stage never reads them. A render reads what Argo
    /// CD reads, whatever the folder is called (<see cref="Parsing.ParsedRepository.Read"/>).
    /// </summary>
    public static readonly IReadOnlySet<string> NeverRead = new HashSet<string>(StringComparer.Ordinal)
        { ".git", "bin", "obj", "node_modules", "TestResults", "BenchmarkDotNet.Artifacts" };

    /// <summary>
    /// Top-level folders that hold the harness, the organisation's rules and CI, not cluster configuration: discovery
    /// classifies their YAML as the harness's own configuration, and no kustomization or chart of the repository can
    /// reach into them.
    /// </summary>
    public static readonly IReadOnlySet<string> Own = new HashSet<string>(StringComparer.Ordinal)
        { "validation", "policy", ".github", ".ci" };

    /// <summary>The harness's settings for this repository (repository URLs, clusters, pinned tools).</summary>
    public const string RepositorySettings = "validation.yaml";

    /// <summary>The organisation's policy profile, rule settings and parameters.</summary>
    public const string PolicySettings = "policy/config.yaml";

    /// <summary>The dated waivers of policy findings.</summary>
    public const string PolicyWaivers = "policy/exceptions.yaml";

    /// <summary>
    /// The settings a run reads after the parse stage has read them: the parse stage keeps their text (they are small), so
    /// that the configuration, the policy stage and the report context are built from it and no stage reads them again.
    /// </summary>
    public static readonly IReadOnlySet<string> RunSettings = new HashSet<string>(StringComparer.Ordinal) { RepositorySettings, PolicySettings, PolicyWaivers };

    /// <summary>True for a repo-relative path inside one of the <see cref="Own"/> folders, or the harness's settings file.</summary>
    public static bool HoldsHarnessFile(string relativePath)
    {
        var slash = relativePath.IndexOf('/');
        return relativePath == RepositorySettings || (slash > 0 && Own.Contains(relativePath[..slash]));
    }
}
