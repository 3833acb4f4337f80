using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy;

/// <summary>
/// A pod template of a workload (or a bare Pod) that runs pods, as rules see it: the owner, the namespace it lands in,
/// and the pod spec with its path inside the owner (<see cref="Workloads"/> says where), so that findings point at the
/// source line of the offending field.
/// </summary>
public sealed record PodTemplate(RenderedObject Owner, string Namespace, WorkloadPodSpec PodSpec)
{
    public YamlMapping Spec => PodSpec.Spec;

    /// <summary>The owner's group and kind (a StatefulSet is <see cref="Kinds.StatefulSet"/>, not any kind of that name).</summary>
    public GroupKind OwnerKind => new(PodSpec.Workload.Group, PodSpec.Workload.Kind);

    public ObjectPath SpecPath => PodSpec.Path;

    public IReadOnlyDictionary<string, string> Labels { get; } = PodSpec.Labels;

    public bool LongRunning => PodSpec.IsLongRunning;

    public YamlMapping? SecurityContext => Spec.Mapping("securityContext");

    public IEnumerable<ContainerSpec> Containers(bool includeInit = true) => PodSpec.Containers(includeInit);

    public IEnumerable<(YamlMapping Volume, ObjectPath Path)> Volumes() => PodSpec.Volumes();

    /// <summary>Desired replicas of the owner (1 when unset), or null for kinds without replicas.</summary>
    public long? Replicas => PodSpec.Workload.HasReplicas ? Owner.Spec?.Integer("replicas") ?? 1 : null;

    /// <summary>The pod template of an object that runs pods, or null when it runs none or has no pod spec.</summary>
    public static PodTemplate? Of(RenderedObject owner, string @namespace) =>
        Workloads.PodSpecOf(owner.Id.Group, owner.Kind, owner.Body) is { Workload.RunsPods: true } podSpec
            ? new PodTemplate(owner, @namespace, podSpec)
            : null;
}
