namespace Acolhimento.Validation.Pipeline;

/// <summary>
/// A step of a run that can take a while, as the pipeline reports it through <see cref="PipelineSettings.Progress"/>:
/// what it is doing and, when it concerns some clusters only, which. The library never prints; the CLI shows these on
/// standard error, away from the machine-readable output.
/// </summary>
public sealed record PipelineStep(string Description, IReadOnlyList<string> Clusters)
{
    public override string ToString() => Clusters.Count == 0 ? Description : $"{Description} ({(Clusters.Count == 1 ? "cluster" : "clusters")} {string.Join(", ", Clusters)})";
}

internal static class PipelineProgress
{
    public static void Report(this IProgress<PipelineStep>? progress, string description, IReadOnlyList<string>? clusters = null) =>
        progress?.Report(new PipelineStep(description, clusters ?? []));
}
