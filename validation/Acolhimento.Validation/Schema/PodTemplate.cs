using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Schema;

/// <summary>A pod template (or a Pod's own spec, or a CronJob's job template metadata) inside a workload, with where it sits.</summary>
internal sealed record PodTemplate(YamlMapping? Metadata, ObjectPath MetadataPath, YamlMapping? Spec, ObjectPath SpecPath)
{
    /// <summary>The templates of a workload kind; none for other kinds.</summary>
    public static IEnumerable<PodTemplate> Of(string group, string kind, YamlMapping body)
    {
        switch (group, kind)
        {
            case (ApiGroups.Core, "Pod"):
                yield return new PodTemplate(null, ObjectPath.Root, body.Mapping("spec"), ObjectPath.Of("spec"));
                break;
            case (ApiGroups.Core, "PodTemplate"):
                yield return Template(body.Mapping("template"), ObjectPath.Of("template"));
                break;
            case (ApiGroups.Core, "ReplicationController") or (ApiGroups.Apps, "Deployment" or "ReplicaSet" or "StatefulSet" or "DaemonSet") or (ApiGroups.Batch, "Job"):
                yield return Template(body.Mapping("spec")?.Mapping("template"), ObjectPath.Of("spec", "template"));
                break;
            case (ApiGroups.Batch, "CronJob"):
                var jobTemplate = body.Mapping("spec")?.Mapping("jobTemplate");
                if (jobTemplate?.Mapping("metadata") is { } jobMetadata) yield return new PodTemplate(jobMetadata, ObjectPath.Of("spec", "jobTemplate", "metadata"), null, ObjectPath.Root);
                yield return Template(jobTemplate?.Mapping("spec")?.Mapping("template"), ObjectPath.Of("spec", "jobTemplate", "spec", "template"));
                break;
        }
    }

    private static PodTemplate Template(YamlMapping? template, ObjectPath path) =>
        new(template?.Mapping("metadata"), path.Key("metadata"), template?.Mapping("spec"), path.Key("spec"));
}
