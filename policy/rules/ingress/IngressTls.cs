using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.Ingress;

internal sealed class IngressTls : PolicyRule
{
    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/ingress-tls",
        Area = "Ingress",
        Title = "Every Ingress host is covered by a TLS entry with a secretName",
        Severity = Severity.Error,
        Rationale = "A host without a TLS entry is served over plain HTTP; people's data would cross the network unencrypted. "
        + "A TLS entry without secretName gives cert-manager no Secret to issue into, so the controller serves its default, untrusted certificate.",
        Remediation = "Add the host (or a wildcard *.domain one label above it) to an entry of spec.tls with a secretName, and let cert-manager issue the certificate.",
    };

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        foreach (var ingress in context.OfKind(Kubernetes.Kinds.Ingress))
        {
            var entries = (ingress.Spec?.Sequence("tls")?.Items ?? []).OfType<YamlMapping>()
                .Select(t => new TlsEntry((t.Sequence("hosts")?.Items ?? []).OfType<YamlScalar>().Select(h => h.Value).ToList(), !string.IsNullOrEmpty(t.String("secretName"))))
                .ToList();
            var rules = ingress.Spec?.Sequence("rules")?.Items ?? [];
            for (var i = 0; i < rules.Count; i++)
            {
                if (rules[i] is not YamlMapping rule) continue;
                var host = rule.String("host");
                if (host is null)
                {
                    yield return Report(ingress, "a rule without host serves every name, which no TLS certificate can cover", ObjectPath.Of("spec", "rules", i));
                }
                else if (!entries.Any(e => e.HasSecret && e.Covers(host)))
                {
                    var message = entries.Any(e => e.Covers(host))
                        ? $"host {host} is in a spec.tls entry without secretName: cert-manager has no Secret to issue into and the controller serves its default certificate"
                        : $"host {host} has no TLS entry in spec.tls";
                    yield return Report(ingress, message, ObjectPath.Of("spec", "rules", i, "host"));
                }
            }
        }
    }

    /// <summary>One entry of spec.tls: the names its certificate is for, and whether it names the Secret that holds it.</summary>
    private sealed record TlsEntry(IReadOnlyList<string> Hosts, bool HasSecret)
    {
        public bool Covers(string host) => Hosts.Any(pattern => HostMatches(pattern, host));
    }

    /// <summary>
    /// Whether a certificate name covers a rule host: equal (case-insensitive), or a wildcard <c>*.example.com</c> covering
    /// exactly one label more (<c>api.example.com</c>, not <c>example.com</c> nor <c>a.b.example.com</c>), as TLS clients match
    /// wildcard certificates (RFC 6125 §6.4.3).
    /// </summary>
    private static bool HostMatches(string pattern, string host)
    {
        if (string.Equals(pattern, host, StringComparison.OrdinalIgnoreCase)) return true;
        if (!pattern.StartsWith("*.", StringComparison.Ordinal)) return false;
        var dot = host.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && !host[..dot].Contains('*', StringComparison.Ordinal)
            && string.Equals(host[(dot + 1)..], pattern[2..], StringComparison.OrdinalIgnoreCase);
    }
}
