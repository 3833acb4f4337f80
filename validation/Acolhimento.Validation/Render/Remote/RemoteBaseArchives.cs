namespace Acolhimento.Validation.Render.Remote;

/// <summary>
/// Where <c>charts pull</c> downloads a remote base's tree at its ref when the lock names no <c>url</c>: the archive
/// GitHub and GitLab serve for any commit or tag (one top folder holding the repository). Other hosts need the
/// archive's address written in the lock (<c>bases[].url</c>).
/// </summary>
internal static class RemoteBaseArchives
{
    public static string? Url(string repository, string reference)
    {
        var path = Path(repository, "github.com");
        if (path is not null && path.Split('/') is [var owner, var name])
            return $"https://codeload.github.com/{owner}/{name}/tar.gz/{Uri.EscapeDataString(reference)}";
        path = Path(repository, "gitlab.com");
        if (path is not null && path.Contains('/'))
            return $"https://gitlab.com/{path}/-/archive/{Uri.EscapeDataString(reference)}/{path[(path.LastIndexOf('/') + 1)..]}-{Uri.EscapeDataString(reference)}.tar.gz";
        return null;
    }

    /// <summary>The repository's path on <paramref name="host"/> (without <c>.git</c>), over HTTPS or SSH, or null for another host.</summary>
    private static string? Path(string repository, string host)
    {
        foreach (var prefix in new[] { $"https://{host}/", $"http://{host}/", $"git@{host}:", $"ssh://git@{host}/" })
        {
            if (!repository.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) continue;
            var path = repository[prefix.Length..].TrimEnd('/');
            return path.EndsWith(".git", StringComparison.Ordinal) ? path[..^4] : path;
        }
        return null;
    }
}
