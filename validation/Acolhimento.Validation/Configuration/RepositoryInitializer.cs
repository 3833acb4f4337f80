using System.Text;
using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Configuration;

/// <summary>An Argo CD entry point found in a repository: a folder of Applications applied by hand, or an app-of-apps chart no Application renders.</summary>
public sealed record EntryPoint(string Path, bool IsChart);

/// <summary>What <c>init</c> found and the <c>validation.yaml</c> text it writes.</summary>
public sealed record InitResult(string Text, IReadOnlyList<string> RepositoryUrls, IReadOnlyList<EntryPoint> EntryPoints, IReadOnlyList<string> Notes);

/// <summary>
/// <c>init</c>: finds a repository's Argo CD entry points and writes a commented <c>validation.yaml</c> for it —
/// repository URLs (from <c>git remote</c>, else from the Applications whose paths exist here; both the https and the
/// ssh form, as Argo CD may name either; else from the Helm values of an app-of-apps chart), one cluster per
/// <c>clusters/&lt;name&gt;/</c> entry folder (this repository's convention) and otherwise an <c>in-cluster</c> cluster with
/// its entry points listed, each other destination the Applications name as an <c>argoCdClusters</c> entry of the cluster
/// whose Argo CD deploys to it, the newest Kubernetes version the schema lock pins, and the tool pins this harness ships
/// (its own <c>validation.yaml</c>'s <c>tools:</c>, embedded).
/// </summary>
public static class RepositoryInitializer
{
    public const string ToolsResource = "Acolhimento.Validation.validation.yaml";

    private static readonly string[] EnvironmentOrder = ["dev", "development", "test", "qa", "uat", "stage", "staging", "preprod", "prod", "production"];

    /// <summary>The newest Kubernetes version the harness's schema lock pins: what a new cluster entry starts from.</summary>
    public static string NewestKubernetesVersion() =>
        Schema.Pull.SchemaLock.Builtin().Kubernetes.Select(k => k.Version).OrderBy(v => Kubernetes.ReleaseVersion.Parse(v)).Last();

