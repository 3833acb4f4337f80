using System.Text;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render.Charts;

/// <summary>
/// One archive fetched from outside the repository: a chart (<see cref="Repository"/> a Helm repository or an
/// <c>oci://</c> registry, <see cref="Name"/> the chart, <see cref="Version"/> its exact version) or a remote Kustomize
/// base (<see cref="Repository"/> the Git URL, <see cref="Name"/> the path in it, <see cref="Version"/> the pinned ref).
/// <see cref="Sha256"/> is the digest of the archive; null until <c>charts pull</c> pins it.
/// </summary>
public sealed record LockedArchive(string Repository, string Name, string Version, string? Sha256, string? Url = null)
{
    /// <summary>How findings and the CLI name it: <c>name@version from repository</c>.</summary>
    public string Describe() => $"{Name}@{Version} from {Repository}";

    public bool Is(ArchiveRequest request) =>
        ChartLock.SameRepository(Repository, request.Repository) && Name == request.Name && Version == request.Version;
}

/// <summary>What a render needed from outside the repository and did not find in the chart cache (<c>charts pull</c> fetches these).</summary>
public sealed record ArchiveRequest(ArchiveKind Kind, string Repository, string Name, string Version)
{
    public string Describe() => $"{Name}@{Version} from {Repository}";
}

public enum ArchiveKind
{
    /// <summary>A Helm chart: an Application's upstream chart, a dependency, a kustomize helmCharts entry.</summary>
    Chart,

    /// <summary>A remote Kustomize base at a pinned ref (a Git repository's tree, as an archive).</summary>
    Base,
}

/// <summary>
/// <c>validation/charts.lock.yaml</c>: every chart and remote base the repository's sources render, each pinned by the
/// SHA-256 of its archive. Entries are looked up by (repository, name, version); the archive itself lives in the
/// content-addressed <see cref="ChartStore"/>, so an archive is only ever used when its bytes hash to the pinned digest.
/// </summary>
public sealed record ChartLock(IReadOnlyList<LockedArchive> Charts, IReadOnlyList<LockedArchive> Bases)
{
    public const string RelativePath = "validation/charts.lock.yaml";

    public static readonly ChartLock Empty = new([], []);

