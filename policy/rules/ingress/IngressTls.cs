using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.Ingress;

public sealed class IngressTls : PolicyRule
{
    private static readonly RuleMetadata Info = new(
        "policy/ingress-tls", "Ingress", "Every Ingress host is covered by TLS", Severity.Error,
        "A host without a TLS entry is served over plain HTTP; people's data would cross the network unencrypted.",
        "Add the host to an entry of spec.tls with a secretName, and let cert-manager issue the certificate.");

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        foreach (var ingress in context.OfKind("Ingress"))
        {
            var tlsHosts = (ingress.Spec?.Sequence("tls")?.Items ?? []).OfType<YamlMapping>()
                .SelectMany(t => (t.Sequence("hosts")?.Items ?? []).OfType<YamlScalar>().Select(h => h.Value))
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            var rules = ingress.Spec?.Sequence("rules")?.Items ?? [];
            for (var i = 0; i < rules.Count; i++)
            {
                if (rules[i] is not YamlMapping rule) continue;
                var host = rule.String("host");
                if (host is null)
                {
                    yield return Report(ingress, "a rule without host serves every name, which no TLS certificate can cover", ObjectPath.Of("spec", "rules", i));
                }
                else if (!tlsHosts.Contains(host))
                {
                    yield return Report(ingress, $"host {host} has no TLS entry in spec.tls", ObjectPath.Of("spec", "rules", i, "host"));
                }
            }
        }
    }
}
