using System.Net;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Live;

/// <summary>What applying (or dry-running) a step yielded: the objects the server accepted and the findings.</summary>
internal sealed record BatchResult(IReadOnlyList<LiveObject> Accepted, IReadOnlyList<Finding> Findings);

/// <summary>
/// Sends each object of a step as its own server-side apply request, several at a time: the answer to a request is
/// about that object alone, so every warning and refusal is attributed without guessing. The resource path comes from
/// the server's discovery; a kind it does not serve is a refusal at the object's <c>apiVersion</c>.
/// </summary>
/// <para>
/// One cluster serves every environment (and may outlive a run): an object may already exist there as another
/// environment's version (<see cref="LiveObject.EnvironmentAnnotation"/>). Where that version's immutable fields clash
/// with this one's, a real cluster would never have seen it, so it is deleted and the request sent again. A clash with
/// this environment's own earlier version (the previous revision) is the finding it is.
/// </para>
/// <para>
/// The verdict must not depend on what the cluster already holds: the API server sends some warnings only when it creates an
/// object (a CRD object's finalizer names, Pod Security on a workload whose template did not change). A dry run answered as
/// an update (200, not 201) is therefore repeated as a dry-run create of a renamed twin (<see cref="TwinName"/>), and its
/// warnings are reported with the update's, as a fresh cluster would report them. A twin the server refuses (a name the kind
/// constrains, a port the original holds) adds nothing.
/// </para>
internal sealed class ObjectApplier(ApiServer api, ApiDiscovery discovery, int parallelism, Polling deletion, KindSchemas schemas)
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
                : target.Source.Finding(Stages.Live, Severity.Error, LiveRules.Rejected, $"{LiveFindings.Describe(mode)} of {target} could not be sent: {resolution.Problem}")]);
        }
        var path = resource.ObjectPath(target.Namespace, target.Name);
        var body = target.Json;
        var response = await api.ApplyAsync(path, body, mode, cancellationToken);
        Func<StatusCause, Yaml.ObjectPath, Yaml.ObjectPath?>? locate = null;
        if (response is { Outcome: ApiOutcome.Answered, Succeeded: false } && ApiStatus.From(response).Causes.Any(ImmutableChanges.Concerns))
        {
            var live = await api.GetAsync(path, cancellationToken);
            if (live.Succeeded && ImmutableChanges.AppliedFor(live.Body) is { } environment && environment != target.Source.Cluster)
            {
                await DeleteAsync(path, cancellationToken);
                response = await api.ApplyAsync(path, body, mode, cancellationToken);
            }
            else if (live.Succeeded)
            {
                locate = ImmutableChanges.Locator(live.Body, target);
            }
        }
        if (mode == ApplyMode.ServerDryRun && response is { Succeeded: true, Status: HttpStatusCode.OK })
        {
            response = response with { Warnings = await WarningsOnCreateAsync(resource, target, response.Warnings, cancellationToken) };
        }
        return LiveFindings.FromResponse(target, response, mode, enforcement, api.Timeout, locate, schemas.Of);
    }

    /// <summary>The warnings of a dry-run create of the object's twin (its name put back), then the update's own, each once.</summary>
    private async Task<IReadOnlyList<string>> WarningsOnCreateAsync(ApiResource resource, LiveObject target, IReadOnlyList<string> onUpdate, CancellationToken cancellationToken)
    {
        var twin = TwinName(target.Name);
        var body = System.Text.Json.Nodes.JsonNode.Parse(target.Json)!;
        body["metadata"]!["name"] = twin;
        var created = await api.ApplyAsync(resource.ObjectPath(target.Namespace, twin), body.ToCompactJson(), ApplyMode.ServerDryRun, cancellationToken);
        if (created is not { Succeeded: true, Status: HttpStatusCode.Created }) return onUpdate;
        return created.Warnings.Select(w => w.Replace(twin, target.Name, StringComparison.Ordinal)).Concat(onUpdate).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// A name no real object has (the live stage never applies it) that stays valid wherever the original is: a DNS label
    /// keeps within 63 characters, and the suffix is lower-case letters and digits after a dash.
    /// </summary>
    public static string TwinName(string name)
    {
        const string suffix = "-twin0";
        var stem = name.Length + suffix.Length > 63 ? name[..(63 - suffix.Length)].TrimEnd('-', '.') : name;
        return stem + suffix;
    }

    /// <summary>
    /// Deletes and waits until it is gone. Finalizers first: no controller here removes an add-on's finalizer (Argo CD's
    /// resources finalizer), so the object would stay. A deletion that does not finish leaves the old version in place,
    /// and the request sent again reports the clash itself.
    /// </summary>
    private async Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        await api.MergePatchAsync(path, RemoveFinalizersPatch, cancellationToken);
        await api.DeleteAsync(path, cancellationToken);
        for (var attempt = 0; attempt < deletion.Attempts; attempt++)
        {
            if ((await api.GetAsync(path, cancellationToken)).IsNotFound) return;
            await deletion.DelayAsync(cancellationToken);
        }
    }

    public const string RemoveFinalizersPatch = """{"metadata":{"finalizers":null}}""";
}
