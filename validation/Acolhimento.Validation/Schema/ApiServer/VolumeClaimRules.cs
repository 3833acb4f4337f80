using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Schema.ApiServer;

/// <summary>
/// Every PersistentVolumeClaim spec a configuration can hold, checked as ValidatePersistentVolumeClaimSpec checks it:
/// a PersistentVolumeClaim's own, a StatefulSet's volumeClaimTemplates (the controller creates claims from them, which
/// the API server then refuses — the StatefulSet is accepted but its pods never start), and a pod's generic ephemeral
/// volumes (refused with the workload). A claim needs at least one access mode, ReadWriteOncePod alone, and a positive
/// <c>resources.requests.storage</c>. An ephemeral volume's template metadata gets the label and annotation checks of any object (a StatefulSet's
/// claim templates' metadata is not validated by the API server).
/// </summary>
internal static class VolumeClaimRules
{
    private const string StatefulSetNote = " (the StatefulSet is accepted, but the PersistentVolumeClaim its controller creates from this template is refused, so its pods never start)";

    public static void Check(string group, string kind, YamlMapping body, List<SchemaViolation> violations)
    {
        switch (group, kind)
        {
            case (ApiGroups.Core, "PersistentVolumeClaim"):
                if (body.Mapping("spec") is { } claimSpec) CheckSpec(claimSpec, ObjectPath.Of("spec"), "", violations);
                break;
            case (ApiGroups.Apps, "StatefulSet"):
                var templates = body.Mapping("spec")?.Sequence("volumeClaimTemplates")?.Items ?? [];
                for (var i = 0; i < templates.Count; i++)
                {
                    // The API server does not validate a claim template's metadata here (its labels reach the claim later).
                    if (templates[i] is YamlMapping template) CheckTemplate(template, ObjectPath.Of("spec", "volumeClaimTemplates", i), StatefulSetNote, checkMetadata: false, violations);
                }
                break;
        }
        if (Workloads.PodSpecOf(group, kind, body) is not { } podSpec) return;
        foreach (var (volume, path) in podSpec.Volumes())
        {
            if (volume.Mapping("ephemeral")?.Mapping("volumeClaimTemplate") is { } template)
            {
                CheckTemplate(template, path.Key("ephemeral").Key("volumeClaimTemplate"), "", checkMetadata: true, violations);
            }
        }
    }

    private static void CheckTemplate(YamlMapping template, ObjectPath path, string note, bool checkMetadata, List<SchemaViolation> violations)
    {
        if (checkMetadata && template.Mapping("metadata") is { } metadata) MetadataRules.Check(metadata, path.Key("metadata"), violations);
        if (template.Mapping("spec") is { } spec) CheckSpec(spec, path.Key("spec"), note, violations);
        else violations.Add(Violation(path, $"{path}.spec: Required value{note}"));
    }

    private static void CheckSpec(YamlMapping spec, ObjectPath path, string note, List<SchemaViolation> violations)
    {
        var modes = spec.Sequence("accessModes")?.Items.OfType<YamlScalar>().Select(s => s.Value).ToList() ?? [];
        if (modes.Count == 0)
        {
            violations.Add(Violation(spec.Sequence("accessModes") is null ? path : path.Key("accessModes"), $"{path}.accessModes: Required value: at least 1 access mode is required{note}"));
        }
        else if (modes.Contains("ReadWriteOncePod") && modes.Any(m => m != "ReadWriteOncePod"))
        {
            violations.Add(Violation(path.Key("accessModes"), $"{path}.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes{note}"));
        }
        var storagePath = path.Key("resources").Key("requests").Key("storage");
        switch (spec.Mapping("resources")?.Mapping("requests")?["storage"])
        {
            case null or YamlScalar { IsNull: true }:
                // At the field the API server names (located at the nearest written part when absent).
                violations.Add(Violation(storagePath, $"{path}.resources[storage]: Required value: a claim must request storage (resources.requests.storage){note}"));
                break;
            case YamlScalar storage when Quantity.Value(storage.Value) is { } amount && amount <= 0:
                violations.Add(Violation(storagePath, $"{path}.resources[storage]: Invalid value: {MessageText.Quote(storage.Value)}: must be greater than zero{note}"));
                break;
        }
    }

    private static SchemaViolation Violation(ObjectPath path, string message) => new(SchemaRules.VolumeClaim, message, path);
}
