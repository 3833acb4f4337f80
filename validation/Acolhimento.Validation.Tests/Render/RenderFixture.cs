using Acolhimento.Validation.Configuration;
using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Support;

namespace Acolhimento.Validation.Tests.Render;

/// <summary>A copy of the small fixture repository (Render/Fixtures/repo) that a test may change, rendered with a private cache.</summary>
public sealed class RenderFixture : IDisposable
{
    private readonly TempRepository _cache = new();

    public RenderFixture() => Repository = new TempRepository().CopyFrom(RepositoryLocator.Fixture("Render", "Fixtures", "repo"));

    public TempRepository Repository { get; }

    public RenderFixture Write(string path, string content)
    {
        Repository.Write(path, content);
        return this;
    }

    public async Task<RenderResult> RenderAsync(IProcessRunner? runner = null, RenderOptions? options = null, params string[] clusters)
    {
        var parsed = ParseStage.Run(RepositoryScanner.Scan(Repository.Root));
        parsed.Findings.ShouldHaveNoErrors();
        var configuration = RepositoryConfiguration.Load(Repository.Root);
        var stage = new RenderStage(runner ?? new ProcessRunner(), new RenderCache(_cache.Root), options);
        return await stage.RunAsync(parsed.Repository, configuration, clusters);
    }

    /// <summary>Parses and renders without requiring a clean parse: for inputs the parse stage refuses.</summary>
    public async Task<(IReadOnlyList<Finding> Parse, RenderResult Render)> ParseAndRenderAsync(IProcessRunner? runner = null, RenderOptions? options = null)
    {
        var parsed = ParseStage.Run(RepositoryScanner.Scan(Repository.Root));
        var stage = new RenderStage(runner ?? new ProcessRunner(), new RenderCache(_cache.Root), options);
        return (parsed.Findings, await stage.RunAsync(parsed.Repository, RepositoryConfiguration.Load(Repository.Root), []));
    }

    public RenderFixture WriteBytes(string path, byte[] content)
    {
        Repository.WriteBytes(path, content);
        return this;
    }

    public void Dispose()
    {
        Repository.Dispose();
        _cache.Dispose();
    }
}

public static class RenderResultExtensions
{
    public static RenderedObject Object(this RenderResult result, string kind, string name) =>
        result.Clusters.SelectMany(c => c.Objects).Single(o => o.Kind == kind && o.Name == name);

    public static IEnumerable<Finding> Errors(this RenderResult result) => result.Findings.Where(f => f.Severity == Severity.Error);
}
