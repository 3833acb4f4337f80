using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Acolhimento.Validation.Live;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Live;

[Trait("Category", "Unit")]
public sealed class EnvtestAssetsTests
{
    private static LiveOptions Options(params (string Name, string Value)[] variables) =>
        new(null, Environment: name => variables.FirstOrDefault(v => v.Name == name).Value);

    private static void Binaries(TempRepository folder, string relative, bool apiServer = true)
    {
        folder.Write(Path.Combine(relative, "etcd"), "");
        if (apiServer) folder.Write(Path.Combine(relative, "kube-apiserver"), "");
    }

    [Fact]
    public void Kubebuilder_assets_is_used_as_named()
    {
        using var folder = new TempRepository();
        Binaries(folder, "bin");
        var lookup = EnvtestAssets.Find(Options(("KUBEBUILDER_ASSETS", Path.Combine(folder.Root, "bin"))));
        lookup.Assets!.Folder.ShouldBe(Path.Combine(folder.Root, "bin"));
        lookup.Configured.ShouldBeTrue();
    }

    [Fact]
    public void Kubebuilder_assets_without_the_api_server_is_an_error_reason_not_a_fall_back()
    {
        using var folder = new TempRepository();
        Binaries(folder, "bin", apiServer: false);
        var lookup = EnvtestAssets.Find(Options(("KUBEBUILDER_ASSETS", Path.Combine(folder.Root, "bin"))));
        lookup.Assets.ShouldBeNull();
        lookup.Configured.ShouldBeTrue();
        lookup.Reason.ShouldBe($"KUBEBUILDER_ASSETS names {Path.Combine(folder.Root, "bin")}, which has no kube-apiserver");
    }

    [Fact]
    public void Setup_envtests_folder_gives_the_newest_patch_of_the_wanted_minor()
    {
        VisibleSkip.When(OperatingSystem.IsWindows() || OperatingSystem.IsMacOS(), "the XDG folder layout is Linux's");
        using var data = new TempRepository();
        var platform = EnvtestAssets.Platform();
        foreach (var version in (string[])["1.30.0", "1.35.0", "1.35.2", "1.36.0"]) Binaries(data, Path.Combine("kubebuilder-envtest", "k8s", $"{version}-{platform}"));
        data.Write(Path.Combine("kubebuilder-envtest", "k8s", "1.35.9-plan9-mips", "etcd"), "");
        var lookup = EnvtestAssets.Find(Options(("XDG_DATA_HOME", data.Root)));
        lookup.Assets!.Version.ShouldBe("1.35.2");
        lookup.Configured.ShouldBeFalse();
        EnvtestAssets.Find(Options(("XDG_DATA_HOME", data.Root))).Assets!.Folder.ShouldEndWith($"1.35.2-{platform}");
    }

    [Fact]
    public void Setup_envtests_folder_without_the_wanted_minor_says_what_it_has()
    {
        VisibleSkip.When(OperatingSystem.IsWindows() || OperatingSystem.IsMacOS(), "the XDG folder layout is Linux's");
        using var data = new TempRepository();
        Binaries(data, Path.Combine("kubebuilder-envtest", "k8s", $"1.30.0-{EnvtestAssets.Platform()}"));
        var lookup = EnvtestAssets.Find(Options(("HOME", "/nowhere"), ("XDG_DATA_HOME", data.Root)));
        lookup.Assets.ShouldBeNull();
        lookup.Reason.ShouldBe($"KUBEBUILDER_ASSETS is not set and setup-envtest's folder {Path.Combine(data.Root, "kubebuilder-envtest", "k8s")} has no 1.35 binaries for {EnvtestAssets.Platform()} (it has: 1.30.0)");
        EnvtestAssets.Find(Options(("HOME", "/nowhere"))).Reason.ShouldBe("KUBEBUILDER_ASSETS is not set and setup-envtest has installed nothing (/nowhere/.local/share/kubebuilder-envtest/k8s does not exist)");
    }
}

/// <summary>
/// The envtest provider with stand-in binaries (shell scripts): what it does when a server will not start or not become
/// ready. The real binaries run in the workflow's envtest job.
/// </summary>
[Trait("Category", "Unit")]
public sealed class EnvtestProviderTests
{
    private static readonly LiveTimeouts Quick = LiveTimeouts.Default with { Request = TimeSpan.FromSeconds(2), EnvtestStart = new Polling(TimeSpan.FromMilliseconds(100), 5), EnvtestStopGrace = TimeSpan.FromSeconds(1) };

