using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.Availability;

public sealed class PdbAllowsEviction : PolicyRule
{
    private static readonly RuleMetadata Info = new(
        "policy/pdb-allows-eviction", "Availability", "A PodDisruptionBudget can allow at least one eviction", Severity.Error,
        "A budget that never allows an eviction (maxUnavailable 0, or minAvailable at or above the replicas) blocks node drains and cluster upgrades indefinitely.",
        "Use maxUnavailable: 1 (or a minAvailable below the workload's replica count).");

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        foreach (var budget in context.OfKind("PodDisruptionBudget"))
        {
            var spec = budget.Spec;
            if (spec is null) continue;
            if (spec["maxUnavailable"] is YamlScalar { Value: "0" or "0%" })
            {
                yield return Report(budget, "maxUnavailable is 0: no pod may ever be evicted", ObjectPath.Of("spec", "maxUnavailable"));
                continue;
            }
            if (spec["minAvailable"] is not YamlScalar minAvailable) continue;
            if (minAvailable.Value == "100%")
            {
                yield return Report(budget, "minAvailable is 100%: no pod may ever be evicted", ObjectPath.Of("spec", "minAvailable"));
                continue;
            }
            if (minAvailable.Kind != ScalarKind.Int || !ScalarResolution.TryParseInt(minAvailable.Value, out var minimum)) continue;
            var selected = context.SelectedBy(context.NamespaceOf(budget), spec.Mapping("selector")).Where(t => t.Replicas is not null).ToList();
            if (selected.Count == 0) continue; // no target: policy/ref-pdb-target reports it
            var replicas = selected.Sum(t => t.Replicas!.Value);
            if (minimum >= replicas)
            {
                yield return Report(budget, $"minAvailable {minimum} is not below the {replicas} replica(s) it covers: no pod may ever be evicted", ObjectPath.Of("spec", "minAvailable"));
            }
        }
    }
}
