using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Acolhimento.Validation.Live;

/// <summary>
/// The certificates and keys one envtest control plane needs, made in process and thrown away with it: a CA; the API
/// server's serving certificate (valid for 127.0.0.1 and the in-cluster names); an admin client certificate in the
/// <c>system:masters</c> group (RBAC lets it do everything); the service-account signing key pair.
/// </summary>
internal sealed record ThrowawayPki(string CaPem, string ServingCertificatePem, string ServingKeyPem, string AdminCertificatePem, string AdminKeyPem, string ServiceAccountKeyPem, string ServiceAccountPublicKeyPem)
{
    public const string AdminUser = "acolhimento-live-admin";

    /// <summary>Valid from an hour before <paramref name="now"/> (clock skew) for a day: longer than any run.</summary>
    public static ThrowawayPki Create(DateTimeOffset now) => Create(now.AddHours(-1), now.AddDays(1));

    /// <summary>Every certificate valid from <paramref name="notBefore"/> to <paramref name="notAfter"/> (tests pass fixed dates instead of the clock).</summary>
    public static ThrowawayPki Create(DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=acolhimento-live-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(notBefore, notAfter);

        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.Parse(EnvtestControlPlane.ServiceIp));
        foreach (var dns in (string[])["localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"]) names.AddDnsName(dns);
        var (servingCertificate, servingKey) = Issue(ca, "CN=kube-apiserver", "1.3.6.1.5.5.7.3.1", notBefore, notAfter, 2, names.Build());
        var (adminCertificate, adminKey) = Issue(ca, $"CN={AdminUser}, O=system:masters", "1.3.6.1.5.5.7.3.2", notBefore, notAfter, 3, null);

        using var serviceAccountKey = RSA.Create(2048);
        return new ThrowawayPki(ca.ExportCertificatePem(), servingCertificate, servingKey, adminCertificate, adminKey,
            serviceAccountKey.ExportPkcs8PrivateKeyPem(), serviceAccountKey.ExportSubjectPublicKeyInfoPem());
    }

    private static (string Certificate, string Key) Issue(X509Certificate2 ca, string subject, string usage, DateTimeOffset notBefore, DateTimeOffset notAfter, byte serial, X509Extension? names)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        if (names is not null) request.CertificateExtensions.Add(names);
        using var certificate = request.Create(ca, notBefore, notAfter, [serial]);
        return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>A kubeconfig for the admin user at <paramref name="server"/>, with everything inline (it leaves no other file to clean up).</summary>
    public string Kubeconfig(string server) => $"""
        apiVersion: v1
        kind: Config
        clusters:
          - name: envtest
            cluster:
              server: {server}
              certificate-authority-data: {Base64(CaPem)}
        users:
          - name: {AdminUser}
            user:
              client-certificate-data: {Base64(AdminCertificatePem)}
              client-key-data: {Base64(AdminKeyPem)}
        contexts:
          - name: envtest
            context:
              cluster: envtest
              user: {AdminUser}
        current-context: envtest
        """;

    private static string Base64(string pem) => Convert.ToBase64String(Encoding.ASCII.GetBytes(pem));
}
