using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Policy.Rules.Containers;

public sealed class ContainerProbes : PolicyRule
{
    private static readonly RuleMetadata Info = new(
        "policy/container-probes", "Containers", "Long-running containers have liveness and readiness probes", Severity.Error,
        "Without readiness, traffic reaches pods that cannot serve it; without liveness, a hung process is never restarted.",
        "Add livenessProbe and readinessProbe to every container of Deployments, StatefulSets and DaemonSets.");

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        foreach (var template in context.PodTemplates.Where(t => t.LongRunning))
        {
            foreach (var container in template.Containers(includeInit: false))
            {
                var missing = new[] { "livenessProbe", "readinessProbe" }.Where(p => container.Body[p] is null).ToList();
                if (missing.Count > 0) yield return Report(template.Owner, $"container {container.Name} has no {string.Join(" or ", missing)}", container.Path);
            }
        }
    }
}