    /// <summary>Fetch URLs of the repository's git remotes (none when git or a remote is missing).</summary>
    public static async Task<IReadOnlyList<string>> GitRemotesAsync(IProcessRunner runner, string root, CancellationToken ct)
    {
        var result = await runner.RunAsync(new ProcessSpec("git", ["-C", root, "remote", "-v"], TimeSpan.FromSeconds(20)), ct);
        if (!result.Succeeded) return [];
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries))
            .Where(p => p.Length >= 2 && (p.Length < 3 || p[2] == "(fetch)"))
            .Select(p => p[1]).Distinct(StringComparer.Ordinal).ToList();
    }

    public static InitResult Generate(ParsedRepository repository, IReadOnlyList<string> remotes, string newestKubernetesVersion)
    {
        var notes = new List<string>();
        var argo = repository.Files.Where(f => f.File.Kind == FileKind.Manifest)
            .SelectMany(f => f.Mappings.Where(IsArgoCdApplication).Select(m => (File: f, Body: m)))
            .ToList();
        var sources = argo.SelectMany(a => Sources(a.Body)).ToList();
        var appOfAppsCharts = AppOfAppsCharts(repository).ToList();
        var chartValues = ChartValueReferences.Read(repository, appOfAppsCharts);
        // A remote that is a local path (a mirror, a bundle) is not a URL Argo CD fetches from: the Applications say which one it is.
        remotes = remotes.Where(r => r.Contains("://", StringComparison.Ordinal) || r.StartsWith("git@", StringComparison.Ordinal)).ToList();
        var urls = remotes.Count > 0
            ? remotes
            : sources.Where(s => s.Path is not null && RepositoryPaths.Combine("", s.Path) is { } p && Directory.Exists(Path.Combine(repository.Root, p)))
                .Select(s => s.RepoUrl).Distinct(StringComparer.Ordinal).ToList();
        var fromValues = urls.Count == 0 ? chartValues.Where(v => v.Field == "repoURL").ToList() : [];
        if (fromValues.Count > 0) urls = fromValues.Select(v => v.Value).Distinct(StringComparer.Ordinal).ToList();
        if (remotes.Count == 0)
        {
            notes.Add(fromValues.Count > 0 ? $"no git remote with a URL: repository URLs taken from the Helm values of app-of-apps chart {string.Join(", ", fromValues.Select(v => v.Chart + "/values.yaml").Distinct())}"
                : urls.Count > 0 ? "no git remote with a URL: repository URLs taken from the Applications whose paths exist here"
                : "no git remote and no Application of this repository: set repositoryUrls by hand");
        }
        var known = urls.Select(RepositoryConfiguration.NormaliseUrl).ToHashSet(StringComparer.Ordinal);
        var rendered = sources.Where(s => known.Contains(RepositoryConfiguration.NormaliseUrl(s.RepoUrl)) && s.Path is not null)
            .Select(s => RepositoryPaths.Combine("", s.Path!)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        bool Rendered(string folder) => rendered.Any(r => r.Length == 0 || folder == r || folder.StartsWith(r + "/", StringComparison.Ordinal));

        var entries = argo.Select(a => RepositoryPaths.Folder(a.File.Path)).Distinct(StringComparer.Ordinal).Where(f => !Rendered(f))
            .Select(f => new EntryPoint(f, IsChart: false)).ToList();
        entries.AddRange(appOfAppsCharts.Where(c => !Rendered(c)).Select(c => new EntryPoint(c, IsChart: true)));
        entries = entries.OrderBy(e => e.Path, StringComparer.Ordinal).ToList();
        var candidates = entries.Count == 0 ? CandidateEntryPoints(repository) : [];
        if (entries.Count == 0)
        {
            notes.Add("no Argo CD entry point found (no Application or ApplicationSet outside what another Application renders, no app-of-apps chart)");
            notes.Add(candidates.Count == 0
                ? "no cluster is declared; validate checks nothing and exits 2 until you declare, under spec.clusters, each cluster with the folders applied to it (entryPoints)"
                : $"no cluster is declared; validate checks nothing and exits 2 until you decide which of these folders each cluster applies and declare them as its entryPoints: {string.Join(", ", candidates.Select(c => c.Path + "/"))}");
        }

        var conventional = entries.Where(e => !e.IsChart && IsClusterFolder(e.Path)).Select(e => e.Path[(ClusterFolderPrefix.Length)..]).ToList();
        var others = entries.Where(e => e.IsChart || !IsClusterFolder(e.Path)).ToList();
        var destinations = DestinationProposals.Find(argo.Select(a => (a.File.Path, a.Body)), chartValues);
        var clusterFolders = conventional.Select(c => ClusterFolderPrefix + c).ToList();
        if (destinations.Count > 0)
        {
            notes.Add($"Applications deploy to {destinations.Count} cluster(s) besides Argo CD's own ({string.Join(", ", destinations.Select(d => d.Name))}): "
                + "each is declared under argoCdClusters and checked as its own cluster; decide each one's server and Kubernetes version"
                + (destinations.Any(d => d.Server is null) ? $", and set the server of {string.Join(", ", destinations.Where(d => d.Server is null).Select(d => d.Name))}, which the Applications name without one" : ""));
        }
        var text = new StringBuilder();
        text.Append("# What the validation harness needs to know about this repository, each fact declared once.\n");
        text.Append("apiVersion: " + Identity.Harness.FileApiVersion + "\n");
        text.Append("kind: RepositoryConfiguration\n");
        text.Append("metadata:\n");
        text.Append($"  name: {Name(urls, repository.Root)}\n");
        text.Append("spec:\n");
        text.Append("  # Sources with these URLs are rendered from the working tree; any other URL is an external (upstream) source.\n");
        text.Append("  repositoryUrls:\n");
        foreach (var url in urls.SelectMany(Forms).Distinct(StringComparer.Ordinal)) text.Append($"    - {url}\n");
        if (urls.Count == 0) text.Append("    - https://example.invalid/set-this-repository-url.git\n");
        text.Append("  # Kubernetes version each cluster runs: schemas and deprecations are checked against it.\n");
        if (conventional.Count == 0 && others.Count == 0) text.Append(UndecidedClusters(candidates, newestKubernetesVersion));
        else text.Append("  clusters:\n");
        foreach (var cluster in conventional.OrderBy(EnvironmentRank).ThenBy(c => c, StringComparer.Ordinal))
        {
            text.Append($"    - name: {cluster}\n      kubernetesVersion: \"{newestKubernetesVersion}\"\n");
            text.Append(DestinationProposals.Block(DestinationProposals.For(destinations, ClusterFolderPrefix + cluster, clusterFolders), newestKubernetesVersion));
        }
        if (others.Count > 0)
        {
            text.Append($"    - name: {(conventional.Contains("in-cluster") ? "argocd" : "in-cluster")}\n      kubernetesVersion: \"{newestKubernetesVersion}\"\n");
            text.Append("      # Where Argo CD starts (default clusters/<name>/): folders of Applications applied by hand, and app-of-apps charts.\n");
            text.Append("      entryPoints:\n");
            foreach (var entry in others) text.Append($"        - {(entry.Path.Length == 0 ? "." : entry.Path)}{(entry.IsChart ? "  # app-of-apps chart" : "")}\n");
            text.Append(DestinationProposals.Block(conventional.Count == 0 ? destinations : DestinationProposals.For(destinations, null, clusterFolders)
                .Where(d => d.FoundIn is not { } f || !clusterFolders.Any(c => f.StartsWith(c + "/", StringComparison.Ordinal))).ToList(), newestKubernetesVersion));
        }
        text.Append(ToolPins());
        return new InitResult(text.ToString(), urls, entries, notes);
    }

    /// <summary>
    /// No entry point found: an empty cluster list, never silently — the comment says that nothing is checked until the user
    /// declares what each cluster applies, and proposes the folders that could be entry points, commented out.
    /// </summary>
    private static string UndecidedClusters(IReadOnlyList<EntryPoint> candidates, string kubernetesVersion)
    {
        var text = new StringBuilder();
        text.Append("  # init found no Argo CD entry point: nothing is checked (validate exits 2) until you declare each cluster and the folders\n");
        text.Append("  # applied to it. ");
        if (candidates.Count == 0) text.Append("No kustomization or chart was found that could be one.\n");
        else
        {
            text.Append("Folders that could be entry points (kustomizations and charts nothing else includes); decide, then uncomment:\n");
            text.Append("  # clusters:\n");
            text.Append($"  #   - name: in-cluster\n  #     kubernetesVersion: \"{kubernetesVersion}\"\n  #     entryPoints:\n");
            foreach (var candidate in candidates) text.Append($"  #       - {(candidate.Path.Length == 0 ? "." : candidate.Path)}{(candidate.IsChart ? "  # chart" : "  # kustomization")}\n");
        }
        text.Append("  clusters: []\n");
        return text.ToString();
    }

    /// <summary>Kustomization folders no other kustomization includes, and charts that are not another chart's dependency: what could be applied to a cluster.</summary>
    private static IReadOnlyList<EntryPoint> CandidateEntryPoints(ParsedRepository repository)
    {
        var included = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in repository.Files.Where(f => f.File.Kind == FileKind.Kustomization))
        {
            var folder = RepositoryPaths.Folder(file.Path);
            foreach (var kustomization in file.Mappings)
            {
                foreach (var key in new[] { "resources", "bases", "components" })
                {
                    foreach (var item in (kustomization.Sequence(key)?.Items ?? []).OfType<YamlScalar>())
                    {
                        if (RepositoryPaths.Combine(folder, item.Value) is { } target) included.Add(target);
                    }
                }
            }
        }
        var kustomizations = repository.Files.Where(f => f.File.Kind == FileKind.Kustomization).Select(f => RepositoryPaths.Folder(f.Path))
            .Where(f => !included.Contains(f)).Select(f => new EntryPoint(f, IsChart: false));
        var charts = repository.Files.Where(f => f.File.Kind == FileKind.HelmChart).Select(f => RepositoryPaths.Folder(f.Path))
            .Where(f => !f.Contains("/charts/", StringComparison.Ordinal) && !f.StartsWith("charts/", StringComparison.Ordinal) || IsTopLevelChartsFolder(f))
            .Select(f => new EntryPoint(f, IsChart: true));
        return kustomizations.Concat(charts).DistinctBy(e => e.Path).OrderBy(e => e.Path, StringComparer.Ordinal).ToList();
    }

    /// <summary><c>charts/&lt;name&gt;</c> at the root is a repository's own chart, not a dependency folder of another chart.</summary>
    private static bool IsTopLevelChartsFolder(string folder) => folder.StartsWith("charts/", StringComparison.Ordinal) && folder.Count(c => c == '/') == 1;

    private const string ClusterFolderPrefix = "clusters/";

    private static bool IsClusterFolder(string folder) =>
        folder.StartsWith(ClusterFolderPrefix, StringComparison.Ordinal) && !folder[ClusterFolderPrefix.Length..].Contains('/') && folder.Length > ClusterFolderPrefix.Length;

    /// <summary>Environments in promotion order (dev, staging, production…), anything else after them.</summary>
    private static int EnvironmentRank(string name) => Array.IndexOf(EnvironmentOrder, name.ToLowerInvariant()) is var i and >= 0 ? i : EnvironmentOrder.Length;

    private static bool IsArgoCdApplication(YamlMapping m) =>
        (m.String("apiVersion") ?? "").StartsWith(Kubernetes.ApiGroups.ArgoProj + "/", StringComparison.Ordinal) && m.String("kind") is "Application" or "ApplicationSet";

    private static IEnumerable<(string RepoUrl, string? Path)> Sources(YamlMapping application)
    {
        var spec = application.Mapping("spec");
        if (application.String("kind") == "ApplicationSet") spec = spec?.Mapping("template")?.Mapping("spec");
        var sources = new List<YamlMapping>();
        if (spec?.Mapping("source") is { } single) sources.Add(single);
        sources.AddRange((spec?.Sequence("sources")?.Items ?? []).OfType<YamlMapping>());
        return sources.Where(s => s.String("repoURL") is { } u && !u.Contains("{{", StringComparison.Ordinal))
            .Select(s => (s.String("repoURL")!, s.String("path") is { } p && !p.Contains("{{", StringComparison.Ordinal) ? p : null));
    }

    /// <summary>Charts whose templates write Applications or ApplicationSets.</summary>
    private static IEnumerable<string> AppOfAppsCharts(ParsedRepository repository)
    {
        foreach (var chart in repository.Files.Where(f => f.File.Kind == FileKind.HelmChart).Select(f => RepositoryPaths.Folder(f.Path)))
        {
            var templates = Path.Combine(repository.Root, chart, "templates");
            if (!Directory.Exists(templates)) continue;
            var writesApplications = Directory.EnumerateFiles(templates, "*", SearchOption.AllDirectories)
                .Where(f => new FileInfo(f).Length < 1024 * 1024)
                .Any(f => File.ReadAllText(f) is var t && (t.Contains("kind: Application\n", StringComparison.Ordinal) || t.Contains("kind: ApplicationSet\n", StringComparison.Ordinal)));
            if (writesApplications) yield return chart;
        }
    }

    /// <summary>https and ssh forms of a hosted repository URL; anything else as written.</summary>
    private static IEnumerable<string> Forms(string url)
    {
        var normal = RepositoryConfiguration.NormaliseUrl(url);
        if (!normal.StartsWith("https://", StringComparison.Ordinal) || normal.Count(c => c == '/') != 4) return [url];
        var rest = normal["https://".Length..];
        var host = rest[..rest.IndexOf('/')];
        return [$"{normal}.git", $"git@{host}:{rest[(host.Length + 1)..]}.git"];
    }

    private static string Name(IReadOnlyList<string> urls, string root)
    {
        var normal = urls.Count > 0 ? RepositoryConfiguration.NormaliseUrl(urls[0]) : "";
        var parts = normal.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var name = parts.Length >= 3 ? $"{parts[^2]}-{parts[^1]}" : Path.GetFileName(Path.GetFullPath(root).TrimEnd('/'));
        return TemplateName(name);
    }

    private static string TemplateName(string name) =>
        System.Text.RegularExpressions.Regex.Replace(name.ToLowerInvariant(), "[^a-z0-9.-]+", "-").Trim('-', '.') is { Length: > 0 } n ? n : "repository";

    /// <summary>The <c>tools:</c> block of the harness's own validation.yaml (embedded), comments included: the pins this harness is tested with.</summary>
    public static string ToolPins()
    {
        using var stream = typeof(RepositoryInitializer).Assembly.GetManifestResourceStream(ToolsResource)
            ?? throw new CannotValidateException($"this build of the harness carries no {ToolsResource}");
        var text = new StreamReader(stream).ReadToEnd().ReplaceLineEndings("\n");
        var start = text.IndexOf("\n  tools:\n", StringComparison.Ordinal);
        if (start < 0) throw new CannotValidateException($"{ToolsResource} has no spec.tools block");
        var block = text[(start + 1)..];
        // The block runs to the next spec-level key (two-space indentation) or the end.
        var lines = block.Split('\n').ToList();
        var end = lines.FindIndex(1, l => l.StartsWith("  ", StringComparison.Ordinal) && !l.StartsWith("   ", StringComparison.Ordinal) && !l.TrimStart().StartsWith('#') && l.Trim().Length > 0);
        return string.Join('\n', end < 0 ? lines : lines.Take(end)).TrimEnd('\n') + "\n";
    }
}
