namespace Acolhimento.Validation.Processes;

/// <summary>The environment tools run in when they work on pull-request content.</summary>
public static class ToolEnvironment
{
    /// <summary>
    /// Keeps tools away from the user's configuration, credentials and plugins: HOME and the XDG/Helm folders point into
    /// an empty scratch folder, Kustomize finds no plugin root, and KUBECONFIG names a file that does not exist, so no
    /// tool can reach a real cluster.
    /// </summary>
    public static Dictionary<string, string?> Isolated(string scratch) => new()
    {
        ["HOME"] = scratch,
        ["XDG_CONFIG_HOME"] = Path.Combine(scratch, ".config"),
        ["XDG_CACHE_HOME"] = Path.Combine(scratch, ".cache"),
        ["XDG_DATA_HOME"] = Path.Combine(scratch, ".data"),
        ["HELM_CACHE_HOME"] = Path.Combine(scratch, ".helm-cache"),
        ["HELM_CONFIG_HOME"] = Path.Combine(scratch, ".helm-config"),
        ["HELM_DATA_HOME"] = Path.Combine(scratch, ".helm-data"),
        ["KUSTOMIZE_PLUGIN_HOME"] = Path.Combine(scratch, ".no-plugins"),
        ["KUBECONFIG"] = Path.Combine(scratch, ".no-kubeconfig"),
    };
}
