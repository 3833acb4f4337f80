using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Schema.ApiServer;

/// <summary>
/// Checks every API server makes that OpenAPI does not encode, kept to a focused list, each in its own class: object
/// name and namespace syntax per kind (<see cref="ObjectNameRules"/>), label and annotation syntax and size
/// (<see cref="MetadataRules"/>), containers of every pod template (<see cref="PodSpecRules"/>: names, ports, resource
/// requirements, probe and lifecycle handlers), Service ports (<see cref="ServiceRules"/>), and workload selectors that
/// must be valid and select their own pod template (<see cref="SelectorRules"/>), pod-template fields per owning kind
/// (<see cref="TemplateFieldRules"/>), CronJob schedules and time zones (<see cref="CronJobRules"/>), claims and their
/// templates (<see cref="VolumeClaimRules"/>), ConfigMap/Secret size (<see cref="ObjectSizeRules"/>), and the cross-field
/// checks in <c>ApiServer/</c> (volume and environment references, rollout parameters, budgets, autoscalers, Services,
/// Ingresses, NetworkPolicies, RBAC, Pod Security labels, tolerations and node selectors, Secret types). Single-field checks are data: <c>Kubernetes/api-server-fields.yaml</c>. Enumerated fields
/// are the schema walk's (see <c>Kubernetes/enumerated-fields.yaml</c>). This class only routes an object to them.
/// </summary>
internal static class ApiServerRules
{
    private static readonly ObjectPath MetadataPath = ObjectPath.Of("metadata");
    private static readonly ObjectPath SpecPath = ObjectPath.Of("spec");

    public static IReadOnlyList<SchemaViolation> Check(string apiVersion, string kind, YamlMapping body)
    {
        var violations = new List<SchemaViolation>();
        var group = SchemaCatalog.GroupOf(apiVersion);
        if (body.Mapping("metadata") is { } metadata)
        {
            // Without a manual selector the API server labels a Job's pods with the Job's name (see ObjectNameRules).
            var generatesJobNameLabel = body.Mapping("spec")?.Boolean("manualSelector") != true;
            ObjectNameRules.Check(group, kind, metadata, MetadataPath, generatesJobNameLabel, violations);
            MetadataRules.Check(metadata, MetadataPath, violations);
        }
        if (Workloads.Find(group, kind) is { } workload)
        {
            // The pod template's metadata is validated (ValidatePodTemplateSpec); a CronJob's jobTemplate metadata is not.
            var templateMetadataPath = workload.TemplatePath.Key("metadata");
            if (workload.TemplatePath.Depth > 0 && body.At(templateMetadataPath) is YamlMapping templateMetadata) MetadataRules.Check(templateMetadata, templateMetadataPath, violations);
            if (body.At(workload.PodSpecPath) is YamlMapping spec)
            {
                PodSpecRules.Check(spec, workload.PodSpecPath, violations);
                SchedulingRules.CheckPodSpec(spec, workload.PodSpecPath, violations);
                PodReferenceRules.Check(spec, workload.PodSpecPath, ClaimTemplateNames(group, kind, body), violations);
            }
        }
        if (group == ApiGroups.Core && kind == "Service" && body.Mapping("spec") is { } serviceSpec) ServiceRules.Check(serviceSpec, SpecPath, violations);
        if (group == ApiGroups.Core && kind == "Secret") SecretTypeRules.Check(body, violations);
        if (group == ApiGroups.Core && kind == "PersistentVolume" && body.Mapping("spec") is { } volumeSpec) SchedulingRules.CheckVolumeNodeAffinity(volumeSpec, SpecPath, violations);
        if (body.Mapping("spec") is { } anySpec)
        {
            WorkloadSpecRules.Check(group, kind, anySpec, SpecPath, violations);
            NetworkingRules.Check(group, kind, anySpec, SpecPath, violations);
        }
        AccessRules.Check(group, kind, body, violations);
        SelectorRules.Check(group, kind, body, violations);
        TemplateFieldRules.Check(group, kind, body, violations);
        if (group == ApiGroups.Batch && kind == "CronJob" && body.Mapping("spec") is { } cronJobSpec) CronJobRules.Check(cronJobSpec, SpecPath, violations);
        VolumeClaimRules.Check(group, kind, body, violations);
        ObjectSizeRules.Check(group, kind, body, violations);
        return violations;
    }

    /// <summary>A StatefulSet's claim templates, which its containers mount as volumes.</summary>
    private static IReadOnlyCollection<string> ClaimTemplateNames(string group, string kind, YamlMapping body) =>
        group == ApiGroups.Apps && kind == "StatefulSet" && body.Mapping("spec")?.Sequence("volumeClaimTemplates") is { } templates
            ? templates.Items.OfType<YamlMapping>().Select(t => t.Mapping("metadata")?.String("name")).OfType<string>().ToList()
            : [];
}
