namespace Acolhimento.Validation.Tests.Support;

/// <summary>
/// The one way tests find what they read (<c>Design/FixtureLocationTests</c> holds every test to it): the repository
/// root, found once upwards from the test binaries; a test fixture, always in the source tree beside the tests that use
/// it (<c>validation/Acolhimento.Validation.Tests/AREA/Fixtures/…</c>), so a test that writes one (a golden file) and the
/// next that reads it see the same file; a folder of the harness; and the CLI as the build put it beside the tests.
/// </summary>
public static class RepositoryLocator
{
    /// <summary>The root of this repository (the folder with validation.yaml and validation/ above the test binaries).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>A project folder of the harness: <c>validation/NAME</c>.</summary>
    public static string Project(string name) => Path.Combine(Root, "validation", name);

    /// <summary>A fixture of the tests of <paramref name="area"/> (their folder, e.g. <c>Render</c>): <c>AREA/Fixtures/PARTS…</c> in the source tree.</summary>
    public static string Fixture(string area, params string[] parts) => Path.Combine([Project("Acolhimento.Validation.Tests"), area, "Fixtures", .. parts]);

    /// <summary>The CLI's assembly as built beside the tests (the test project references the CLI project): run it with <c>dotnet</c>.</summary>
    public static string BuiltCli => Path.Combine(AppContext.BaseDirectory, "acolhimento-validate.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "validation.yaml")) && Directory.Exists(Path.Combine(dir.FullName, "validation"))) return dir.FullName;
        }
        throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }
}
