using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Live;

/// <summary>
/// A Pod as a workload's controller would create it — named after the workload, in its namespace, with its template's
/// labels, annotations and spec — and the template's place in the workload (<c>spec.template</c>, for a CronJob
/// <c>spec.jobTemplate.spec.template</c>), so that what the API server says about the Pod lands on the workload's lines.
/// </summary>
internal sealed record PodProbe(LiveObject Workload, LiveObject Pod, ObjectPath Template, string Enforced)
{
    public const string NameSuffix = "-pod";

    /// <summary>The probe of a workload with a pod template, or null for other kinds (a Pod itself is enforced on its own dry run).</summary>
    public static PodProbe? Of(LiveObject workload, string enforced)
    {
        if (!HasPodTemplate(workload) || LiveFindings.PodSpecPath(workload.Body) is not { } podSpec) return null;
        var template = podSpec.Parent;
        if (workload.Body.At(podSpec) is not YamlMapping spec) return null;
        spec = WithClaimVolumes(workload, spec);
        var templateMetadata = workload.Body.At(template.Key("metadata")) as YamlMapping;
        var mark = workload.Body.Start;
        var metadata = new List<KeyValuePair<YamlScalar, YamlNode>>
        {
            new(Key("name"), YamlNodes.Scalar(PodName(workload))),
            new(Key("namespace"), YamlNodes.Scalar(workload.Namespace ?? "default")),
        };
        foreach (var field in (string[])["labels", "annotations"])
        {
            if (templateMetadata?.Mapping(field) is { } map) metadata.Add(new(Key(field), map));
        }
        var body = YamlMapping.Build(mark,
        [
            new(Key("apiVersion"), YamlNodes.Scalar("v1")),
            new(Key("kind"), YamlNodes.Scalar("Pod")),
            new(Key("metadata"), YamlMapping.Build(mark, metadata)),
            new(Key("spec"), spec),
        ]);
        var pod = new LiveObject(workload.Source, "", "Pod", workload.Namespace, PodName(workload), body);
        return new PodProbe(workload, pod, template, enforced);
    }

    /// <summary>
    /// <c>&lt;owner&gt;-&lt;kind&gt;-pod</c>: unique per workload in a namespace (a Deployment and a Job may share a name), and
    /// at most 253 characters (a DNS subdomain) by shortening the owner's part.
    /// </summary>
    public static string PodName(LiveObject workload)
    {
        var suffix = "-" + workload.Kind.ToLowerInvariant() + NameSuffix;
        var owner = workload.Name.Length + suffix.Length > 253 ? workload.Name[..(253 - suffix.Length)].TrimEnd('-', '.') : workload.Name;
        return owner + suffix;
    }

    /// <summary>
    /// A field of the Pod as a field of the workload: the Pod's spec, labels and annotations are the template's; its name
    /// and namespace come from the workload's own metadata; anything else (apiVersion, kind) was not written by anyone, so null.
    /// </summary>
    public ObjectPath? ToWorkload(ObjectPath podPath)
    {
        if (podPath.Depth == 0) return null;
        var head = podPath.Segments[0] as string;
        var second = podPath.Depth > 1 ? podPath.Segments[1] as string : null;
        if (head == "spec" || (head == "metadata" && second is "labels" or "annotations"))
        {
            return new ObjectPath(Template.Segments.AddRange(podPath.Segments));
        }
        if (head == "metadata" && second is "name" or "namespace") return podPath;
        return null;
    }

    /// <summary>
    /// A StatefulSet's containers mount its <c>volumeClaimTemplates</c> by name without a volume in the template; its
    /// controller adds one per claim (<c>&lt;claim&gt;-&lt;set&gt;-&lt;ordinal&gt;</c>). The Pod needs them too, or its validation would
    /// report mounts the controller's Pods do have. A dry run does not look the claim up, so the claim need not exist.
    /// </summary>
    private static YamlMapping WithClaimVolumes(LiveObject workload, YamlMapping spec)
    {
        if (workload.Kind != "StatefulSet" || workload.Body.Mapping("spec")?.Sequence("volumeClaimTemplates") is not { } claims) return spec;
        var volumes = spec.Sequence("volumes")?.Items.ToList() ?? [];
        var declared = volumes.OfType<YamlMapping>().Select(v => v.String("name")).ToHashSet(StringComparer.Ordinal);
        foreach (var claim in claims.Items.OfType<YamlMapping>())
        {
            if (claim.Mapping("metadata")?.String("name") is not { } name || !declared.Add(name)) continue;
            var source = YamlMapping.Build(claim.Start, [new(Key("claimName"), YamlNodes.Scalar($"{name}-{workload.Name}-0"))]);
            volumes.Add(YamlMapping.Build(claim.Start, [new(Key("name"), YamlNodes.Scalar(name)), new(Key("persistentVolumeClaim"), source)]));
        }
        return spec.With("volumes", YamlNodes.Sequence(volumes, spec.Start));
    }

    /// <summary>Kinds whose Pods a controller creates from a template (a Pod is judged on its own dry run).</summary>
    private static bool HasPodTemplate(LiveObject o) => Workloads.Find(o.Group, o.Kind) is { RunsPods: true, TemplatePath.Depth: > 0 };

    private static YamlScalar Key(string name) => YamlNodes.Scalar(name, style: ScalarStyle.Plain);
}
