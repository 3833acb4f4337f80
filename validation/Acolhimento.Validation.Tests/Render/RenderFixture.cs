using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Support;

namespace Acolhimento.Validation.Tests.Render;

/// <summary>A copy of the small fixture repository (Render/Fixtures/repo) that a test may change, rendered with a private cache.</summary>
public sealed class RenderFixture : IDisposable
{
    private readonly TempRepository _cache = new();

    public RenderFixture() => Repository = new TempRepository().CopyFrom(RepositoryLocator.Fixture("Render", "repo"));

    public TempRepository Repository { get; }

    public RenderFixture Write(string path, string content)
    {
        Repository.Write(path, content);
        return this;
    }

    public async Task<RenderResult> RenderAsync(IProcessRunner? runner = null, RenderOptions? options = null, params string[] clusters)
    {
        var (input, render) = await TestPipeline.RenderAsync(Repository.Root, _cache.Root, clusters, runner, options);
        input.Findings.ShouldHaveNoErrors();
        return render;
    }

    /// <summary>Parses and renders without requiring a clean parse: for inputs the parse stage refuses.</summary>
    public async Task<(IReadOnlyList<Finding> Parse, RenderResult Render)> ParseAndRenderAsync(IProcessRunner? runner = null, RenderOptions? options = null)
    {
        var (input, render) = await TestPipeline.RenderAsync(Repository.Root, _cache.Root, [], runner, options);
        return (input.Findings, render);
    }

    /// <summary>The 1-based line of <paramref name="file"/> that contains <paramref name="text"/> (which must occur on exactly one line).</summary>
    public int LineOf(string file, string text) => FixtureText.LineOf(Path.Combine(Repository.Root, file), text);

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
