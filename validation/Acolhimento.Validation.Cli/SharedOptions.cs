using System.CommandLine;

namespace Acolhimento.Validation.Cli;

/// <summary>
/// Every option of the command line, each defined once (System.CommandLine needs an instance per command, hence the
/// factories); a command that gives an option a meaning of its own passes its description, and its accepted values.
/// </summary>
internal static class SharedOptions
{
    public const string RepoDescription = "Repository root (default: the repository containing the current directory).";

    /// <summary><c>--repo DIR</c>; <paramref name="description"/> when the command's default or use differs (init: the current folder).</summary>
    public static Option<string?> Repo(string description = RepoDescription) => new("--repo") { Description = description };

    /// <summary><c>--cluster NAME</c>, repeatable: only these clusters (none: every cluster).</summary>
    public static Option<string[]> Clusters() => Cluster<string[]>("Only these clusters (repeatable).", required: false);

    /// <summary><c>--cluster NAME</c>, exactly one (render prints one cluster).</summary>
    public static Option<string> OneCluster(string description) => Cluster<string>(description, required: true);

    private static Option<T> Cluster<T>(string description, bool required) => new("--cluster") { Description = description, Required = required };

    /// <summary><c>--stage NAME</c>, repeatable, one of <paramref name="allowed"/>.</summary>
    public static Option<string[]> Stages(string description, IReadOnlyList<string> allowed)
    {
        var option = new Option<string[]>("--stage") { Description = description };
        option.AcceptOnlyFromAmong([.. allowed]);
        return option;
    }

    /// <summary><c>--schemas DIR</c>: the schema data folder.</summary>
    public static Option<string?> Schemas() => new("--schemas") { Description = "Schema data folder (default: $ACOLHIMENTO_SCHEMA_DIR, then the user cache)." };

    /// <summary><c>--shard K/N</c> of <c>validate</c> and <c>diff</c>: one share of the clusters for a CI matrix (<see cref="Render.ClusterShard"/>).</summary>
    public static Option<string?> Shard() => new("--shard")
    {
        Description = "Only the K-th of N shares of the clusters (assigned by a hash of the cluster name, so adding a cluster moves no other); combine the shards' JSON reports with report merge.",
    };

    /// <summary><c>--format</c>: what the command writes (the gate's formats, the diff's, or text|json), with its default.</summary>
    public static Option<T> Format<T>(string description, T defaultValue) => new("--format") { Description = description, DefaultValueFactory = _ => defaultValue };

    /// <summary><c>--output FILE</c> (or a folder, for <c>schemas pull</c>).</summary>
    public static Option<string?> Output(string description) => new("--output") { Description = description };

    /// <summary><c>--output-dir DIR</c>: each format without <c>=FILE</c> to its default name in this folder.</summary>
    public static Option<string?> OutputDirectory(string description) => new("--output-dir") { Description = description };

    /// <summary><c>--write</c>: write the generated file instead of printing it.</summary>
    public static Option<bool> Write(string description) => new("--write") { Description = description };

    /// <summary><c>--k8s-version X.Y</c>: required where it names what to fetch (unless <paramref name="required"/> is false: then absent is null), defaulted where it names what answered.</summary>
    public static Option<string> KubernetesVersion(string description, string? defaultValue = null, bool required = true)
    {
        var option = new Option<string>("--k8s-version") { Description = description, Required = required && defaultValue is null };
        if (defaultValue is not null) option.DefaultValueFactory = _ => defaultValue;
        return option;
    }
}
