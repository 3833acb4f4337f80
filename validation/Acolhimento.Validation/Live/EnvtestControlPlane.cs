using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using CliWrap;

namespace Acolhimento.Validation.Live;

/// <summary>
/// The envtest binaries (etcd and kube-apiserver, as controller-runtime's setup-envtest installs them) the live stage may
/// run: <c>$KUBEBUILDER_ASSETS</c>, else the newest patch of the wanted minor version in setup-envtest's default folder.
/// </summary>
internal sealed record EnvtestAssets(string Folder, string Version)
{
    public const string Variable = "KUBEBUILDER_ASSETS";

    public string Etcd => Path.Combine(Folder, OperatingSystem.IsWindows() ? "etcd.exe" : "etcd");

    public string KubeApiServer => Path.Combine(Folder, OperatingSystem.IsWindows() ? "kube-apiserver.exe" : "kube-apiserver");

    /// <summary>The outcome of looking: assets, or why there are none (and whether someone asked for them, which makes their absence an error).</summary>
    public sealed record Lookup(EnvtestAssets? Assets, string Reason, bool Configured);

    public static Lookup Find(LiveOptions options)
    {
        if (options.Variable(Variable) is { Length: > 0 } configured)
        {
            var assets = new EnvtestAssets(Path.GetFullPath(configured), "from " + Variable);
            return assets.Missing() is { } missing
                ? new Lookup(null, $"{Variable} names {configured}, which has no {missing}", true)
                : new Lookup(assets, "", true);
        }
        if (DefaultStore(options) is not { } store) return new Lookup(null, $"{Variable} is not set and setup-envtest's folder cannot be placed (no home folder)", false);
        var root = Path.Combine(store, "k8s");
        if (!Directory.Exists(root)) return new Lookup(null, $"{Variable} is not set and setup-envtest has installed nothing ({root} does not exist)", false);
        var suffix = $"-{Platform()}";
        var candidates = Directory.EnumerateDirectories(root)
            .Select(d => Path.GetFileName(d))
            .Where(n => n.EndsWith(suffix, StringComparison.Ordinal) && System.Version.TryParse(n[..^suffix.Length], out _))
            .Select(n => (Name: n, Version: System.Version.Parse(n[..^suffix.Length])))
            .ToList();
        var wanted = candidates.Where(c => $"{c.Version.Major}.{c.Version.Minor}" == options.KubernetesVersion).OrderByDescending(c => c.Version).ToList();
        foreach (var candidate in wanted)
        {
            var assets = new EnvtestAssets(Path.Combine(root, candidate.Name), candidate.Version.ToString());
            if (assets.Missing() is null) return new Lookup(assets, "", false);
        }
        var present = candidates.Count == 0 ? "none" : string.Join(", ", candidates.Select(c => c.Version).Order());
        return new Lookup(null, $"{Variable} is not set and setup-envtest's folder {root} has no {options.KubernetesVersion} binaries for {Platform()} (it has: {present})", false);
    }

    /// <summary>The binary this folder lacks, or null when it has both.</summary>
    private string? Missing() =>
        !File.Exists(KubeApiServer) ? Path.GetFileName(KubeApiServer) : !File.Exists(Etcd) ? Path.GetFileName(Etcd) : null;

    /// <summary>
    /// setup-envtest's default store: <c>%LocalAppData%\kubebuilder-envtest</c> on Windows,
    /// <c>~/Library/Application Support/io.kubebuilder.envtest</c> on macOS, <c>${XDG_DATA_HOME:-~/.local/share}/kubebuilder-envtest</c> elsewhere.
    /// </summary>
    public static string? DefaultStore(LiveOptions options)
    {
        if (OperatingSystem.IsWindows()) return options.Variable("LocalAppData") is { Length: > 0 } local ? Path.Combine(local, "kubebuilder-envtest") : null;
        var home = options.Variable("HOME");
        if (OperatingSystem.IsMacOS()) return home is { Length: > 0 } ? Path.Combine(home, "Library", "Application Support", "io.kubebuilder.envtest") : null;
        if (options.Variable("XDG_DATA_HOME") is { Length: > 0 } data) return Path.Combine(data, "kubebuilder-envtest");
        return home is { Length: > 0 } ? Path.Combine(home, ".local", "share", "kubebuilder-envtest") : null;
    }

    /// <summary>How setup-envtest names a platform: <c>linux-amd64</c>, <c>darwin-arm64</c>.</summary>
    public static string Platform()
    {
        var os = OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "darwin" : "linux";
        var arch = RuntimeInformation.OSArchitecture switch
        {
            Architecture.Arm64 => "arm64",
            Architecture.X64 => "amd64",
            Architecture.Ppc64le => "ppc64le",
            Architecture.S390x => "s390x",
            var other => other.ToString().ToLowerInvariant(),
        };
        return $"{os}-{arch}";
    }
}

