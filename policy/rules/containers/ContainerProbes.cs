using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Policy.Rules.Containers;

internal sealed class ContainerProbes : PolicyRule
{
    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/container-probes",
        Area = "Containers",
        Title = "Long-running containers and sidecars have liveness and readiness probes",
        Severity = Severity.Error,
        Rationale = "Without readiness, traffic reaches pods that cannot serve it; without liveness, a hung process is never restarted.",
        Remediation = "Add livenessProbe and readinessProbe to every container, and every sidecar (init container with restartPolicy: Always), of Deployments, StatefulSets and DaemonSets.",
    };

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        // A sidecar (an init container with restartPolicy: Always, Kubernetes >= 1.29) runs as long as the pod does; the
        // kubelet runs its liveness probe and counts its readiness probe towards the pod's Ready condition, so both are
        // required as for containers. Ordinary init containers run to completion and take no probes.
        foreach (var (template, container) in context.Containers().Where(c => c.Template.LongRunning && (c.Container.Kind == ContainerKind.Container || IsSidecar(c.Container))))
        {
            var missing = new[] { "livenessProbe", "readinessProbe" }.Where(p => container.Body[p] is null).ToList();
            var what = container.Kind == ContainerKind.Container ? "container" : "sidecar";
            if (missing.Count > 0) yield return Report(template.Owner, $"{what} {container.Name} has no {string.Join(" or ", missing)}", container.Path);
        }
    }

    private static bool IsSidecar(ContainerSpec container) =>
        container.Kind == ContainerKind.InitContainer && container.Body.String("restartPolicy") == "Always";
}
