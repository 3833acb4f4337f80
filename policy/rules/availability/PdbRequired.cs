using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.Availability;

internal sealed class PdbRequired : PolicyRule
{
    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/pdb-required",
        Area = "Availability",
        Title = "Production workloads with more than one replica have a PodDisruptionBudget",
        Severity = Severity.Error,
        Rationale = "Running several replicas is meant to survive a node drain; without a PDB a drain may evict all of them at once.",
        Remediation = "Add a PodDisruptionBudget in the namespace selecting the pod template labels, e.g. maxUnavailable: 1.",
        AppliesTo = RuleScope.ProductionOnly,
        Parameters = [SharedParameters.ProductionClusters],
        NeedsWholeObjectSet = true,
    };

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        foreach (var template in context.PodTemplates.Where(t => t.OwnerKind == Kubernetes.Kinds.Deployment || t.OwnerKind == Kubernetes.Kinds.StatefulSet))
        {
            var replicas = context.MinimumReplicas(template) ?? 1;
            if (replicas <= 1) continue;
            var covered = context.OfKind(Kubernetes.Kinds.PodDisruptionBudget, template.Namespace).Any(b => LabelSelectors.Matches(b.Spec?.Mapping("selector"), template.Labels));
            if (!covered)
            {
                var path = template.Owner.Spec?["replicas"] is null ? ObjectPath.Of("spec") : ObjectPath.Of("spec", "replicas");
                yield return Report(template.Owner, $"{template.Owner.Kind} {template.Owner.Name} runs {replicas} replicas but no PodDisruptionBudget selects its pods", path);
            }
        }
    }
}
