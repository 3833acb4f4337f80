using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.Availability;

internal sealed class HpaReplicasNotPinned : PolicyRule
{
    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/hpa-replicas-not-pinned",
        Area = "Availability",
        Title = "A workload scaled by an HPA does not set spec.replicas",
        Severity = Severity.Error,
        Rationale = "Argo CD re-applies spec.replicas on every sync, undoing the autoscaler's decision and fighting it for ever.",
        Remediation = "Remove spec.replicas from the HPA's target (the HPA's minReplicas sets the floor).",
        Profile = RuleProfile.Kubernetes,
    };

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        foreach (var scale in context.ScaleTargets())
        {
            if (scale.Target?.Spec?["replicas"] is not null)
            {
                yield return scale.Target.Finding(Stages.Policy, Metadata.Severity, Metadata.Id,
                    $"{scale.Target.Kind} {scale.Target.Name} sets spec.replicas although {scale.Kind.Kind} {scale.Scaler.Name} scales it", ObjectPath.Of("spec", "replicas"));
            }
        }
    }
}
