using System.Globalization;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.Availability;

internal sealed class PdbAllowsEviction : PolicyRule
{
    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/pdb-allows-eviction",
        Area = "Availability",
        Title = "A PodDisruptionBudget can allow at least one eviction",
        Severity = Severity.Error,
        Rationale = "A budget that never allows an eviction (maxUnavailable 0, or minAvailable at or above the replicas) blocks node drains and cluster upgrades indefinitely.",
        Remediation = "Use maxUnavailable: 1 (or a minAvailable below the workload's replica count; a percentage is rounded up).",
    };

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        foreach (var budget in context.OfKind(Kubernetes.Kinds.PodDisruptionBudget))
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
            var selected = context.SelectedBy(context.NamespaceOf(budget), spec.Mapping("selector"))
                .Select(context.MinimumReplicas).OfType<long>().ToList();
            if (selected.Count == 0) continue; // no target: policy/ref-pdb-target reports it
            var replicas = selected.Sum();
            if (RequiredAvailable(minAvailable, replicas) is { } minimum && minimum >= replicas)
            {
                yield return Report(budget, $"minAvailable {minAvailable.Value} means {minimum} of the {replicas} replica(s) it covers must stay up: no pod may ever be evicted", ObjectPath.Of("spec", "minAvailable"));
            }
        }
    }

    /// <summary>Pods that must stay available: an integer as written, a percentage of the replicas rounded up (as the disruption controller computes it).</summary>
    private static long? RequiredAvailable(YamlScalar minAvailable, long replicas)
    {
        if (minAvailable.Kind == ScalarKind.Int && ScalarResolution.TryParseInt(minAvailable.Value, out var count)) return count;
        var text = minAvailable.Value;
        if (text.EndsWith('%') && decimal.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var percent))
        {
            return (long)Math.Ceiling(percent * replicas / 100m);
        }
        return null;
    }
}
