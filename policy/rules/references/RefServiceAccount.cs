using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Policy.Rules.References;

internal sealed class RefServiceAccount : PolicyRule
{
    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/ref-service-account",
        Area = "References",
        Title = "ServiceAccounts referenced by pods exist",
        Severity = Severity.Error,
        Rationale = "A pod that names a missing ServiceAccount does not start (CreateContainerConfigError or Pending); the typo is only visible once deployed.",
        Remediation = "Create the ServiceAccount in the namespace, or fix serviceAccountName.",
        Profile = RuleProfile.Kubernetes,
        NeedsWholeObjectSet = true,
    };

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context) => PodReferences.Missing(context, "ServiceAccount", Metadata);
}
