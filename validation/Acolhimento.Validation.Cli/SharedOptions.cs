using System.CommandLine;

namespace Acolhimento.Validation.Cli;

/// <summary>
/// The options several commands take, each defined once (System.CommandLine needs an instance per command, hence the
/// factories): the repository root and the cluster selection.
/// </summary>
internal static class SharedOptions
{
    public const string RepoDescription = "Repository root (default: the repository containing the current directory).";

    /// <summary><c>--repo DIR</c>; <paramref name="description"/> when the command's default differs (init: the current folder).</summary>
    public static Option<string?> Repo(string description = RepoDescription) => new("--repo") { Description = description };

    /// <summary><c>--cluster NAME</c>, repeatable: only these clusters (none: every cluster).</summary>
    public static Option<string[]> Clusters() => new("--cluster") { Description = "Only these clusters (repeatable).", AllowMultipleArgumentsPerToken = false };

    /// <summary><c>--cluster NAME</c>, exactly one (render prints one cluster).</summary>
    public static Option<string> OneCluster(string description) => new("--cluster") { Description = description, Required = true };
}
