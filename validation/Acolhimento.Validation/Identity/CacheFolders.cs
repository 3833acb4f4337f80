namespace Acolhimento.Validation.Identity;

/// <summary>The one place the harness's user cache is found; tools, renders and schema data each keep a folder in it.</summary>
internal static class CacheFolders
{
    public const string EnvironmentVariable = "ACOLHIMENTO_CACHE_DIR";

    public static string Root(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var explicitRoot = environment(EnvironmentVariable);
        if (!string.IsNullOrEmpty(explicitRoot)) return explicitRoot;
        var xdg = environment("XDG_CACHE_HOME");
        var baseDir = !string.IsNullOrEmpty(xdg) ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(baseDir, Harness.CacheFolderName);
    }
}
