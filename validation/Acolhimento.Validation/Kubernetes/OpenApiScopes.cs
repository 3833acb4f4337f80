using System.Text.Json;

namespace Acolhimento.Validation.Kubernetes;

/// <summary>
/// Derives which kinds are cluster-scoped from the API server's OpenAPI v3 documents: a kind is namespaced when any of
/// its operations sits under <c>/namespaces/{namespace}/</c>, cluster-scoped when it has operations and none do. Operations
/// that only connect (proxy, attach) are not a kind's own. This is how <see cref="ClusterScopedKinds.BuiltIn"/> is held true.
/// </summary>
internal static class OpenApiScopes
{
    /// <summary>Cluster-scoped <c>group/kind</c> of every <c>*_openapi.json</c> document in a folder, sorted.</summary>
    public static IReadOnlyList<string> ClusterScopedKinds(string openApiDirectory)
    {
        var namespaced = new HashSet<string>(StringComparer.Ordinal);
        var served = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(openApiDirectory, "*_openapi.json"))
        {
            using var stream = File.OpenRead(file);
            using var document = JsonDocument.Parse(stream);
            if (!document.RootElement.TryGetProperty("paths", out var paths) || paths.ValueKind != JsonValueKind.Object) continue;
            foreach (var path in paths.EnumerateObject())
            {
                if (path.Value.ValueKind != JsonValueKind.Object) continue;
                foreach (var operation in path.Value.EnumerateObject())
                {
                    if (operation.Value.ValueKind != JsonValueKind.Object) continue;
                    if (operation.Value.TryGetProperty("x-kubernetes-action", out var action) && action.GetString() == "connect") continue;
                    if (!operation.Value.TryGetProperty("x-kubernetes-group-version-kind", out var gvk)) continue;
                    var key = $"{gvk.GetProperty("group").GetString()}/{gvk.GetProperty("kind").GetString()}";
                    served.Add(key);
                    if (path.Name.Contains("/namespaces/{namespace}/", StringComparison.Ordinal)) namespaced.Add(key);
                }
            }
        }
        return served.Except(namespaced).Order(StringComparer.Ordinal).ToList();
    }
}
