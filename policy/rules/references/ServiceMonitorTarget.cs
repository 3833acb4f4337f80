using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.References;

public sealed class ServiceMonitorTarget : PolicyRule
{
    private static readonly RuleMetadata Info = new(
        "policy/ref-service-monitor", "References", "A ServiceMonitor selects a Service that has the named endpoint port", Severity.Error,
        "Prometheus silently scrapes nothing when the selector or port name does not match; the gap shows only when an alert never fires.",
        "Make spec.selector match the Service's labels (and namespaceSelector its namespace) and endpoints[].port a named port of that Service.");

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        var services = context.OfKind("Service").ToList();
        foreach (var monitor in context.OfKind("ServiceMonitor"))
        {
            var spec = monitor.Spec;
            if (spec is null) continue;
            var namespaces = Namespaces(context, monitor, spec.Mapping("namespaceSelector"));
            var selected = services.Where(s => namespaces(context.NamespaceOf(s)) && LabelSelectors.Matches(spec.Mapping("selector"), s.Labels)).ToList();
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

    private static Func<string, bool> Namespaces(PolicyContext context, RenderedObject monitor, YamlMapping? selector)
    {
        if (selector?.Boolean("any") == true) return _ => true;
        var names = (selector?.Sequence("matchNames")?.Items ?? []).OfType<YamlScalar>().Select(s => s.Value).ToHashSet(StringComparer.Ordinal);
        var own = context.NamespaceOf(monitor);
        return names.Count > 0 ? names.Contains : ns => ns == own;
    }
}
