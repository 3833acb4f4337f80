using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Policy.Rules.References;

public sealed class ConfigMapReferences : PolicyRule
{
    private static readonly RuleMetadata Info = new(
        "policy/ref-configmap", "References", "ConfigMaps referenced by pods exist", Severity.Error,
        "A pod that names a missing ConfigMap does not start (CreateContainerConfigError or Pending); the typo is only visible once deployed.",
        "Create the ConfigMap (or a configMapGenerator) in the namespace, fix the name, or mark the reference optional: true.",
        Profile: RuleProfile.Kubernetes)
    {
        NeedsWholeObjectSet = true,
    };

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context) => PodReferences.Missing(context, "ConfigMap", Metadata);
}
