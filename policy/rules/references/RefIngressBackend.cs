using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.References;

internal sealed class RefIngressBackend : PolicyRule
{
    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/ref-ingress-backend",
        Area = "References",
        Title = "Ingress backends name an existing Service and one of its ports",
        Severity = Severity.Error,
        Rationale = "An Ingress path whose backend does not exist answers 503 for that path.",
        Remediation = "Point backend.service.name at a Service in the same namespace and port.number/port.name at one of its ports.",
        Profile = RuleProfile.Kubernetes,
        NeedsWholeObjectSet = true,
    };

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        foreach (var ingress in context.OfKind(Kubernetes.Kinds.Ingress))
        {
            var ns = context.NamespaceOf(ingress);
            var backends = new List<(YamlMapping Backend, ObjectPath Path)>();
            if (ingress.Spec?.Mapping("defaultBackend") is { } fallback) backends.Add((fallback, ObjectPath.Of("spec", "defaultBackend")));
            var rules = ingress.Spec?.Sequence("rules")?.Items ?? [];
            for (var r = 0; r < rules.Count; r++)
            {
                var paths = (rules[r] as YamlMapping)?.Mapping("http")?.Sequence("paths")?.Items ?? [];
                for (var p = 0; p < paths.Count; p++)
                {
                    if ((paths[p] as YamlMapping)?.Mapping("backend") is { } backend) backends.Add((backend, ObjectPath.Of("spec", "rules", r, "http", "paths", p, "backend")));
                }
            }
            foreach (var (backend, path) in backends)
            {
                if (backend.Mapping("service") is not { } reference || reference.String("name") is not { } name) continue; // resource backends are not Services
                var servicePath = path.Key("service");
                var service = context.Find(Kubernetes.Kinds.Service, ns, name);
                if (service is null)
                {
                    yield return Report(ingress, $"backend Service {name} does not exist in namespace {ns}", servicePath.Key("name"));
                    continue;
                }
                var port = reference.Mapping("port");
                var servicePorts = (service.Spec?.Sequence("ports")?.Items ?? []).OfType<YamlMapping>().ToList();
                if (port?.Integer("number") is { } number && !servicePorts.Any(p => p.Integer("port") == number))
                {
                    yield return Report(ingress, $"Service {name} has no port {number}", servicePath.Key("port").Key("number"));
                }
                else if (port?.String("name") is { } portName && !servicePorts.Any(p => p.String("name") == portName))
                {
                    yield return Report(ingress, $"Service {name} has no port named {portName}", servicePath.Key("port").Key("name"));
                }
            }
        }
    }
}
