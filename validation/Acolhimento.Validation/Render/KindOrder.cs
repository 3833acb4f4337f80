namespace Acolhimento.Validation.Render;

/// <summary>The order Argo CD applies kinds in within one sync wave (namespaces and definitions first).</summary>
public static class KindOrder
{
    private static readonly string[] Order =
    [
        "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange", "PodSecurityPolicy", "PodDisruptionBudget", "ServiceAccount", "Secret",
        "SecretList", "ConfigMap", "StorageClass", "PersistentVolume", "PersistentVolumeClaim", "CustomResourceDefinition", "ClusterRole",
        "ClusterRoleList", "ClusterRoleBinding", "ClusterRoleBindingList", "Role", "RoleList", "RoleBinding", "RoleBindingList", "Service",
        "DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment", "HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob",
        "IngressClass", "Ingress", "APIService",
    ];

    public static int Of(string kind)
    {
        var index = Array.IndexOf(Order, kind);
        return index < 0 ? Order.Length : index;
    }
}
