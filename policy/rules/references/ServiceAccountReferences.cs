using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Policy.Rules.References;

public sealed class ServiceAccountReferences : PolicyRule
{
    private static readonly RuleMetadata Info = new(
        "policy/ref-service-account", "References", "ServiceAccounts referenced by pods exist", Severity.Error,
        "A pod that names a missing ServiceAccount does not start (CreateContainerConfigError or Pending); the typo is only visible once deployed.",
        "Create the ServiceAccount in the namespace, or fix serviceAccountName.",
        Profile: RuleProfile.Kubernetes)
    {
        NeedsWholeObjectSet = true,
    };

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context) => PodReferences.Missing(context, "ServiceAccount", Metadata);
}
