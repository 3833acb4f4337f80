using Acolhimento.Validation.Pipeline;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Render;

namespace Acolhimento.Validation.Tests.Support;

/// <summary>
/// The pipeline as tests run it: the one library entry every caller uses, with a render cache the test chooses and a
/// fixed day instead of the calendar (only <c>TodaysDateGateTests</c> runs on the real date, on purpose).
/// </summary>
public static class TestPipeline
{
    /// <summary>A day on which every waiver of this repository is in force; tests judge expiry against it, never against the clock.</summary>
    public static readonly DateOnly Today = new(2026, 12, 1);

    /// <summary>Settings with a render cache under <paramref name="cacheRoot"/> (null: the user's cache, as the CLI uses) and the fixed day.</summary>
    public static PipelineSettings Settings(string? cacheRoot = null, RenderOptions? options = null, Validation.Tools.ToolCache? tools = null) =>
        new(cacheRoot is null ? RenderCache.Default() : new RenderCache(cacheRoot), tools, options, () => Today);

    /// <summary>The pipeline; skips the test when there is no schema data, without which every render stops (<see cref="SchemaDataSkip.RequireForRender"/>).</summary>
    public static ValidationPipeline Create(string? cacheRoot = null, IProcessRunner? runner = null, RenderOptions? options = null)
    {
        SchemaDataSkip.RequireForRender();
        return new(runner ?? new ProcessRunner(), Settings(cacheRoot, options));
    }

    /// <summary>Discover, parse and render <paramref name="root"/> (every cluster when none is named) through the pipeline.</summary>
    public static async Task<(RepositoryInput Input, RenderResult Render)> RenderAsync(
        string root, string? cacheRoot, IReadOnlyList<string>? clusters = null, IProcessRunner? runner = null, RenderOptions? options = null)
    {
        var input = RepositoryInput.Read(root);
        var render = await Create(cacheRoot, runner, options).RenderAsync(input, clusters ?? [], TestContext.Current.CancellationToken);
        return (input, render);
    }
}
