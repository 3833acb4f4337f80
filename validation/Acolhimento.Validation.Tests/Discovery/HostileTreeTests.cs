using System.Diagnostics;
using System.Net.Sockets;
using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Pipeline;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Discovery;

/// <summary>
/// Trees a pull request (or a hostile CI workspace) can hand the gate: links that loop, leave the repository or lead
/// to devices, FIFOs and sockets, names that are not UTF-8, very deep folders and huge files. Discover and parse finish
/// on every one with a finding at the entry, open none of them, and say how long and how much memory it took.
/// </summary>
[Trait("Category", "Unit")]
public sealed class HostileTreeTests
{
    private const string ConfigMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n";

    public static TheoryData<string> LinkCases => new(HostileEntries.Links.Keys);

    [Theory]
    [MemberData(nameof(LinkCases))]
    public void A_hostile_link_is_reported_at_the_link_and_never_followed(string name)
    {
        if (!OperatingSystem.IsLinux()) Assert.Skip("links to devices and loops are built with Linux paths");
        using var repo = new TempRepository().Write("apps/a/configmap.yaml", ConfigMap);
        using var outside = new TempRepository().Write("secret.yaml", ConfigMap.Replace("settings", "outside"));
        var (linkPath, rule) = HostileEntries.Links[name](repo.Root, outside.Root);

        var input = Measured(() => RepositoryInput.Read(repo.Root));

        var finding = input.Findings.Where(f => f.Location?.File == linkPath).ShouldHaveSingle(rule);
        finding.Location!.Line.ShouldBe(1);
        input.Repository.Files.ShouldNotContain(f => f.Path.StartsWith(linkPath, StringComparison.Ordinal));
        input.Repository.Files.ShouldContain(f => f.Path == "apps/a/configmap.yaml");
    }

    [Fact]
    public void A_fifo_is_reported_and_never_opened()
    {
        using var repo = new TempRepository().Write("apps/a/configmap.yaml", ConfigMap);
        if (!HostileEntries.TryMakeFifo(Path.Combine(repo.Root, "apps/a/pipe.yaml"), out var why)) Assert.Skip(why);
        // Opening the FIFO would block this test for ever: finishing is the proof that nothing opened it.
        var input = Measured(() => RepositoryInput.Read(repo.Root));
        input.Findings.ShouldHaveSingle(RepositoryScanner.SpecialFile).Location!.File.ShouldBe("apps/a/pipe.yaml");
    }

    [Fact]
    public void A_socket_is_reported_and_never_opened()
    {
        if (!Socket.OSSupportsUnixDomainSockets) Assert.Skip("this OS has no Unix domain sockets");
        using var repo = new TempRepository().Write("apps/a/configmap.yaml", ConfigMap);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(Path.Combine(repo.Root, "apps/a/socket.yaml")));
        var input = Measured(() => RepositoryInput.Read(repo.Root));
        input.Findings.ShouldHaveSingle(RepositoryScanner.SpecialFile).Location!.File.ShouldBe("apps/a/socket.yaml");
    }

    [Fact]
    public void A_name_that_is_not_utf8_is_a_finding_not_a_crash()
    {
        if (!OperatingSystem.IsLinux()) Assert.Skip("only Linux file systems keep names as raw bytes");
        using var repo = new TempRepository().Write("apps/a/configmap.yaml", ConfigMap);
        var made = HostileEntries.Run("sh", "-c", "printf 'a: 1\\n' > \"$(printf 'apps/a/bad\\377.yaml')\"", repo.Root);
        if (!made) Assert.Skip("sh could not create a file with a byte 0xFF in its name here");
        var input = Measured(() => RepositoryInput.Read(repo.Root));
        input.Findings.ShouldHaveSingle(RepositoryScanner.UnreadableEntry).Message.ShouldContain("UTF-8");
        input.Repository.Files.ShouldContain(f => f.Path == "apps/a/configmap.yaml");
    }

    [Fact]
    public void Very_deep_folders_are_walked_without_recursion()
    {
        using var repo = new TempRepository();
        var deep = string.Join('/', Enumerable.Repeat("d", 1000));
        repo.Write(deep + "/configmap.yaml", ConfigMap);
        var input = Measured(() => RepositoryInput.Read(repo.Root));
        input.Findings.ShouldBeEmpty();
        input.Repository.Files.ShouldHaveSingleItem().Path.ShouldBe(deep + "/configmap.yaml");
    }

    [Fact]
    public void A_huge_file_is_refused_by_its_size_without_reading_it()
    {
        using var repo = new TempRepository().Write("apps/a/configmap.yaml", ConfigMap);
        using (var huge = File.Create(Path.Combine(repo.Root, "apps/a/huge.yaml"))) huge.SetLength(8L * 1024 * 1024 * 1024); // sparse: 8 GiB, no disk used
        var input = Measured(() => RepositoryInput.Read(repo.Root));
        input.Findings.ShouldHaveSingle("parse/file-too-large").Location!.File.ShouldBe("apps/a/huge.yaml");
    }

    /// <summary>Runs discover and parse, printing time and memory (measured, never asserted).</summary>
    private static RepositoryInput Measured(Func<RepositoryInput> read)
    {
        var (input, cost) = HostileEntries.Measure(read);
        TestContext.Current.TestOutputHelper?.WriteLine($"discover+parse: {cost}");
        return input;
    }
}

