using Acolhimento.Validation.Configuration;
using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Support;

[assembly: AssemblyFixture(typeof(Acolhimento.Validation.Tests.Gate.RepositoryGate))]

namespace Acolhimento.Validation.Tests.Gate;

/// <summary>This repository parsed and rendered once per test run, shared by every gate test.</summary>
public sealed class RepositoryGate
{
    private readonly Lazy<Task<(ParseResult Parse, RenderResult Render)>> _result = new(async () =>
    {
        var root = RepositoryLocator.Root;
        var parse = ParseStage.Run(RepositoryScanner.Scan(root));
        var render = await new RenderStage(new ProcessRunner(), RenderCache.Default()).RunAsync(parse.Repository, RepositoryConfiguration.Load(root), []);
        return (parse, render);
    });

    public Task<(ParseResult Parse, RenderResult Render)> ResultAsync() => _result.Value;
}