    private static TempRepository Assets(string apiServerScript)
    {
        var folder = new TempRepository()
            .Write("etcd", "#!/bin/sh\necho $$ > \"$(dirname \"$0\")/etcd.pid\"\nexec sleep 300\n")
            .Write("kube-apiserver", apiServerScript);
        if (OperatingSystem.IsWindows()) return folder;
        File.SetUnixFileMode(Path.Combine(folder.Root, "etcd"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(Path.Combine(folder.Root, "kube-apiserver"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return folder;
    }

    private static Task<ClusterAvailability> Acquire(TempRepository assets) =>
        new ClusterProviders(new FakeProcessRunner(), new LiveOptions(null, Timeouts: Quick, Environment: name => name == EnvtestAssets.Variable ? assets.Root : null))
            .AcquireAsync(TestContext.Current.CancellationToken);

    private static bool Running(TempRepository assets)
    {
        var pid = int.Parse(File.ReadAllText(Path.Combine(assets.Root, "etcd.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        return Directory.Exists($"/proc/{pid}");
    }

    [Fact]
    public async Task An_api_server_that_exits_is_an_error_with_its_last_lines_and_etcd_is_stopped()
    {
        VisibleSkip.When(!OperatingSystem.IsLinux(), "the stand-in binaries are shell scripts and the check reads /proc");
        using var assets = Assets("#!/bin/sh\necho 'Error: unknown flag: --bogus' >&2\nexit 1\n");
        var failed = (await Acquire(assets)).ShouldBeOfType<ClusterAvailability.Failed>();
        failed.Reason.ShouldBe($"The envtest binaries in {assets.Root} did not start a control plane: kube-apiserver exited (exit code 1): Error: unknown flag: --bogus.");
        Running(assets).ShouldBeFalse();
    }

    [Fact]
    public async Task An_api_server_that_never_answers_is_an_error_and_both_are_stopped()
    {
        VisibleSkip.When(!OperatingSystem.IsLinux(), "the stand-in binaries are shell scripts and the check reads /proc");
        using var assets = Assets("#!/bin/sh\necho 'I1201 serving' >&2\nexec sleep 300\n");
        var failed = (await Acquire(assets)).ShouldBeOfType<ClusterAvailability.Failed>();
        failed.Reason.ShouldStartWith($"The envtest binaries in {assets.Root} did not start a control plane: kube-apiserver did not become ready within 1 s (/readyz: ");
        failed.Reason.ShouldContain("its last lines: I1201 serving");
        Running(assets).ShouldBeFalse();
    }

    [Fact]
    public void The_api_server_runs_with_the_default_admission_plugins_rbac_and_the_throwaway_pki()
    {
        var arguments = EnvtestControlPlane.ApiServerArguments("/tmp/x", 2379, 6443);
        arguments.ShouldNotContain(a => a.Contains("admission-plugins", StringComparison.Ordinal));
        arguments.ShouldContain("--authorization-mode=RBAC");
        arguments.ShouldContain("--bind-address=127.0.0.1");
        arguments.ShouldContain("--client-ca-file=/tmp/x/ca.crt");
        arguments.ShouldContain("--service-account-signing-key-file=/tmp/x/sa.key");
        EnvtestControlPlane.EtcdArguments("/tmp/x", 2379, 2380).ShouldContain("--listen-client-urls=http://127.0.0.1:2379");
    }
}

/// <summary>The throwaway PKI: a chain the API server accepts, and a kubeconfig KubernetesClient uses over real TLS.</summary>
[Trait("Category", "Unit")]
public sealed class ThrowawayPkiTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Serving_and_admin_certificates_chain_to_the_ca_with_their_names_and_usages()
    {
        var pki = ThrowawayPki.Create(Now);
        using var ca = X509Certificate2.CreateFromPem(pki.CaPem);
        using var serving = X509Certificate2.CreateFromPem(pki.ServingCertificatePem, pki.ServingKeyPem);
        using var admin = X509Certificate2.CreateFromPem(pki.AdminCertificatePem, pki.AdminKeyPem);
        foreach (var certificate in (X509Certificate2[])[serving, admin])
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationTime = Now.UtcDateTime;
            chain.Build(certificate).ShouldBeTrue(string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        }
        serving.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateIPAddresses().ShouldContain(IPAddress.Loopback);
        serving.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames().ShouldContain("kubernetes.default.svc");
        serving.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages[0].Value.ShouldBe("1.3.6.1.5.5.7.3.1");
        admin.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages[0].Value.ShouldBe("1.3.6.1.5.5.7.3.2");
        admin.Subject.ShouldBe("CN=acolhimento-live-admin, O=system:masters");
        serving.NotAfter.ShouldBeGreaterThan(Now.UtcDateTime);
        pki.ServiceAccountKeyPem.ShouldStartWith("-----BEGIN PRIVATE KEY-----");
        pki.ServiceAccountPublicKeyPem.ShouldStartWith("-----BEGIN PUBLIC KEY-----");
    }

    [Fact]
    public async Task The_admin_kubeconfig_reaches_a_tls_server_with_that_pki_through_kubernetes_client()
    {
        VisibleSkip.When(OperatingSystem.IsWindows(), "ephemeral keys in SslStream need a PFX round trip on Windows");
        // A real TLS handshake checks validity against the machine's time: fixed dates wide enough for any day the suite runs, not the clock.
        var pki = ThrowawayPki.Create(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2126, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var ca = X509Certificate2.CreateFromPem(pki.CaPem);
        using var serving = X509Certificate2.CreateFromPem(pki.ServingCertificatePem, pki.ServingKeyPem);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        string? clientSubject = null;
        var ct = TestContext.Current.CancellationToken;
        var serve = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync(ct);
            await using var tls = new SslStream(client.GetStream());
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = serving,
                ClientCertificateRequired = true,
                ApplicationProtocols = [SslApplicationProtocol.Http11],
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    if (certificate is null) return false;
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(ca);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    clientSubject = certificate.Subject;
                    return chain.Build(new X509Certificate2(certificate));
                },
            }, ct);
            var request = new StringBuilder();
            var buffer = new byte[1024];
            while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await tls.ReadAsync(buffer, ct);
                if (read == 0) break;
                request.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
            var path = request.ToString().Split(' ')[1];
            var body = path == "/readyz" ? "ok" : "not found";
            await tls.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {(path == "/readyz" ? "200 OK" : "404 Not Found")}\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}"), ct);
        }, ct);
        using var folder = new TempRepository().Write("admin.kubeconfig", pki.Kubeconfig($"https://127.0.0.1:{port}"));
        var cluster = new LiveCluster(Path.Combine(folder.Root, "admin.kubeconfig"), "a TLS server");
        (await ClusterReadiness.ReadyzAsync(cluster, TimeSpan.FromSeconds(20), ct)).ShouldBeNull();
        await serve;
        clientSubject.ShouldBe("CN=acolhimento-live-admin, O=system:masters");
    }
}
