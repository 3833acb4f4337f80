using Acolhimento.Validation.Live;
using Acolhimento.Validation.Tests.Gate;
using Acolhimento.Validation.Tests.Support;

namespace Acolhimento.Validation.Tests.Live;

/// <summary>The live gate: a real API server accepts every object every cluster of this repository receives.</summary>
[Collection(LiveCollection.Name)]
[Trait("Category", "Live")]
public sealed class LiveGateTests(LiveClusterFixture fixture, RepositoryGate gate)
{
    [Fact]
    public async Task Every_clusters_objects_are_accepted_by_a_real_api_server()
    {
        var cluster = await fixture.RequireClusterAsync();
        var schemas = LiveClusterFixture.RequireSchemaDirectory();
        var (_, render) = await gate.ResultAsync();
        render.Findings.ShouldHaveNoErrors(); // the live stage applies what rendered; a failed render would hide objects
        var stage = new LiveStage(fixture.Runner, fixture.Options with { SchemaDirectory = schemas });
        (await stage.RunAsync(cluster, render.Clusters, TestContext.Current.CancellationToken)).ShouldHaveNoErrors();
    }
}
