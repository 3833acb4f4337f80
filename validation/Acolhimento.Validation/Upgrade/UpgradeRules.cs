using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Upgrade;

/// <summary>Stable rule ids of the upgrade-safety check (<c>diff --base</c>), with what each means (<c>rules list</c> shows them).</summary>
internal static class UpgradeRules
{
    public const string Stage = "upgrade";
    public const string ImmutableField = "upgrade/immutable-field";
    public const string StorageShrink = "upgrade/storage-request-decreased";
    public const string PrunedData = "upgrade/pruned-data";
    public const string DeleteAndCreate = "upgrade/delete-and-create";
    public const string DestinationChanged = "upgrade/application-destination-changed";
    public const string ProjectChanged = "upgrade/application-project-changed";
    public const string StaleAcknowledgement = "upgrade/stale-acknowledgement";

    public static readonly IReadOnlyList<RuleSummary> All =
    [
        new(ImmutableField, Severity.Error, "a field the API server refuses to change on update is changed")
        {
            Rationale = "The sync of this object would fail: kube-apiserver's ValidateUpdate rejects the change (the table and its sources are in Kubernetes/ImmutableFields.cs).",
            Remediation = "Keep the old value, or delete and re-create the object deliberately (Argo CD sync option Replace=true).",
        },
        new(StorageShrink, Severity.Error, "a PersistentVolumeClaim's storage request shrinks")
        {
            Rationale = "A claim can only grow; the API server rejects a smaller request.",
            Remediation = "Keep the request at least as large as before.",
        },
        new(PrunedData, Severity.Error, "Argo CD would prune an object that holds data or other objects (PVC, StatefulSet with claims, Namespace, CRD)")
        {
            Rationale = "Removing a PersistentVolumeClaim, a StatefulSet with claims, a Namespace or a CRD from what an Application renders deletes it, with its data or contents.",
            Remediation = $"If intended, name the object in the {UpgradeSafety.AcknowledgeAnnotation} annotation of an Application in the same change.",
        },
        new(DeleteAndCreate, Severity.Warning, "an object is renamed or moved to another namespace: a delete and a create")
        {
            Rationale = "The API server cannot rename: the old object is deleted and a new one created, losing its state.",
            Remediation = "Keep the name, or plan the migration of what the old object held.",
        },
        new(DestinationChanged, Severity.Error, "an Application's destination changes")
        {
            Rationale = "Everything the Application owns is created at the new destination and pruned (or abandoned) at the old one.",
            Remediation = "Move deliberately: a new Application for the new destination, then retire the old one.",
        },
        new(ProjectChanged, Severity.Error, "an Application's project changes")
        {
            Rationale = "The new AppProject's allow-lists and roles decide whether the Application still syncs and who may sync it.",
            Remediation = "Check the new project permits the Application's sources, destinations and kinds.",
        },
        new(StaleAcknowledgement, Severity.Warning, "a deletion acknowledgement names nothing that is deleted")
        {
            Rationale = "An acknowledgement left behind would silently approve a future deletion of the same object.",
            Remediation = "Remove the entry.",
        },
    ];
}
