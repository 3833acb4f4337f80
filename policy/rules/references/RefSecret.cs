using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Policy.Rules.References;

internal sealed class RefSecret : PolicyRule
{
    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/ref-secret",
        Area = "References",
        Title = "Secrets referenced by pods exist (as a Secret, ExternalSecret or SealedSecret)",
        Severity = Severity.Error,
        Rationale = "A pod that names a missing Secret does not start (CreateContainerConfigError or Pending); the typo is only visible once deployed.",
        Remediation = "Add an ExternalSecret (or SealedSecret) producing the Secret in the namespace, or fix the name.",
        Profile = RuleProfile.Kubernetes,
        NeedsWholeObjectSet = true,
    };

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context) => PodReferences.Missing(context, "Secret", Metadata);
}
