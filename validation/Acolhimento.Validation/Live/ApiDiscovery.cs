using System.Collections.Concurrent;
using System.Text.Json;
using k8s;
using k8s.Models;
using Acolhimento.Validation.Kubernetes;

namespace Acolhimento.Validation.Live;

/// <summary>A resource the API server serves: where objects of a kind live (<c>apis/apps/v1/namespaces/x/deployments/name</c>).</summary>
internal sealed record ApiResource(string Group, string Version, string Kind, string Plural, bool Namespaced)
{
    public string GroupVersionPath => Group.Length == 0 ? $"api/{Version}" : $"apis/{Group}/{Version}";

    public string CollectionPath(string? @namespace) =>
        GroupVersionPath + (Namespaced ? $"/namespaces/{Uri.EscapeDataString(@namespace ?? "default")}" : "") + "/" + Plural;

    public string ObjectPath(string? @namespace, string name) => CollectionPath(@namespace) + "/" + Uri.EscapeDataString(name);

    public static readonly ApiResource CustomResourceDefinitions = new(ApiGroups.ApiExtensions, "v1", CustomResourceDefinition.KindName, "customresourcedefinitions", false);

    public static readonly ApiResource Deployments = new(ApiGroups.Apps, "v1", "Deployment", "deployments", true);

    public static readonly ApiResource ServiceAccounts = new("", "v1", "ServiceAccount", "serviceaccounts", true);

    public static readonly ApiResource Nodes = new("", "v1", "Node", "nodes", false);
}

/// <summary>The resource of an apiVersion and kind, or why the server has none.</summary>
internal sealed record Resolution(ApiResource? Resource, string? Problem, bool NotServed);

/// <summary>
/// Maps apiVersion and kind to the resource that serves them, from the server's own discovery documents
/// (<c>/api/v1</c>, <c>/apis/&lt;group&gt;/&lt;version&gt;</c>), one request per group version, so built-ins and
/// CRDs, namespaced and cluster-scoped, all follow what this server says. <see cref="Forget"/> after installing CRDs.
/// </summary>
internal sealed class ApiDiscovery(ApiServer api)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<GroupVersion>>> _groupVersions = new(StringComparer.Ordinal);

    private sealed record GroupVersion(IReadOnlyDictionary<string, ApiResource>? ByKind, string? Problem, bool NotServed);

    public async Task<Resolution> ResolveAsync(string apiVersion, string kind, CancellationToken cancellationToken)
    {
        var slash = apiVersion.IndexOf('/');
        var (group, version) = slash < 0 ? ("", apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
        if (version.Length == 0 || version.Contains('/'))
        {
            return new Resolution(null, $"apiVersion {apiVersion} is not group/version", true);
        }
        var lazy = _groupVersions.GetOrAdd(apiVersion, _ => new Lazy<Task<GroupVersion>>(() => FetchAsync(group, version, cancellationToken)));
        var served = await lazy.Value;
        if (served.ByKind is null)
        {
            // A failed request is not remembered: the next object asks again.
            if (!served.NotServed) _groupVersions.TryRemove(new KeyValuePair<string, Lazy<Task<GroupVersion>>>(apiVersion, lazy));
            return new Resolution(null, served.Problem, served.NotServed);
        }
        return served.ByKind.TryGetValue(kind, out var resource)
            ? new Resolution(resource, null, false)
            : new Resolution(null, $"no kind {kind} is served in {apiVersion}{(group.Length > 0 ? ": its CRD is not installed or does not define it" : "")}", true);
    }

    /// <summary>Drops what was learnt, after CRDs were installed (a group version that was not served may be now).</summary>
    public void Forget() => _groupVersions.Clear();

    private async Task<GroupVersion> FetchAsync(string group, string version, CancellationToken cancellationToken)
    {
        var path = group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";
        var response = await api.GetAsync(path, cancellationToken);
        if (response.IsNotFound)
        {
            var apiVersion = group.Length == 0 ? version : group + "/" + version;
            return new GroupVersion(null, group.Length == 0
                ? $"the API server serves no core version {version}"
                : $"no kind is served in {apiVersion}: the API server does not serve that group version (its CRD is not installed)", true);
        }
        if (!response.Succeeded) return new GroupVersion(null, $"discovery of {path} failed: {response.Summary}", false);
        V1APIResourceList? list;
        try
        {
            list = KubernetesJson.Deserialize<V1APIResourceList>(response.Body);
        }
        catch (JsonException ex)
        {
            return new GroupVersion(null, $"discovery of {path} answered something other than an APIResourceList: {ex.Message}", false);
        }
        var byKind = new Dictionary<string, ApiResource>(StringComparer.Ordinal);
        foreach (var resource in list?.Resources ?? [])
        {
            // Subresources (deployments/status) share the kind of their parent.
            if (resource.Name.Contains('/')) continue;
            byKind.TryAdd(resource.Kind, new ApiResource(group, version, resource.Kind, resource.Name, resource.Namespaced));
        }
        return new GroupVersion(byKind, null, false);
    }
}
