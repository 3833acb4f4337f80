using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Policy.Rules.References;

public sealed class PvcReferences : PolicyRule
{
    private static readonly RuleMetadata Info = new(
        "policy/ref-pvc", "References", "PersistentVolumeClaims referenced by pods exist", Severity.Error,
        "A pod that names a missing PersistentVolumeClaim does not start (CreateContainerConfigError or Pending); the typo is only visible once deployed.",
        "Create the PersistentVolumeClaim in the namespace (or use a StatefulSet volumeClaimTemplate), or fix claimName.",
        Profile: RuleProfile.Kubernetes)
    {
        NeedsWholeObjectSet = true,
    };

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context) => PodReferences.Missing(context, "PersistentVolumeClaim", Metadata);
}
