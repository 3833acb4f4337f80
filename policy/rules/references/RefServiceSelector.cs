using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.References;

internal sealed class RefServiceSelector : PolicyRule
{
    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/ref-service-selector",
        Area = "References",
        Title = "A Service's selector matches a pod template in its namespace",
        Severity = Severity.Error,
        Rationale = "A Service that selects no pod has no endpoints: every request to it fails, and nothing says why.",
        Remediation = "Make spec.selector equal to (a subset of) the pod template labels of the workload the Service fronts.",
        Profile = RuleProfile.Kubernetes,
        NeedsWholeObjectSet = true,
    };

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        foreach (var service in context.OfKind(Kubernetes.Kinds.Service))
        {
            var selector = service.Spec?.Mapping("selector");
            if (selector is null || selector.Entries.Count == 0 || service.Spec?.String("type") == "ExternalName") continue; // endpoints managed elsewhere
            var ns = context.NamespaceOf(service);
            var templates = context.PodTemplatesIn(ns);
            if (templates.Any(t => LabelSelectors.MatchesMap(selector, t.Labels))) continue;
            var wanted = string.Join(", ", selector.Entries.Select(e => $"{e.Key.Value}={(e.Value as YamlScalar)?.Value}"));
            // Point at the label no pod template carries (usually the typo); when each label exists but no template has them all, at the selector.
            var unmatched = selector.Entries.Where(e => !templates.Any(t => e.Value is YamlScalar v && t.Labels.TryGetValue(e.Key.Value, out var actual) && actual == v.Value))
                .Select(e => e.Key.Value).FirstOrDefault();
            var path = unmatched is null ? ObjectPath.Of("spec", "selector") : ObjectPath.Of("spec", "selector", unmatched);
            yield return Report(service, $"Service {service.Name} selects {wanted}, which no pod template in namespace {ns} carries", path);
        }
    }
}
