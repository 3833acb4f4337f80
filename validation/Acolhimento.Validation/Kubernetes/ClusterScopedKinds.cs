namespace Acolhimento.Validation.Kubernetes;

/// <summary>
/// Kinds that are cluster-scoped, as data (<c>group/kind</c>, the core group empty). <see cref="ClusterScope"/> reads it;
/// CRDs a cluster renders add to it there.
/// </summary>
internal static class ClusterScopedKinds
{
    /// <summary>
    /// Source: the Kubernetes 1.35 API server's OpenAPI v3 documents (kubernetes/kubernetes <c>api/openapi-spec/v3</c>,
    /// <c>release-1.35</c>; the schema data's <c>openapi/v1.35</c>): every group/kind the API serves only on paths without a
    /// <c>{namespace}</c> segment (<see cref="OpenApiScopes"/>). A test derives the set from the schema data and fails when
    /// this list differs from it.
    /// </summary>
    public static readonly IReadOnlyList<string> BuiltIn =
    [
        "/ComponentStatus", "/Namespace", "/Node", "/PersistentVolume",
        "admissionregistration.k8s.io/MutatingAdmissionPolicy", "admissionregistration.k8s.io/MutatingAdmissionPolicyBinding",
        "admissionregistration.k8s.io/MutatingWebhookConfiguration", "admissionregistration.k8s.io/ValidatingAdmissionPolicy",
        "admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding", "admissionregistration.k8s.io/ValidatingWebhookConfiguration",
        "apiextensions.k8s.io/CustomResourceDefinition",
        "apiregistration.k8s.io/APIService",
        "authentication.k8s.io/SelfSubjectReview", "authentication.k8s.io/TokenReview",
        "authorization.k8s.io/SelfSubjectAccessReview", "authorization.k8s.io/SelfSubjectRulesReview", "authorization.k8s.io/SubjectAccessReview",
        "certificates.k8s.io/CertificateSigningRequest", "certificates.k8s.io/ClusterTrustBundle",
        "flowcontrol.apiserver.k8s.io/FlowSchema", "flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration",
        "internal.apiserver.k8s.io/StorageVersion",
        "networking.k8s.io/IPAddress", "networking.k8s.io/IngressClass", "networking.k8s.io/ServiceCIDR",
        "node.k8s.io/RuntimeClass",
        "rbac.authorization.k8s.io/ClusterRole", "rbac.authorization.k8s.io/ClusterRoleBinding",
        "resource.k8s.io/DeviceClass", "resource.k8s.io/DeviceTaintRule", "resource.k8s.io/ResourceSlice",
        "scheduling.k8s.io/PriorityClass",
        "storage.k8s.io/CSIDriver", "storage.k8s.io/CSINode", "storage.k8s.io/StorageClass", "storage.k8s.io/VolumeAttachment",
        "storage.k8s.io/VolumeAttributesClass",
        "storagemigration.k8s.io/StorageVersionMigration",
    ];

    /// <summary>
    /// Custom kinds of the add-ons this repository installs, whose CRDs come with the upstream charts and so are not in the
    /// rendered output. Source: <c>spec.scope: Cluster</c> in the CRDs of the pinned versions (the schema data's <c>crds/</c>;
    /// a test holds every cluster-scoped CRD there in this list), plus External Secrets' ClusterPushSecret and
    /// ClusterGenerator, which its newer releases add.
    /// </summary>
    public static readonly IReadOnlyList<string> AddOns =
    [
        "cert-manager.io/ClusterIssuer",
        "external-secrets.io/ClusterExternalSecret", "external-secrets.io/ClusterPushSecret", "external-secrets.io/ClusterSecretStore",
        "generators.external-secrets.io/ClusterGenerator",
    ];
}