/// <summary>
/// An etcd and a kube-apiserver started from envtest binaries on free 127.0.0.1 ports, with a throwaway PKI, the API
/// server's default admission plugins (PodSecurity and ServiceAccount included: what a real cluster admits, the run
/// admits) and RBAC. No controllers run. Disposing stops both (interrupt, then kill) and deletes the folder; a
/// watchdog process does the same if this process dies without disposing.
/// </summary>
internal sealed class EnvtestControlPlane : IAsyncDisposable
{
    public const string ServiceIp = "10.0.0.1";
    public const string ServiceRange = "10.0.0.0/24";

    private readonly List<Server> _servers = [];
    private readonly string _folder;
    private CommandTask<CommandResult>? _watchdog;
    private CancellationTokenSource? _watchdogStop;
    private int _disposed;

    private readonly TimeSpan _stopGrace;

    private EnvtestControlPlane(string folder, string kubeconfigPath, TimeSpan stopGrace)
    {
        _folder = folder;
        _stopGrace = stopGrace;
        KubeconfigPath = kubeconfigPath;
    }

    public string KubeconfigPath { get; }

    /// <summary>Starts both servers and waits until <c>/readyz</c> answers; on failure everything started is stopped again.</summary>
    /// <returns>The control plane, or the reason it did not come up (with the last lines the servers wrote).</returns>
    public static async Task<(EnvtestControlPlane? Plane, string? Failure)> StartAsync(EnvtestAssets assets, LiveTimeouts timeouts, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), "acolhimento-envtest-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var pki = ThrowawayPki.Create(now);
        var files = new Dictionary<string, string>
        {
            ["ca.crt"] = pki.CaPem,
            ["apiserver.crt"] = pki.ServingCertificatePem,
            ["apiserver.key"] = pki.ServingKeyPem,
            ["sa.key"] = pki.ServiceAccountKeyPem,
            ["sa.pub"] = pki.ServiceAccountPublicKeyPem,
        };
        foreach (var (name, content) in files) await File.WriteAllTextAsync(Path.Combine(folder, name), content, cancellationToken);
        var (etcdPort, peerPort, apiPort) = (FreePort(), FreePort(), FreePort());
        var server = $"https://127.0.0.1:{apiPort.ToString(CultureInfo.InvariantCulture)}";
        var kubeconfig = Path.Combine(folder, "admin.kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, pki.Kubeconfig(server), cancellationToken);

        var plane = new EnvtestControlPlane(folder, kubeconfig, timeouts.EnvtestStopGrace);
        try
        {
            foreach (var (name, path, arguments) in (IEnumerable<(string, string, IReadOnlyList<string>)>)[
                ("etcd", assets.Etcd, EtcdArguments(folder, etcdPort, peerPort)),
                ("kube-apiserver", assets.KubeApiServer, ApiServerArguments(folder, etcdPort, apiPort))])
            {
                try
                {
                    plane._servers.Add(Server.Start(name, path, arguments));
                }
                catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or UnauthorizedAccessException)
                {
                    await plane.DisposeAsync();
                    return (null, $"{name} ({path}) could not be started: {ex.Message}");
                }
            }
            plane.StartWatchdog();
            var failure = await plane.WaitReadyAsync(timeouts, cancellationToken);
            if (failure is null) return (plane, null);
            await plane.DisposeAsync();
            return (null, failure);
        }
        catch
        {
            await plane.DisposeAsync();
            throw;
        }
    }

    public static IReadOnlyList<string> EtcdArguments(string folder, int clientPort, int peerPort)
    {
        var client = $"http://127.0.0.1:{clientPort.ToString(CultureInfo.InvariantCulture)}";
        var peer = $"http://127.0.0.1:{peerPort.ToString(CultureInfo.InvariantCulture)}";
        return
        [
            "--name=default", $"--data-dir={Path.Combine(folder, "etcd")}",
            $"--listen-client-urls={client}", $"--advertise-client-urls={client}",
            $"--listen-peer-urls={peer}", $"--initial-advertise-peer-urls={peer}", $"--initial-cluster=default={peer}",
        ];
    }

    /// <summary>
    /// No <c>--enable-admission-plugins</c>/<c>--disable-admission-plugins</c>: the defaults, PodSecurity and ServiceAccount
    /// among them. (controller-runtime's envtest disables ServiceAccount because no controller creates the default
    /// ServiceAccount; the live stage creates it itself where controllers are absent, so Pods are admitted as on a cluster.)
    /// </summary>
    public static IReadOnlyList<string> ApiServerArguments(string folder, int etcdPort, int apiPort)
    {
        var port = apiPort.ToString(CultureInfo.InvariantCulture);
        return
        [
            $"--etcd-servers=http://127.0.0.1:{etcdPort.ToString(CultureInfo.InvariantCulture)}",
            "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", $"--secure-port={port}",
            $"--cert-dir={folder}",
            $"--tls-cert-file={Path.Combine(folder, "apiserver.crt")}", $"--tls-private-key-file={Path.Combine(folder, "apiserver.key")}",
            $"--client-ca-file={Path.Combine(folder, "ca.crt")}",
            "--authorization-mode=RBAC",
            $"--service-cluster-ip-range={ServiceRange}",
            $"--service-account-issuer=https://127.0.0.1:{port}/",
            $"--service-account-key-file={Path.Combine(folder, "sa.pub")}",
            $"--service-account-signing-key-file={Path.Combine(folder, "sa.key")}",
            "--allow-privileged=true",
        ];
    }

    private async Task<string?> WaitReadyAsync(LiveTimeouts timeouts, CancellationToken cancellationToken)
    {
        var cluster = new LiveCluster(KubeconfigPath, "envtest");
        string? last = null;
        for (var attempt = 0; attempt < timeouts.EnvtestStart.Attempts; attempt++)
        {
            if (_servers.FirstOrDefault(s => s.Exited) is { } exited) return $"{exited.Name} exited ({exited.ExitSummary}): {exited.Tail}";
            last = await ClusterReadiness.ReadyzAsync(cluster, timeouts.Request, cancellationToken);
            if (last is null) return null;
            await timeouts.EnvtestStart.DelayAsync(cancellationToken);
        }
        var apiServer = _servers.Last();
        return $"kube-apiserver did not become ready within {timeouts.EnvtestStart.Total.TotalSeconds:0} s (/readyz: {last}); its last lines: {apiServer.Tail}";
    }

    /// <summary>
    /// A shell that outlives nothing: it polls this process and, once it is gone without having stopped the servers
    /// (killed, crashed), stops them and deletes the folder. Not on Windows, where no POSIX shell can be assumed.
    /// </summary>
    private void StartWatchdog()
    {
        if (OperatingSystem.IsWindows() || !File.Exists("/bin/sh")) return;
        const string script = "while kill -0 \"$1\" 2>/dev/null; do sleep 1; done; kill \"$2\" \"$3\" 2>/dev/null; sleep 3; kill -9 \"$2\" \"$3\" 2>/dev/null; rm -rf \"$4\"";
        _watchdogStop = new CancellationTokenSource();
        _watchdog = Cli.Wrap("/bin/sh")
            .WithArguments(["-c", script, "watchdog", Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
                _servers[0].ProcessId.ToString(CultureInfo.InvariantCulture), _servers[1].ProcessId.ToString(CultureInfo.InvariantCulture), _folder])
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(_watchdogStop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        // The API server first: it would log etcd errors for every second etcd is gone before it.
        foreach (var server in Enumerable.Reverse(_servers)) await server.StopAsync(_stopGrace);
        if (_watchdogStop is not null)
        {
            await _watchdogStop.CancelAsync();
            try
            {
                if (_watchdog is not null) await _watchdog;
            }
            catch (OperationCanceledException)
            {
                // Stopped as intended.
            }
            _watchdogStop.Dispose();
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open: the folder is in the temp folder and holds nothing of value.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>One server process, with the last lines it wrote (both streams), for the reason when it fails.</summary>
    private sealed class Server
    {
        private const int TailLines = 8;

        private readonly ConcurrentQueue<string> _tail = new();
        private readonly CancellationTokenSource _graceful = new();
        private readonly CancellationTokenSource _forceful = new();
        private CommandTask<CommandResult> _task = null!;

        public required string Name { get; init; }

        public int ProcessId => _task.ProcessId;

        public bool Exited => _task.Task.IsCompleted;

        public string ExitSummary => _task.Task.IsCompletedSuccessfully ? $"exit code {_task.Task.Result.ExitCode}" : "failed to run";

        public string Tail => _tail.IsEmpty ? "(nothing)" : string.Join(" | ", _tail);

        public static Server Start(string name, string path, IReadOnlyList<string> arguments)
        {
            var server = new Server { Name = name };
            server._task = Cli.Wrap(path)
                .WithArguments(arguments)
                .WithStandardOutputPipe(PipeTarget.ToDelegate(server.Remember))
                .WithStandardErrorPipe(PipeTarget.ToDelegate(server.Remember))
                .WithValidation(CommandResultValidation.None)
                .ExecuteAsync(server._forceful.Token, server._graceful.Token);
            return server;
        }

        private void Remember(string line)
        {
            if (line.Trim().Length == 0) return;
            _tail.Enqueue(line.Length > 300 ? line[..300] + "…" : line);
            while (_tail.Count > TailLines) _tail.TryDequeue(out _);
        }

        /// <summary>Interrupt, and kill what is still running after <paramref name="grace"/>.</summary>
        public async Task StopAsync(TimeSpan grace)
        {
            if (!Exited)
            {
                await _graceful.CancelAsync();
                if (await Task.WhenAny(_task.Task, Task.Delay(grace)) != _task.Task) await _forceful.CancelAsync();
            }
            try
            {
                await _task;
            }
            catch (OperationCanceledException)
            {
                // Stopped as intended.
            }
            _graceful.Dispose();
            _forceful.Dispose();
        }
    }
}
