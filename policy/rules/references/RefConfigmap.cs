using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Policy.Rules.References;

internal sealed class RefConfigmap : PolicyRule
{
    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/ref-configmap",
        Area = "References",
        Title = "ConfigMaps referenced by pods exist",
        Severity = Severity.Error,
        Rationale = "A pod that names a missing ConfigMap does not start (CreateContainerConfigError or Pending); the typo is only visible once deployed.",
        Remediation = "Create the ConfigMap (or a configMapGenerator) in the namespace, fix the name, or mark the reference optional: true.",
        Profile = RuleProfile.Kubernetes,
        NeedsWholeObjectSet = true,
    };

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context) => PodReferences.Missing(context, "ConfigMap", Metadata);
}
