using System.Reflection;
using System.Text.Json;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Cli;

/// <summary>
/// The CLI as people install it: packed as a .NET tool from the build the tests already made, installed from that local
/// package folder into a temporary tool path and through this repository's tool manifest, then run. NuGet's package
/// cache and the SDK's own folder (DOTNET_CLI_HOME) are temporary folders too, so no earlier package of the same version is picked up.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ToolPackageTests : IDisposable
{
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(5);
    private readonly TempRepository _temp = new();

    private static string CliProject => Path.Combine(RepositoryLocator.Project("Acolhimento.Validation.Cli"), "Acolhimento.Validation.Cli.csproj");

    private Dictionary<string, string?> Environment => new(StringComparer.Ordinal)
    {
        ["NUGET_PACKAGES"] = Path.Combine(_temp.Root, "nuget-packages"),
        // The SDK's tool resolver cache (~/.dotnet/toolResolverCache) would otherwise keep an earlier run's entry, pointing
        // at a package folder since deleted, and `dotnet tool run` trusts it over a new restore.
        ["DOTNET_CLI_HOME"] = Path.Combine(_temp.Root, "dotnet-home"),
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
    };

    private async Task<ProcessResult> RunAsync(string program, string workingDirectory, params string[] arguments)
    {
        var result = await new ProcessRunner().RunAsync(new ProcessSpec(program, arguments, Step, workingDirectory, Environment), TestContext.Current.CancellationToken);
        return result;
    }

    [Fact]
    public async Task Packed_installed_and_run_as_acolhimento_validate()
    {
        var configuration = typeof(ToolPackageTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var built = Path.Combine(RepositoryLocator.Project("Acolhimento.Validation.Cli"), "bin", configuration, "net10.0", "acolhimento-validate.dll");
        VisibleSkip.When(!File.Exists(built), $"the CLI's {configuration} build is not where `dotnet test` leaves it (validation/Acolhimento.Validation.Cli/bin/{configuration}/net10.0), so there is nothing to pack without building again");
        var packages = Path.Combine(_temp.Root, "packages");

        var pack = await RunAsync("dotnet", _temp.Root, "pack", CliProject, "--no-build", "--no-restore", "--configuration", configuration, "--output", packages);
        pack.Succeeded.ShouldBeTrue(pack.FailureSummary + pack.StandardOutput);
        var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryLocator.Root, ".config", "dotnet-tools.json")));
        var (id, tool) = manifest.RootElement.GetProperty("tools").EnumerateObject().Select(p => (p.Name, p.Value)).Single();
        var version = tool.GetProperty("version").GetString()!;
        tool.GetProperty("commands").EnumerateArray().Select(c => c.GetString()).ShouldBe(["acolhimento-validate"]);
        // Package ids are case-insensitive: the manifest writes them in lower case, the package keeps the project's casing.
        Directory.GetFiles(packages).Select(Path.GetFileName).ShouldContain(f => string.Equals(f, $"{id}.{version}.nupkg", StringComparison.OrdinalIgnoreCase),
            $"the manifest names {id} {version}");

        // dotnet tool install --tool-path: the command lands in that folder.
        var toolPath = Path.Combine(_temp.Root, "tool");
        var install = await RunAsync("dotnet", _temp.Root, "tool", "install", id, "--version", version, "--add-source", packages, "--ignore-failed-sources", "--tool-path", toolPath);
        install.Succeeded.ShouldBeTrue(install.FailureSummary + install.StandardOutput);
        var validate = await RunAsync(Path.Combine(toolPath, "acolhimento-validate"), RepositoryLocator.Root, "validate", "--stage", "parse", "--format", "json");
        validate.ExitCode.ShouldBe(0, validate.StandardError);
        JsonDocument.Parse(validate.StandardOutput).RootElement.GetProperty("exitCode").GetInt32().ShouldBe(0);

        // This repository's manifest (.config/dotnet-tools.json): restore from the package folder, run through dotnet tool run.
        var project = Directory.CreateDirectory(Path.Combine(_temp.Root, "repository", ".config")).Parent!.FullName;
        File.Copy(Path.Combine(RepositoryLocator.Root, ".config", "dotnet-tools.json"), Path.Combine(project, ".config", "dotnet-tools.json"));
        var restore = await RunAsync("dotnet", project, "tool", "restore", "--add-source", packages, "--ignore-failed-sources");
        restore.Succeeded.ShouldBeTrue(restore.FailureSummary + restore.StandardOutput);
        var local = await RunAsync("dotnet", project, "tool", "run", "acolhimento-validate", "rules", "list");
        local.ExitCode.ShouldBe(0, local.StandardError);
        local.StandardOutput.ShouldContain("upgrade/immutable-field");
    }

    public void Dispose() => _temp.Dispose();
}
