using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Kubernetes;

/// <summary>How the API server guards a field on update.</summary>
internal enum Immutability
{
    /// <summary>The field may not change once set.</summary>
    Always,

    /// <summary>Every field under the path may not change except the listed ones (the API server's allow-list form).</summary>
    AllExcept,

    /// <summary>The field may not change while the stored object has <c>immutable: true</c>.</summary>
    WhileMarkedImmutable,
}

/// <summary>
/// One update rule of the API server: on <paramref name="Group"/>/<paramref name="Kind"/>, <paramref name="Path"/> may not
/// change (or, for <see cref="Immutability.AllExcept"/>, nothing under it but <paramref name="Mutable"/>).
/// <paramref name="Defaults"/> are the values the API server fills in when a field is absent, so that writing the default
/// out is not a change. <paramref name="Source"/> names the function that enforces the rule.
/// </summary>
internal sealed record ImmutableFieldRule(
    string Group,
    string Kind,
    ObjectPath Path,
    Immutability Immutability,
    string Source,
    IReadOnlyList<string>? Mutable = null,
    IReadOnlyDictionary<string, string>? Defaults = null)
{
    public IReadOnlyList<string> MutableFields => Mutable ?? [];

    public IReadOnlyDictionary<string, string> DefaultValues => Defaults ?? new Dictionary<string, string>();
}

/// <summary>
/// Fields the Kubernetes API server refuses to change on update, as data. Source: the <c>ValidateUpdate</c> paths of
/// kube-apiserver (kubernetes/kubernetes, release-1.35): <c>pkg/apis/*/validation/validation.go</c> and the registry
/// strategies <c>pkg/registry/*/*/strategy.go</c> that call them, and for CRDs
/// <c>staging/src/k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/validation/validation.go</c>. The live stage sees
/// the same refusals from a real API server (<c>field is immutable</c>, <c>Forbidden: updates to statefulset spec for
/// fields other than …</c>); here they are found offline by comparing the base and the changed revision.
/// </summary>
internal static class ImmutableFields
{
    private static ObjectPath P(params object[] segments) => ObjectPath.Of(segments);

    public static readonly IReadOnlyList<ImmutableFieldRule> All =
    [
        // apps/v1 strategies call ValidateImmutableField on the selector (it was mutable only in the removed beta versions).
        new(ApiGroups.Apps, "Deployment", P("spec", "selector"), Immutability.Always, "pkg/registry/apps/deployment/strategy.go deploymentStrategy.ValidateUpdate"),
        new(ApiGroups.Apps, "ReplicaSet", P("spec", "selector"), Immutability.Always, "pkg/registry/apps/replicaset/strategy.go rsStrategy.ValidateUpdate"),
        new(ApiGroups.Apps, "DaemonSet", P("spec", "selector"), Immutability.Always, "pkg/registry/apps/daemonset/strategy.go daemonSetStrategy.ValidateUpdate"),
        // "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy',
        // 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"
        new(ApiGroups.Apps, "StatefulSet", P("spec"), Immutability.AllExcept, "pkg/apis/apps/validation/validation.go ValidateStatefulSetUpdate",
            ["replicas", "ordinals", "template", "updateStrategy", "revisionHistoryLimit", "persistentVolumeClaimRetentionPolicy", "minReadySeconds"],
            new Dictionary<string, string> { ["podManagementPolicy"] = "OrderedReady", ["serviceName"] = "" }),
        // The template may change only in a suspended Job's scheduling directives, which a GitOps change does not rely on.
        new(ApiGroups.Batch, "Job", P("spec", "selector"), Immutability.Always, "pkg/apis/batch/validation/validation.go ValidateJobSpecUpdate"),
        new(ApiGroups.Batch, "Job", P("spec", "template"), Immutability.Always, "pkg/apis/batch/validation/validation.go ValidateJobSpecUpdate"),
        // clusterIP and the primary clusterIPs/ipFamilies entry are fixed once allocated (secondary entries may be added or removed).
        new("", "Service", P("spec", "clusterIP"), Immutability.Always, "pkg/apis/core/validation/validation.go ValidateServiceUpdate"),
        new("", "Service", P("spec", "clusterIPs", 0), Immutability.Always, "pkg/apis/core/validation/validation.go ValidateServiceUpdate"),
        new("", "Service", P("spec", "ipFamilies", 0), Immutability.Always, "pkg/apis/core/validation/validation.go ValidateServiceUpdate (validateServiceIPFamily)"),
        // "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims";
        // a storage request may grow, never shrink (checked separately).
        new("", "PersistentVolumeClaim", P("spec"), Immutability.AllExcept, "pkg/apis/core/validation/validation.go ValidatePersistentVolumeClaimUpdate",
            ["resources", "volumeAttributesClassName"]),
        new("", "ConfigMap", P("data"), Immutability.WhileMarkedImmutable, "pkg/apis/core/validation/validation.go ValidateConfigMapUpdate"),
        new("", "ConfigMap", P("binaryData"), Immutability.WhileMarkedImmutable, "pkg/apis/core/validation/validation.go ValidateConfigMapUpdate"),
        new("", "ConfigMap", P("immutable"), Immutability.WhileMarkedImmutable, "pkg/apis/core/validation/validation.go ValidateConfigMapUpdate"),
        new("", "Secret", P("type"), Immutability.Always, "pkg/apis/core/validation/validation.go ValidateSecretUpdate"),
        new("", "Secret", P("data"), Immutability.WhileMarkedImmutable, "pkg/apis/core/validation/validation.go ValidateSecretUpdate"),
        new("", "Secret", P("stringData"), Immutability.WhileMarkedImmutable, "pkg/apis/core/validation/validation.go ValidateSecretUpdate"),
        new("", "Secret", P("immutable"), Immutability.WhileMarkedImmutable, "pkg/apis/core/validation/validation.go ValidateSecretUpdate"),
        // Scope is immutable; group and plural make up the CRD's name, which no update can change.
        new(ApiGroups.ApiExtensions, "CustomResourceDefinition", P("spec", "scope"), Immutability.Always,
            "apiextensions-apiserver pkg/apis/apiextensions/validation/validation.go ValidateCustomResourceDefinitionUpdate"),
        new(ApiGroups.ApiExtensions, "CustomResourceDefinition", P("spec", "group"), Immutability.Always,
            "apiextensions-apiserver pkg/apis/apiextensions/validation/validation.go ValidateCustomResourceDefinitionUpdate (name = plural.group)"),
        new(ApiGroups.ApiExtensions, "CustomResourceDefinition", P("spec", "names", "plural"), Immutability.Always,
            "apiextensions-apiserver pkg/apis/apiextensions/validation/validation.go ValidateCustomResourceDefinitionUpdate (name = plural.group)"),
    ];

    public static IEnumerable<ImmutableFieldRule> For(string group, string kind) => All.Where(r => r.Group == group && r.Kind == kind);
}
