using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Kubernetes;

/// <summary>How long the pods of a kind run, which decides whether probes and replicas matter.</summary>
public enum PodLifetime
{
    /// <summary>A controller keeps the pods running (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController).</summary>
    LongRunning,

    /// <summary>The pods run to completion (Job, CronJob).</summary>
    RunToCompletion,

    /// <summary>A bare Pod: long-running unless its <c>restartPolicy</c> is OnFailure or Never.</summary>
    ByRestartPolicy,

    /// <summary>No pods run from it (a core PodTemplate object is only a stored template).</summary>
    NoPods,
}

/// <summary>
/// A kind that carries a pod template, matched by API group and kind (a custom <c>example.com/Deployment</c> is not
/// one), with the path of its <c>PodTemplateSpec</c> (the root for a Pod, whose own metadata and spec are the template).
/// </summary>
public sealed record WorkloadKind(string Group, string Kind, ObjectPath TemplatePath, PodLifetime Lifetime, bool HasReplicas)
{
    // Built once per kind (the table is static data): every object of the kind is navigated along them.
    // (A `with` copy changing TemplatePath would keep these; nothing derives kinds that way.)

    /// <summary>Where the pod spec sits: <c>spec.template.spec</c>, <c>spec.jobTemplate.spec.template.spec</c>, a Pod's <c>spec</c>.</summary>
    public ObjectPath PodSpecPath { get; } = TemplatePath.Key("spec");

    /// <summary>Object metadata embedded in templates (not the object's own): the pod template's, and a CronJob's job template's.</summary>
    public IReadOnlyList<ObjectPath> EmbeddedMetadataPaths { get; } = TemplatePath.Depth == 0
        ? []
        : Kind == "CronJob" && Group == ApiGroups.Batch
            ? [ObjectPath.Of("spec", "jobTemplate", "metadata"), TemplatePath.Key("metadata")]
            : [TemplatePath.Key("metadata")];

    /// <summary>Pods run from it (every kind here but the core PodTemplate object).</summary>
    public bool RunsPods => Lifetime != PodLifetime.NoPods;

    /// <summary>Kinds <c>kubectl rollout status</c> follows to readiness.</summary>
    public bool HasRolloutStatus => Group == ApiGroups.Apps && Kind is "Deployment" or "StatefulSet" or "DaemonSet";

    public override string ToString() => Group.Length == 0 ? Kind : $"{Group}/{Kind}";
}

/// <summary>
/// Which kinds carry a pod template and where, the one place every stage asks (source: the API types of
/// k8s.io/api core/v1, apps/v1 and batch/v1 — <c>PodSpec</c> in <c>Pod.spec</c>, <c>PodTemplateSpec</c> in
/// <c>spec.template</c>, a CronJob's in <c>spec.jobTemplate.spec.template</c>; Argo Rollouts' Rollout type and KEDA's
/// ScaledJob type for the two well-known controllers).
/// </summary>
internal static class Workloads
{
    private static readonly ObjectPath SpecTemplate = ObjectPath.Of("spec", "template");

    public static readonly IReadOnlyList<WorkloadKind> Kinds =
    [
        new(ApiGroups.Apps, "Deployment", SpecTemplate, PodLifetime.LongRunning, HasReplicas: true),
        new(ApiGroups.Apps, "StatefulSet", SpecTemplate, PodLifetime.LongRunning, HasReplicas: true),
        new(ApiGroups.Apps, "DaemonSet", SpecTemplate, PodLifetime.LongRunning, HasReplicas: false),
        new(ApiGroups.Apps, "ReplicaSet", SpecTemplate, PodLifetime.LongRunning, HasReplicas: true),
        new(ApiGroups.Core, "ReplicationController", SpecTemplate, PodLifetime.LongRunning, HasReplicas: true),
        new(ApiGroups.Batch, "Job", SpecTemplate, PodLifetime.RunToCompletion, HasReplicas: false),
        new(ApiGroups.Batch, "CronJob", ObjectPath.Of("spec", "jobTemplate", "spec", "template"), PodLifetime.RunToCompletion, HasReplicas: false),
        new(ApiGroups.Core, "Pod", ObjectPath.Root, PodLifetime.ByRestartPolicy, HasReplicas: false),
        new(ApiGroups.Core, "PodTemplate", ObjectPath.Of("template"), PodLifetime.NoPods, HasReplicas: false),
        // Well-known controllers whose pods Services select and autoscalers scale: Argo Rollouts' Rollout (a Deployment's
        // fields; one that uses spec.workloadRef instead runs the referenced Deployment's template) and KEDA's ScaledJob
        // (spec.jobTargetRef is a batch/v1 JobSpec).
        new(ApiGroups.ArgoProj, "Rollout", SpecTemplate, PodLifetime.LongRunning, HasReplicas: true),
        new(ApiGroups.Keda, "ScaledJob", ObjectPath.Of("spec", "jobTargetRef", "template"), PodLifetime.RunToCompletion, HasReplicas: false),
    ];

