using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.References;

internal sealed class RefServiceTargetPort : PolicyRule
{
    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/ref-service-target-port",
        Area = "References",
        Title = "A Service's target ports exist on the pods it selects",
        Severity = Severity.Error,
        Rationale = "A named targetPort that no container names has no endpoints at all; a number the selected pods do not declare (when they declare their ports) usually means traffic goes where nothing listens.",
        Remediation = "Set targetPort to a containerPort number or name declared by the selected pods' containers.",
        Profile = RuleProfile.Kubernetes,
        NeedsWholeObjectSet = true,
    };

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        foreach (var service in context.OfKind(Kubernetes.Kinds.Service))
        {
            var selector = service.Spec?.Mapping("selector");
            if (selector is null || selector.Entries.Count == 0) continue;
            var ns = context.NamespaceOf(service);
            var selected = context.PodTemplatesIn(ns).Where(t => LabelSelectors.MatchesMap(selector, t.Labels)).ToList();
            if (selected.Count == 0) continue; // no selected pod: policy/ref-service-selector reports it
            var ports = selected.SelectMany(t => t.Containers(includeInit: false)).SelectMany(c => c.Ports).ToList();
            var servicePorts = service.Spec?.Sequence("ports")?.Items ?? [];
            for (var i = 0; i < servicePorts.Count; i++)
            {
                if (servicePorts[i] is not YamlMapping port) continue;
                var target = port["targetPort"] as YamlScalar ?? port["port"] as YamlScalar;
                if (target is null) continue;
                // containerPorts are informational: a number the pods do not declare still reaches a container listening
                // on it, so it is only a likely mistake when the pods declare their ports and it is not among them (pods that
                // declare none tell nothing: not reported). A name must be declared, or the Service has no endpoints.
                var exists = target.Kind == ScalarKind.Int && ScalarResolution.TryParseInt(target.Value, out var number)
                    ? ports.Count == 0 || ports.Any(p => p.Number == number)
                    : ports.Any(p => p.Name == target.Value);
                if (!exists)
                {
                    yield return Report(service, $"target port {target.Value} of Service {service.Name} is not a port of the pods it selects",
                        ObjectPath.Of("spec", "ports", i, port["targetPort"] is null ? "port" : "targetPort"));
                }
            }
        }
    }
}