/// <summary>Builders of hostile entries for tests of every stage that walks the repository.</summary>
internal static class HostileEntries
{
    /// <summary>Each hostile link by name: makes it in a repository (and an outside folder) and returns its repo-relative path and the rule that refuses it.</summary>
    public static readonly IReadOnlyDictionary<string, Func<string, string, (string Path, string Rule)>> Links =
        new Dictionary<string, Func<string, string, (string, string)>>
        {
            ["loop of two links"] = (root, _) =>
            {
                Link(root, "apps/a/loop-a.yaml", "loop-b.yaml");
                Link(root, "apps/a/loop-b.yaml", "loop-a.yaml");
                return ("apps/a/loop-a.yaml", RepositoryScanner.SymlinkUnresolvable);
            },
            ["link to itself"] = (root, _) => (Link(root, "apps/a/self.yaml", "self.yaml"), RepositoryScanner.SymlinkUnresolvable),
            ["folder loop"] = (root, _) =>
            {
                Link(root, "apps/x", "y");
                Link(root, "apps/y", "x");
                return ("apps/x", RepositoryScanner.SymlinkUnresolvable);
            },
            ["dangling link"] = (root, _) => (Link(root, "apps/a/gone.yaml", "nothing-here.yaml"), RepositoryScanner.SymlinkUnresolvable),
            ["link to /dev/zero"] = (root, _) => (Link(root, "apps/a/zero.yaml", "/dev/zero"), RepositoryScanner.SymlinkOutside),
            ["link to /dev/urandom"] = (root, _) => (Link(root, "apps/a/random.yaml", "/dev/urandom"), RepositoryScanner.SymlinkOutside),
            ["link to a file outside"] = (root, outside) => (Link(root, "apps/a/outside.yaml", Path.Combine(outside, "secret.yaml")), RepositoryScanner.SymlinkOutside),
            ["relative link leaving"] = (root, outside) => (Link(root, "apps/a/up.yaml", Path.GetRelativePath(Path.Combine(root, "apps/a"), Path.Combine(outside, "secret.yaml"))), RepositoryScanner.SymlinkOutside),
            ["link to a folder outside"] = (root, outside) => (Link(root, "apps/etc", outside), RepositoryScanner.SymlinkOutside),
            ["link to the root folder"] = (root, _) => (Link(root, "apps/slash", "/"), RepositoryScanner.SymlinkOutside),
            ["link into .git"] = (root, _) =>
            {
                Directory.CreateDirectory(Path.Combine(root, ".git"));
                File.WriteAllText(Path.Combine(root, ".git/config"), "[core]\n");
                return (Link(root, "apps/a/config.yaml", "../../.git/config"), RepositoryScanner.SymlinkOutside);
            },
            ["chain leaving through an inner link"] = (root, outside) =>
            {
                Link(root, "apps/out", outside);
                return (Link(root, "apps/a/chained.yaml", "../out/secret.yaml"), RepositoryScanner.SymlinkOutside);
            },
        };

    public static string Link(string root, string relative, string target)
    {
        var full = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.CreateSymbolicLink(full, target);
        return relative;
    }

    /// <summary>Makes a FIFO with mkfifo; false with the reason when this system cannot.</summary>
    public static bool TryMakeFifo(string path, out string why)
    {
        why = "mkfifo is not available here";
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return false;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return Run("mkfifo", path);
    }

    public static bool Run(string program, params string[] arguments) => RunIn(program, arguments, null);

    public static bool Run(string program, string flag, string script, string workingDirectory) => RunIn(program, [flag, script], workingDirectory);

    private static bool RunIn(string program, string[] arguments, string? workingDirectory)
    {
        try
        {
            var start = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory ?? "" };
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <summary>Runs <paramref name="work"/>, returning its result and what it cost: elapsed time, bytes allocated and the process's peak working set.</summary>
    public static (T Result, string Cost) Measure<T>(Func<T> work)
    {
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var stopwatch = Stopwatch.StartNew();
        var result = work();
        stopwatch.Stop();
        var peak = Process.GetCurrentProcess().PeakWorkingSet64;
        return (result, $"{stopwatch.Elapsed.TotalMilliseconds:0} ms, {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1024.0 / 1024:0.0} MiB allocated, peak working set {peak / 1024 / 1024} MiB");
    }
}
