using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.References;

internal sealed class RefHpaTarget : PolicyRule
{
    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/ref-hpa-target",
        Area = "References",
        Title = "An autoscaler's scale target exists (HorizontalPodAutoscaler, KEDA ScaledObject)",
        Severity = Severity.Error,
        Rationale = "An autoscaler whose target is missing scales nothing and reports only a condition nobody watches.",
        Remediation = "Point spec.scaleTargetRef (kind, name) at a Deployment, StatefulSet or Argo Rollout in the same namespace (a KEDA ScaledObject without kind means a Deployment).",
        Profile = RuleProfile.Kubernetes,
        NeedsWholeObjectSet = true,
    };

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        foreach (var scale in context.ScaleTargets().Where(s => s.Target is null))
        {
            yield return Report(scale.Scaler, $"scale target {scale.TargetKind} {scale.TargetName} of {scale.Kind.Kind} {scale.Scaler.Name} does not exist in namespace {context.NamespaceOf(scale.Scaler)}",
                scale.Reference is null ? ObjectPath.Of("spec") : ObjectPath.Of("spec", "scaleTargetRef"));
        }
    }
}
