using System.Text.RegularExpressions;

namespace Acolhimento.Validation.Render.Remote;

/// <summary>
/// A kustomization entry that names a Git repository (a remote base): <see cref="Repository"/> is what Kustomize would
/// clone (<c>https://github.com/org/repo</c>, <c>git@host:org/repo.git</c>, …), <see cref="Path"/> the folder of the
/// kustomization inside it, <see cref="Ref"/> the branch, tag or commit asked for (null: the default branch).
/// </summary>
internal sealed record RemoteBase(string Entry, string Repository, string Path, string? Ref)
{
    /// <summary>How findings and the lock name it: <c>repository//path?ref=…</c>.</summary>
    public string Describe() => $"{Repository}//{Path}{(Ref is null ? "" : "?ref=" + Ref)}";
}

/// <summary>Why an entry that is a Git address cannot be a remote base: Kustomize refuses it too.</summary>
internal sealed record RemoteBaseProblem(string Reason);

/// <summary>
/// Reads a resources/bases/components entry as Kustomize's repository spec does (<c>api/internal/git/repospec.go</c>,
/// <c>NewRepoSpecFromURL</c>), for the whole class of addresses it accepts: an optional <c>git::</c> prefix; the
/// <c>ssh://</c>, <c>https://</c>, <c>http://</c> and <c>file://</c> schemes or none (then only SCP-like
/// <c>user@host:path</c> or a <c>github.com/</c> / <c>github.com:</c> address); the repository ended by <c>_git/name</c>,
/// by <c>//</c>, by <c>.git</c>, or else after two path segments (all of them for <c>file://</c>); the query's
/// <c>ref</c> (or else <c>version</c>). GitHub addresses are normalised as Kustomize normalises them (to
/// <c>https://github.com/</c>, or <c>github.com:</c> over SSH), so one base has one name in the lock.
/// </summary>
internal static partial class RemoteBaseSpec
{
    private static readonly string[] Schemes = ["ssh://", "https://", "http://", "file://"];

    [GeneratedRegex("^([a-zA-Z][a-zA-Z0-9-]*)@")]
    private static partial Regex UserName();

    /// <summary>The remote base an entry names, a problem when Kustomize would refuse the address, or null when it is no repository address.</summary>
    public static (RemoteBase? Base, RemoteBaseProblem? Problem) Parse(string entry)
    {
        if (entry.StartsWith('/')) return (null, null);
        var (address, query) = entry.IndexOf('?') is var q and >= 0 ? (entry[..q], entry[(q + 1)..]) : (entry, "");
        var reference = Reference(query);
        if (Host(address) is not var (host, rest)) return (null, new RemoteBaseProblem($"\"{entry}\" has no scheme Kustomize clones from (https://, http://, ssh://, file://, user@host: or github.com/)"));
        var (repositoryPath, path, problem) = PathParts(rest, host == "file://");
        if (problem is not null) return (null, new RemoteBaseProblem($"\"{entry}\": {problem}"));
        return (new RemoteBase(entry, host + repositoryPath, path, reference), null);
    }

    /// <summary>Go's <c>url.ParseQuery</c> then <c>ref</c> over <c>version</c>; a query Go cannot parse gives no ref at all.</summary>
    private static string? Reference(string query)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            if (pair.Contains(';')) return null;
            var (key, value) = pair.IndexOf('=') is var e and >= 0 ? (pair[..e], pair[(e + 1)..]) : (pair, "");
            try
            {
                key = Uri.UnescapeDataString(key.Replace('+', ' '));
                value = Uri.UnescapeDataString(value.Replace('+', ' '));
            }
            catch (UriFormatException)
            {
                return null;
            }
            values.TryAdd(key, value); // Values.Get takes the first
        }
        var reference = values.GetValueOrDefault("ref") is { Length: > 0 } r ? r : values.GetValueOrDefault("version");
        return string.IsNullOrEmpty(reference) ? null : reference;
    }

    /// <summary>Kustomize's <c>extractHost</c>: the scheme, user and host (with its separator), and the rest of the address.</summary>
    private static (string Host, string Remainder)? Host(string address)
    {
        var n = address.StartsWith("git::", StringComparison.OrdinalIgnoreCase) ? address[5..] : address;
        var scheme = Schemes.FirstOrDefault(s => n.StartsWith(s, StringComparison.OrdinalIgnoreCase)) ?? "";
        n = n[scheme.Length..];
        var user = UserName().Match(n) is { Success: true } m ? m.Groups[1].Value + "@" : "";
        n = n[user.Length..];
        var github = n.StartsWith("github.com/", StringComparison.OrdinalIgnoreCase) || n.StartsWith("github.com:", StringComparison.OrdinalIgnoreCase);
        var scp = scheme.Length == 0 && (user.Length > 0 || github);
        if (scheme.Length == 0 && !scp) return null;
        if (scheme == "file://") return (scheme, user + n);
        var separator = n.IndexOf('/');
        if (scp && n.IndexOf(':') is var colon and > 0 && (separator < 0 || colon < separator)) separator = colon;
        var (host, rest) = separator >= 0 ? (n[..(separator + 1)], n[(separator + 1)..]) : (n, "");
        if (github) (scheme, user, host) = scheme.StartsWith("ssh://", StringComparison.Ordinal) || user.Length > 0 ? ("", user, "github.com:") : ("https://", "", "github.com/");
        return host.Length == 0 ? null : (scheme.ToLowerInvariant() + user + host, rest);
    }

    /// <summary>Kustomize's <c>parsePathParts</c>: the repository path and the kustomization's folder in it, which may not leave it.</summary>
    private static (string Repository, string Path, string? Problem) PathParts(string rest, bool allSegments)
    {
        string repository, path;
        if (rest.IndexOf("_git/", StringComparison.Ordinal) is var git and >= 0)
        {
            var segments = rest[(git + 5)..].Split('/');
            (repository, path) = (rest[..(git + 5)] + segments[0], string.Join('/', segments.Skip(1)));
        }
        else if (rest.IndexOf("//", StringComparison.Ordinal) is var slashes and >= 0) (repository, path) = (rest[..slashes], rest[(slashes + 2)..]);
        else if (rest.IndexOf(".git", StringComparison.Ordinal) is var suffix and >= 0) (repository, path) = (rest[..(suffix + 4)], rest[(suffix + 4)..]);
        else if (allSegments) (repository, path) = (rest, "");
        else if (rest.Split('/') is { Length: >= 2 } segments) (repository, path) = (string.Join('/', segments.Take(2)), string.Join('/', segments.Skip(2)));
        else return ("", "", "the address names no repository (expected host/org/repo)");
        if (repository.Length == 0) return ("", "", "the address names no repository");
        path = path.TrimStart('/');
        if (Discovery.RepositoryPaths.Combine("", path) is not { } inside) return ("", "", $"the folder \"{path}\" leaves the repository it names");
        return (repository, inside, null);
    }
}