    /// <summary>The repository's lock, or <see cref="Empty"/> when it has none; a lock that cannot be read stops the run (exit 2).</summary>
    public static ChartLock Load(string repositoryRoot)
    {
        var path = Path.Combine(repositoryRoot, RelativePath);
        var info = new FileInfo(path);
        if (!info.Exists) return Empty;
        if (info.LinkTarget is not null) throw new CannotValidateException($"{RelativePath} is a symbolic link; the chart lock must be a file of the repository");
        if (info.Length > 4 * 1024 * 1024) throw new CannotValidateException($"{RelativePath} is {info.Length} bytes, over the 4 MiB a lock file may have");
        try
        {
            return Parse(File.ReadAllText(path), RelativePath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CannotValidateException($"cannot read {RelativePath}: {ex.Message}");
        }
    }

    public static ChartLock Parse(string text, string source)
    {
        var read = YamlReader.Read(text);
        if (read.Problems.Count > 0) throw Invalid(source, $"{read.Problems[0].Message} at line {read.Problems[0].At.Line}");
        if (read.Documents.Count != 1 || read.Documents[0].Root is not YamlMapping root) throw Invalid(source, "expected one YAML mapping");
        if (root.String("kind") is { } kind && kind != "ChartLock") throw Invalid(source, $"kind is {kind}, expected ChartLock");
        return new ChartLock(Entries(root, "charts", "name", "version", source), Entries(root, "bases", "path", "ref", source));
    }

    /// <summary>The pinned entry for a request, or null.</summary>
    public LockedArchive? Find(ArchiveRequest request) => (request.Kind == ArchiveKind.Chart ? Charts : Bases).FirstOrDefault(e => e.Is(request));

    /// <summary>This lock with an entry's digest (and archive URL) set, the entry added when it was not listed.</summary>
    public ChartLock Pinned(ArchiveKind kind, LockedArchive entry)
    {
        var list = (kind == ArchiveKind.Chart ? Charts : Bases).ToList();
        var at = list.FindIndex(e => e.Is(new ArchiveRequest(kind, entry.Repository, entry.Name, entry.Version)));
        if (at >= 0) list[at] = entry;
        else list.Add(entry);
        var ordered = list.OrderBy(e => e.Repository, StringComparer.Ordinal).ThenBy(e => e.Name, StringComparer.Ordinal).ThenBy(e => e.Version, StringComparer.Ordinal).ToList();
        return kind == ArchiveKind.Chart ? this with { Charts = ordered } : this with { Bases = ordered };
    }

    /// <summary>The lock as <c>charts pull</c> writes it.</summary>
    public string Write()
    {
        var text = new StringBuilder();
        text.Append("# Charts and remote Kustomize bases this repository renders, each pinned by the SHA-256 of its archive.\n")
            .Append($"# Written by `{Identity.Harness.ToolName} charts pull`; validate renders only archives of the chart cache that hash to these digests.\n")
            .Append($"apiVersion: {Identity.Harness.FileApiVersion}\nkind: ChartLock\n");
        void Section(string key, IReadOnlyList<LockedArchive> entries, string nameKey, string versionKey)
        {
            text.Append(key).Append(entries.Count == 0 ? ": []\n" : ":\n");
            foreach (var e in entries)
            {
                text.Append("  - repository: ").Append(Quoted(e.Repository)).Append('\n')
                    .Append("    ").Append(nameKey).Append(": ").Append(Quoted(e.Name)).Append('\n')
                    .Append("    ").Append(versionKey).Append(": ").Append(Quoted(e.Version)).Append('\n');
                if (e.Url is not null) text.Append("    url: ").Append(Quoted(e.Url)).Append('\n');
                if (e.Sha256 is not null) text.Append("    sha256: ").Append(e.Sha256).Append('\n');
            }
        }
        Section("charts", Charts, "name", "version");
        Section("bases", Bases, "path", "ref");
        return text.ToString();
    }

    /// <summary>Helm repository URLs compare without a trailing slash and with scheme and host in lower case, as Argo CD normalises them.</summary>
    public static bool SameRepository(string a, string b) => string.Equals(Normalised(a), Normalised(b), StringComparison.Ordinal);

    private static string Normalised(string url)
    {
        var trimmed = url.Trim().TrimEnd('/');
        var scheme = trimmed.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0) return trimmed;
        var hostEnd = trimmed.IndexOf('/', scheme + 3);
        return hostEnd < 0 ? trimmed.ToLowerInvariant() : trimmed[..hostEnd].ToLowerInvariant() + trimmed[hostEnd..];
    }

    private static string Quoted(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static List<LockedArchive> Entries(YamlMapping root, string key, string nameKey, string versionKey, string source)
    {
        if (root[key] is { } node && node is not YamlSequence && node is not YamlScalar { IsNull: true }) throw Invalid(source, $"{key} is not a list");
        var entries = new List<LockedArchive>();
        foreach (var item in root.Sequence(key)?.Items ?? [])
        {
            if (item is not YamlMapping entry) throw Invalid(source, $"an entry of {key} at line {item.Start.Line} is not a mapping");
            var sha = entry.String("sha256")?.ToLowerInvariant();
            if (sha is not null && !IsDigest(sha)) throw Invalid(source, $"sha256 {sha} at line {entry.Start.Line} is not 64 hex digits");
            var parsed = new LockedArchive(Required(entry, "repository", source), Required(entry, nameKey, source), Required(entry, versionKey, source), sha, entry.String("url"));
            if (entries.Any(e => e.Is(new ArchiveRequest(ArchiveKind.Chart, parsed.Repository, parsed.Name, parsed.Version))))
                throw Invalid(source, $"{parsed.Describe()} is listed twice (line {entry.Start.Line})");
            entries.Add(parsed);
        }
        return entries;
    }

    public static bool IsDigest(string sha) => sha.Length == 64 && sha.All(c => char.IsAsciiHexDigitLower(c) || char.IsAsciiDigit(c));

    private static string Required(YamlMapping mapping, string key, string source) =>
        mapping.String(key) is { Length: > 0 } value ? value : throw Invalid(source, $"the entry at line {mapping.Start.Line} has no {key}");

    private static CannotValidateException Invalid(string source, string reason) => new($"chart lock file {source} is not valid: {reason}");
}