    private static readonly Dictionary<(string Group, string Kind), WorkloadKind> ByGroupAndKind = Kinds.ToDictionary(k => (k.Group, k.Kind));

    /// <summary>The workload kind of a group and kind, or null for kinds without a pod template.</summary>
    public static WorkloadKind? Find(string group, string kind) => ByGroupAndKind.GetValueOrDefault((group, kind));

    /// <summary>The pod spec of an object, or null when its kind has no pod template or the spec is missing or not a mapping.</summary>
    public static WorkloadPodSpec? PodSpecOf(string group, string kind, YamlMapping body) =>
        Find(group, kind) is { } workload && body.At(workload.PodSpecPath) is YamlMapping spec
            ? new WorkloadPodSpec(workload, spec, workload.PodSpecPath, body.At(workload.TemplatePath.Key("metadata")) as YamlMapping)
            : null;
}

/// <summary>A pod spec inside an object, its path, and the metadata of its template (a Pod's own metadata).</summary>
public sealed record WorkloadPodSpec(WorkloadKind Workload, YamlMapping Spec, ObjectPath Path, YamlMapping? TemplateMetadata)
{
    public ObjectPath TemplateMetadataPath => Workload.TemplatePath.Key("metadata");

    /// <summary>The template's labels (string values only), which selectors match.</summary>
    public IReadOnlyDictionary<string, string> Labels =>
        (TemplateMetadata?.Mapping("labels")?.Entries ?? [])
            .Where(e => e.Value is YamlScalar)
            .GroupBy(e => e.Key.Value, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => ((YamlScalar)g.First().Value).Value, StringComparer.Ordinal);

    /// <summary>Whether its pods keep running: by kind, and for a bare Pod by its restartPolicy (Always when unset).</summary>
    public bool IsLongRunning => Workload.Lifetime switch
    {
        PodLifetime.LongRunning => true,
        PodLifetime.ByRestartPolicy => Spec.String("restartPolicy") is null or "Always",
        _ => false,
    };

    /// <summary>Every container with its path: init containers (sidecars among them), containers, ephemeral containers.</summary>
    public IEnumerable<ContainerSpec> Containers(bool includeInit = true) => PodSpecs.Containers(Spec, Path, includeInit);

    public IEnumerable<(YamlMapping Volume, ObjectPath Path)> Volumes()
    {
        var items = Spec.Sequence("volumes")?.Items ?? [];
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is YamlMapping volume) yield return (volume, Path.Key("volumes").Index(i));
        }
    }

    /// <summary>The first container of that name in any list, or null.</summary>
    public ContainerSpec? Container(string name) => Containers().FirstOrDefault(c => c.Name == name);
}

/// <summary>The three container lists of a pod spec, in the order the kubelet starts them.</summary>
public enum ContainerKind
{
    Container,
    InitContainer,
    EphemeralContainer,
}

/// <summary>A container of a pod spec, with its path inside the owning object.</summary>
public sealed record ContainerSpec(YamlMapping Body, ObjectPath Path, string Name, ContainerKind Kind)
{
    /// <summary>An init container with <c>restartPolicy: Always</c> (Kubernetes 1.29+): it runs, and is probed, as long as the pod.</summary>
    public bool IsSidecar => Kind == ContainerKind.InitContainer && Body.String("restartPolicy") == "Always";

    public YamlMapping? SecurityContext => Body.Mapping("securityContext");

    public string? Image => Body.String("image");

    /// <summary>Declared container ports: numbers and names.</summary>
    public IEnumerable<(long Number, string? Name, string Protocol)> Ports =>
        (Body.Sequence("ports")?.Items ?? []).OfType<YamlMapping>()
            .Where(p => p.Integer("containerPort") is not null)
            .Select(p => (p.Integer("containerPort")!.Value, p.String("name"), p.String("protocol") ?? "TCP"));
}

internal static class PodSpecs
{
    /// <summary>The container lists of a pod spec, as field name and kind, in the order they are listed.</summary>
    public static readonly IReadOnlyList<(string Field, ContainerKind Kind)> ContainerLists =
        [("initContainers", ContainerKind.InitContainer), ("containers", ContainerKind.Container), ("ephemeralContainers", ContainerKind.EphemeralContainer)];

    /// <summary>Every container of a pod spec at <paramref name="specPath"/>; unnamed ones are named <c>#index</c>.</summary>
    public static IEnumerable<ContainerSpec> Containers(YamlMapping spec, ObjectPath specPath, bool includeInit = true)
    {
        foreach (var (field, kind) in ContainerLists)
        {
            if (!includeInit && kind != ContainerKind.Container) continue;
            var items = spec.Sequence(field)?.Items ?? [];
            for (var i = 0; i < items.Count; i++)
            {
                if (items[i] is YamlMapping body) yield return new ContainerSpec(body, specPath.Key(field).Index(i), body.String("name") ?? $"#{i}", kind);
            }
        }
    }
}
