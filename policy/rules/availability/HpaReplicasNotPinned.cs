using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.Availability;

public sealed class HpaReplicasNotPinned : PolicyRule
{
    private static readonly RuleMetadata Info = new(
        "policy/hpa-replicas-not-pinned", "Availability", "A workload scaled by an HPA does not set spec.replicas", Severity.Error,
        "Argo CD re-applies spec.replicas on every sync, undoing the autoscaler's decision and fighting it for ever.",
        "Remove spec.replicas from the HPA's target (the HPA's minReplicas sets the floor).");

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        foreach (var hpa in context.OfKind("HorizontalPodAutoscaler"))
        {
            var target = context.FindReference(context.NamespaceOf(hpa), hpa.Spec?.Mapping("scaleTargetRef"));
            if (target?.Spec?["replicas"] is not null)
            {
                yield return target.Finding(Stages.Policy, Metadata.Severity, Metadata.Id,
                    $"{target.Kind} {target.Name} sets spec.replicas although HorizontalPodAutoscaler {hpa.Name} scales it", ObjectPath.Of("spec", "replicas"));
            }
        }
    }
}
