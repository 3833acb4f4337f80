using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.References;

public sealed class HpaTarget : PolicyRule
{
    private static readonly RuleMetadata Info = new(
        "policy/ref-hpa-target", "References", "A HorizontalPodAutoscaler's scale target exists", Severity.Error,
        "An autoscaler whose target is missing scales nothing and reports only a condition nobody watches.",
        "Point spec.scaleTargetRef (kind, name) at a Deployment or StatefulSet in the same namespace.");

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        foreach (var hpa in context.OfKind("HorizontalPodAutoscaler"))
        {
            var reference = hpa.Spec?.Mapping("scaleTargetRef");
            if (context.FindReference(context.NamespaceOf(hpa), reference) is null)
            {
                yield return Report(hpa, $"scale target {reference?.String("kind") ?? "(no kind)"} {reference?.String("name") ?? "(no name)"} does not exist in namespace {context.NamespaceOf(hpa)}",
                    reference is null ? ObjectPath.Of("spec") : ObjectPath.Of("spec", "scaleTargetRef"));
            }
        }
    }
}
