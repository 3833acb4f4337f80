namespace Acolhimento.Validation.Render;

/// <summary>
/// Which kinds are cluster-scoped, so the destination namespace is applied only to namespaced objects, as Argo CD does.
/// Built-in kinds are listed; custom kinds are cluster-scoped when a CRD in the rendered output or this list says so.
/// </summary>
public sealed class ClusterScope(IEnumerable<string>? clusterScopedCustomKinds = null)
{
    private static readonly HashSet<string> BuiltIn = new(StringComparer.Ordinal)
    {
        "/Namespace", "/Node", "/PersistentVolume", "/ComponentStatus",
        "rbac.authorization.k8s.io/ClusterRole", "rbac.authorization.k8s.io/ClusterRoleBinding",
        "apiextensions.k8s.io/CustomResourceDefinition", "apiregistration.k8s.io/APIService",
        "storage.k8s.io/StorageClass", "storage.k8s.io/CSIDriver", "storage.k8s.io/CSINode", "storage.k8s.io/VolumeAttachment",
        "scheduling.k8s.io/PriorityClass", "networking.k8s.io/IngressClass", "networking.k8s.io/IPAddress", "networking.k8s.io/ServiceCIDR",
        "node.k8s.io/RuntimeClass", "certificates.k8s.io/CertificateSigningRequest", "certificates.k8s.io/ClusterTrustBundle",
        "admissionregistration.k8s.io/ValidatingWebhookConfiguration", "admissionregistration.k8s.io/MutatingWebhookConfiguration",
        "admissionregistration.k8s.io/ValidatingAdmissionPolicy", "admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding",
        "admissionregistration.k8s.io/MutatingAdmissionPolicy", "admissionregistration.k8s.io/MutatingAdmissionPolicyBinding",
        "flowcontrol.apiserver.k8s.io/FlowSchema", "flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration",
        "resource.k8s.io/DeviceClass", "storagemigration.k8s.io/StorageVersionMigration",
        // Custom kinds of the add-ons this repository installs (their CRDs are not in the rendered output: the upstream charts carry them).
        "cert-manager.io/ClusterIssuer", "external-secrets.io/ClusterSecretStore", "external-secrets.io/ClusterExternalSecret",
        "external-secrets.io/ClusterPushSecret", "generators.external-secrets.io/ClusterGenerator",
    };

    private readonly HashSet<string> _custom = new(clusterScopedCustomKinds ?? [], StringComparer.Ordinal);

    public bool IsClusterScoped(string group, string kind) => BuiltIn.Contains($"{group}/{kind}") || _custom.Contains($"{group}/{kind}");

    /// <summary>Adds the cluster-scoped kinds that CRDs among <paramref name="objects"/> define.</summary>
    public ClusterScope With(IEnumerable<RenderedObject> objects)
    {
        var kinds = new List<string>(_custom);
        foreach (var crd in objects.Where(o => o.Kind == "CustomResourceDefinition"))
        {
            var spec = crd.Spec;
            if (spec?.String("scope") == "Cluster" && spec.String("group") is { } group && spec.Mapping("names")?.String("kind") is { } kind)
                kinds.Add($"{group}/{kind}");
        }
        return new ClusterScope(kinds);
    }
}
