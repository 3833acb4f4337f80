using Acolhimento.Validation.Render;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy;

public enum ContainerKind
{
    Container,
    InitContainer,
    EphemeralContainer,
}

/// <summary>A container of a pod template, with its path inside the owning object.</summary>
public sealed record ContainerSpec(YamlMapping Body, ObjectPath Path, string Name, ContainerKind Kind)
{
    public YamlMapping? SecurityContext => Body.Mapping("securityContext");

    public string? Image => Body.String("image");

    /// <summary>Declared container ports: numbers and names.</summary>
    public IEnumerable<(long Number, string? Name, string Protocol)> Ports =>
        (Body.Sequence("ports")?.Items ?? []).OfType<YamlMapping>()
            .Where(p => p.Integer("containerPort") is not null)
            .Select(p => (p.Integer("containerPort")!.Value, p.String("name"), p.String("protocol") ?? "TCP"));
}

/// <summary>
/// A pod template of a workload (or a bare Pod), with the path of its pod spec inside the owner so that findings
/// point at the source line of the offending field.
/// </summary>
public sealed record PodTemplate(RenderedObject Owner, string Namespace, YamlMapping Spec, ObjectPath SpecPath, IReadOnlyDictionary<string, string> Labels, bool LongRunning)
{
    public static readonly IReadOnlyList<string> WorkloadKinds = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod"];

    public YamlMapping? SecurityContext => Spec.Mapping("securityContext");

    public IEnumerable<ContainerSpec> Containers(bool includeInit = true)
    {
        foreach (var (field, kind) in new[] { ("initContainers", ContainerKind.InitContainer), ("containers", ContainerKind.Container), ("ephemeralContainers", ContainerKind.EphemeralContainer) })
        {
            if (!includeInit && kind != ContainerKind.Container) continue;
            var items = Spec.Sequence(field)?.Items ?? [];
            for (var i = 0; i < items.Count; i++)
            {
                if (items[i] is YamlMapping body) yield return new ContainerSpec(body, SpecPath.Key(field).Index(i), body.String("name") ?? $"#{i}", kind);
            }
        }
    }

    public IEnumerable<(YamlMapping Volume, ObjectPath Path)> Volumes()
    {
        var items = Spec.Sequence("volumes")?.Items ?? [];
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is YamlMapping volume) yield return (volume, SpecPath.Key("volumes").Index(i));
        }
    }

    /// <summary>Desired replicas of the owner (1 when unset), or null for kinds without replicas.</summary>
    public long? Replicas => Owner.Kind is "Deployment" or "StatefulSet" or "ReplicaSet" ? Owner.Spec?.Integer("replicas") ?? 1 : null;

    /// <summary>The pod template of a workload object, or null when the object is not a workload or has no pod spec.</summary>
    public static PodTemplate? Of(RenderedObject owner, string @namespace)
    {
        ObjectPath? templatePath = owner.Kind switch
        {
            "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" or "Job" => ObjectPath.Of("spec", "template"),
            "CronJob" => ObjectPath.Of("spec", "jobTemplate", "spec", "template"),
            "Pod" => ObjectPath.Root,
            _ => null,
        };
        if (templatePath is null) return null;
        if (owner.Body.At(templatePath) is not YamlMapping template || template.Mapping("spec") is not { } spec) return null;
        var labels = (template.Mapping("metadata")?.Mapping("labels")?.Entries ?? [])
            .Where(e => e.Value is YamlScalar)
            .ToDictionary(e => e.Key.Value, e => ((YamlScalar)e.Value).Value, StringComparer.Ordinal);
        var longRunning = owner.Kind switch
        {
            "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" => true,
            "Pod" => spec.String("restartPolicy") is null or "Always",
            _ => false,
        };
        return new PodTemplate(owner, @namespace, spec, templatePath.Key("spec"), labels, longRunning);
    }
}

/// <summary>Kubernetes label selectors: a Service's plain map, or a LabelSelector with matchLabels and matchExpressions.</summary>
public static class LabelSelectors
{
    /// <summary>A plain <c>key: value</c> selector (Service, ReplicationController). An empty one selects nothing.</summary>
    public static bool MatchesMap(YamlMapping? selector, IReadOnlyDictionary<string, string> labels) =>
        selector is not null && selector.Entries.Count > 0
        && selector.Entries.All(e => e.Value is YamlScalar v && labels.TryGetValue(e.Key.Value, out var actual) && actual == v.Value);

    /// <summary>A LabelSelector; an empty one selects everything, a null one nothing, an unreadable one nothing.</summary>
    public static bool Matches(YamlMapping? selector, IReadOnlyDictionary<string, string> labels)
    {
        if (selector is null) return false;
        foreach (var entry in selector.Mapping("matchLabels")?.Entries ?? [])
        {
            if (entry.Value is not YamlScalar v || !labels.TryGetValue(entry.Key.Value, out var actual) || actual != v.Value) return false;
        }
        foreach (var expression in (selector.Sequence("matchExpressions")?.Items ?? []).OfType<YamlMapping>())
        {
            var key = expression.String("key");
            if (key is null) return false;
            var values = (expression.Sequence("values")?.Items ?? []).OfType<YamlScalar>().Select(s => s.Value).ToHashSet(StringComparer.Ordinal);
            var has = labels.TryGetValue(key, out var value);
            var ok = expression.String("operator") switch
            {
                "In" => has && values.Contains(value!),
                "NotIn" => !has || !values.Contains(value!),
                "Exists" => has,
                "DoesNotExist" => !has,
                _ => false,
            };
            if (!ok) return false;
        }
        return true;
    }

    public static bool IsEmpty(YamlMapping? selector) =>
        selector is not null && (selector.Mapping("matchLabels")?.Entries.Count ?? 0) == 0 && (selector.Sequence("matchExpressions")?.Items.Count ?? 0) == 0;
}
