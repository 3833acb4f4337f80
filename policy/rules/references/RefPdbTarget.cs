using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.References;

internal sealed class RefPdbTarget : PolicyRule
{
    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/ref-pdb-target",
        Area = "References",
        Title = "A PodDisruptionBudget selects at least one pod template in its namespace",
        Severity = Severity.Error,
        Rationale = "A budget that selects nothing protects nothing; it is usually a label typo that leaves the workload unprotected.",
        Remediation = "Make spec.selector match the pod template labels of the workload the budget protects.",
        Profile = RuleProfile.Kubernetes,
        NeedsWholeObjectSet = true,
    };

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        foreach (var budget in context.OfKind(Kubernetes.Kinds.PodDisruptionBudget))
        {
            var ns = context.NamespaceOf(budget);
            if (!context.SelectedBy(ns, budget.Spec?.Mapping("selector")).Any())
            {
                yield return Report(budget, $"PodDisruptionBudget {budget.Name} selects no pod template in namespace {ns}",
                    budget.Spec?["selector"] is null ? ObjectPath.Of("spec") : ObjectPath.Of("spec", "selector"));
            }
        }
    }
}
