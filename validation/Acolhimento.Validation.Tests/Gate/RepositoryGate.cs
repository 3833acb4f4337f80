using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Pipeline;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Support;

[assembly: AssemblyFixture(typeof(Acolhimento.Validation.Tests.Gate.RepositoryGate))]

namespace Acolhimento.Validation.Tests.Gate;

/// <summary>This repository parsed and rendered once per test run, shared by every gate test.</summary>
public sealed class RepositoryGate
{
    private readonly Lazy<Task<(ParseResult Parse, RenderResult Render)>> _result = new(async () =>
    {
        var input = RepositoryInput.Read(RepositoryLocator.Root);
        var render = await TestPipeline.Create().RenderAsync(input, []);
        return (input.Parsed, render);
    });

    public Task<(ParseResult Parse, RenderResult Render)> ResultAsync() => _result.Value;
}
