namespace Acolhimento.Validation.Kubernetes;

/// <summary>
/// A kind that scales another object named by <c>spec.scaleTargetRef</c>: the kind assumed when the reference names none,
/// and the field (with its default) of the fewest replicas it keeps.
/// </summary>
public sealed record AutoscalerKind(string Group, string Kind, string? DefaultTargetKind, string MinReplicasField, long DefaultMinReplicas);

/// <summary>
/// The autoscalers whose targets cross-object rules follow (sources: autoscaling/v2 HorizontalPodAutoscalerSpec —
/// minReplicas defaults to 1; KEDA keda.sh/v1alpha1 ScaledObject — scaleTargetRef.kind defaults to Deployment,
/// minReplicaCount to 0; KEDA creates an HPA for it).
/// </summary>
internal static class Autoscalers
{
    public static readonly IReadOnlyList<AutoscalerKind> Kinds =
    [
        new(ApiGroups.Autoscaling, "HorizontalPodAutoscaler", null, "minReplicas", 1),
        new(ApiGroups.Keda, "ScaledObject", "Deployment", "minReplicaCount", 0),
    ];

    public static AutoscalerKind? Find(string group, string kind) => Kinds.FirstOrDefault(k => k.Group == group && k.Kind == kind);
}
