namespace Acolhimento.Validation.Tests.Support;

public static class RepositoryLocator
{
    /// <summary>The root of this repository (the folder with validation.yaml above the test binaries).</summary>
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "validation.yaml")) && Directory.Exists(Path.Combine(dir.FullName, "validation"))) return dir.FullName;
            }
            throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
        }
    }

    public static string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, .. parts]);
}
