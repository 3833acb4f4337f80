using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Live;

/// <summary>What applying (or dry-running) a step yielded: the objects the server accepted and the findings.</summary>
public sealed record BatchResult(IReadOnlyList<LiveObject> Accepted, IReadOnlyList<Finding> Findings);

/// <summary>
/// Sends each object of a step as its own server-side apply request, several at a time: the answer to a request is
/// about that object alone, so every warning and refusal is attributed without guessing. The resource path comes from
/// the server's discovery; a kind it does not serve is a refusal at the object's <c>apiVersion</c>.
/// </summary>
internal sealed class ObjectApplier(ApiServer api, ApiDiscovery discovery, int parallelism)
{
    public async Task<BatchResult> RunAsync(IReadOnlyList<LiveObject> objects, ApplyMode mode, PodSecurityEnforcement enforcement, CancellationToken cancellationToken)
    {
        var results = new (bool Accepted, IReadOnlyList<Finding> Findings)[objects.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, objects.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken },
            async (i, ct) => results[i] = await OneAsync(objects[i], mode, enforcement, ct));
        return new BatchResult(objects.Where((_, i) => results[i].Accepted).ToList(), results.SelectMany(r => r.Findings).ToList());
    }

    private async Task<(bool Accepted, IReadOnlyList<Finding> Findings)> OneAsync(LiveObject target, ApplyMode mode, PodSecurityEnforcement enforcement, CancellationToken cancellationToken)
    {
        var resolution = await discovery.ResolveAsync(target.ApiVersion, target.Kind, cancellationToken);
        if (resolution.Resource is not { } resource)
        {
            return (false, [resolution.NotServed
                ? LiveFindings.NotServed(target, resolution.Problem!, mode)
                : target.Source.Finding(Stages.Live, Severity.Error, LiveFindings.Rejected, $"{LiveFindings.Describe(mode)} of {target} could not be sent: {resolution.Problem}")]);
        }
        var path = resource.ObjectPath(target.Namespace, target.Name);
        var response = await api.ApplyAsync(path, target.Json, mode, cancellationToken);
        var locate = response is { Outcome: ApiOutcome.Answered, Succeeded: false } && ApiStatus.From(response).Causes.Any(ImmutableChanges.Concerns)
            ? await ImmutableChanges.LocatorAsync(api, path, target, cancellationToken)
            : null;
        return LiveFindings.FromResponse(target, response, mode, enforcement, api.Timeout, locate);
    }
}
