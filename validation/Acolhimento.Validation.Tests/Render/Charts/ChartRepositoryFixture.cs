using Acolhimento.Validation.Configuration;
using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Render.Charts;
using Acolhimento.Validation.Tests.AnyRepository;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Render.Charts;

/// <summary>
/// A small repository (<see cref="SmallRepository"/>) plus a chart cache of its own: archives are put in the cache and
/// pinned in the repository's <c>validation/charts.lock.yaml</c> by the test, then the render stage runs offline.
/// </summary>
public sealed class ChartRepositoryFixture : IDisposable
{
    public const string ChartRepository = "https://charts.example.com/stable";

    private readonly TempRepository _cache = new();
    private readonly TempRepository _renders = new();
    private ChartLock _lock = ChartLock.Empty;

    /// <param name="extraSpec">More of validation.yaml's spec (kustomizeBuildOptions, say).</param>
    public ChartRepositoryFixture(string extraSpec = "")
    {
        Store = new ChartStore(_cache.Root);
        Repository = new SmallRepository(extraSpec);
    }

    public SmallRepository Repository { get; }

    public ChartStore Store { get; }

    /// <summary>Puts the archive in the cache and pins it in the lock (as <c>charts pull</c> would).</summary>
    public ChartRepositoryFixture Cached(string name, string version, byte[] archive, string repository = ChartRepository) =>
        Pinned(name, version, Store.Put(archive), repository);

    public ChartRepositoryFixture Pinned(string name, string version, string sha, string repository = ChartRepository) =>
        Locked(ArchiveKind.Chart, new LockedArchive(repository, name, version, sha));

    /// <summary>Puts a repository archive in the cache and pins it as the remote base <paramref name="repository"/>//<paramref name="path"/> at <paramref name="reference"/>.</summary>
    public ChartRepositoryFixture CachedBase(string repository, string path, string reference, byte[] archive) =>
        Locked(ArchiveKind.Base, new LockedArchive(repository, path, reference, Store.Put(archive)));

    public ChartRepositoryFixture Locked(ArchiveKind kind, LockedArchive entry)
    {
        _lock = _lock.Pinned(kind, entry);
        Repository.Write(ChartLock.RelativePath, _lock.Write());
        return this;
    }

    /// <summary>An Application installing chart <paramref name="chart"/>@<paramref name="version"/> of <see cref="ChartRepository"/> with the given helm block.</summary>
    public static string UpstreamApplication(string name, string chart, string version, string helm = "") => $"""
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata:
          name: {name}
          namespace: argocd
        spec:
          project: default
          destination:
            server: https://kubernetes.default.svc
            namespace: {name}
          source:
            repoURL: {ChartRepository}
            chart: {chart}
            targetRevision: {version}
        {helm}
        """;

    public async Task<RenderResult> RenderAsync()
    {
        var parsed = ParseStage.Run(RepositoryScanner.Scan(Repository.Root));
        parsed.Findings.ShouldHaveNoErrors();
        SchemaDataSkip.RequireForRender();
        return await new RenderStage(new ProcessRunner(), new RenderCache(_renders.Root), chartStore: Store)
            .RunAsync(parsed.Repository, RepositoryConfiguration.Load(Repository.Root), [], TestContext.Current.CancellationToken);
    }

    public void Dispose()
    {
        Repository.Dispose();
        _cache.Dispose();
        _renders.Dispose();
    }
}
