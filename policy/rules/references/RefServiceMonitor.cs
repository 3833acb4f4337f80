using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.References;

internal sealed class RefServiceMonitor : PolicyRule
{
    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/ref-service-monitor",
        Area = "References",
        Title = "A ServiceMonitor selects a Service that has the named endpoint port",
        Severity = Severity.Error,
        Rationale = "Prometheus silently scrapes nothing when the selector or port name does not match; the gap shows only when an alert never fires.",
        Remediation = "Make spec.selector match the Service's labels (and namespaceSelector its namespace) and endpoints[].port a named port of that Service.",
        Profile = RuleProfile.Kubernetes,
        NeedsWholeObjectSet = true,
    };

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        foreach (var monitor in context.OfKind(Kubernetes.Kinds.ServiceMonitor))
        {
            var spec = monitor.Spec;
            if (spec is null) continue;
            var selected = CandidateServices(context, monitor, spec.Mapping("namespaceSelector"))
                .Where(s => LabelSelectors.Matches(spec.Mapping("selector"), s.Labels)).ToList();
            if (selected.Count == 0)
            {
                yield return Report(monitor, $"ServiceMonitor {monitor.Name} selects no Service", spec["selector"] is null ? ObjectPath.Of("spec") : ObjectPath.Of("spec", "selector"));
                continue;
            }
            var endpoints = spec.Sequence("endpoints")?.Items ?? [];
            for (var i = 0; i < endpoints.Count; i++)
            {
                if ((endpoints[i] as YamlMapping)?.String("port") is not { } port) continue;
                var named = selected.Any(s => (s.Spec?.Sequence("ports")?.Items ?? []).OfType<YamlMapping>().Any(p => p.String("name") == port));
                if (!named)
                {
                    yield return Report(monitor, $"no selected Service ({string.Join(", ", selected.Select(s => s.Name))}) has a port named {port}", ObjectPath.Of("spec", "endpoints", i, "port"));
                }
            }
        }
    }

    /// <summary>The Services in the namespaces the monitor's namespaceSelector names (any, matchNames, or its own namespace).</summary>
    private static IEnumerable<RenderedObject> CandidateServices(PolicyContext context, RenderedObject monitor, YamlMapping? selector)
    {
        if (selector?.Boolean("any") == true) return context.OfKind(Kubernetes.Kinds.Service);
        var names = (selector?.Sequence("matchNames")?.Items ?? []).OfType<YamlScalar>().Select(s => s.Value).Distinct(StringComparer.Ordinal).ToList();
        if (names.Count == 0) names.Add(context.NamespaceOf(monitor));
        return names.SelectMany(ns => context.OfKind(Kubernetes.Kinds.Service, ns));
    }
}
