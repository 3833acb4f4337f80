using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Policy.Rules.References;

internal sealed class RefPvc : PolicyRule
{
    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/ref-pvc",
        Area = "References",
        Title = "PersistentVolumeClaims referenced by pods exist",
        Severity = Severity.Error,
        Rationale = "A pod that names a missing PersistentVolumeClaim does not start (CreateContainerConfigError or Pending); the typo is only visible once deployed.",
        Remediation = "Create the PersistentVolumeClaim in the namespace (or use a StatefulSet volumeClaimTemplate), or fix claimName.",
        Profile = RuleProfile.Kubernetes,
        NeedsWholeObjectSet = true,
    };

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context) => PodReferences.Missing(context, "PersistentVolumeClaim", Metadata);
}
