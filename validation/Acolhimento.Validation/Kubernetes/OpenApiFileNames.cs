namespace Acolhimento.Validation.Kubernetes;

/// <summary>Upstream OpenAPI v3 file names: <c>api__v1_openapi.json</c> is v1, <c>apis__apps__v1_openapi.json</c> is apps/v1.</summary>
internal static class OpenApiFileNames
{
    private const string Suffix = "_openapi.json";

    public static string? GroupVersion(string fileName)
    {
        if (!fileName.EndsWith(Suffix, StringComparison.Ordinal)) return null;
        var parts = fileName[..^Suffix.Length].Split("__");
        return parts switch
        {
            ["api", var version] => version,
            ["apis", var group, var version] => $"{group}/{version}",
            _ => null,
        };
    }

    public static string FileName(string groupVersion) =>
        groupVersion.Contains('/') ? $"apis__{groupVersion.Replace("/", "__", StringComparison.Ordinal)}{Suffix}" : $"api__{groupVersion}{Suffix}";

    /// <summary>The path kubectl-validate stores the same file under (<c>api/v1.json</c>, <c>apis/apps/v1.json</c>).</summary>
    public static string? KubectlValidatePath(string fileName) =>
        GroupVersion(fileName) is { } gv ? (gv.Contains('/') ? $"apis/{gv}.json" : $"api/{gv}.json") : null;
}
