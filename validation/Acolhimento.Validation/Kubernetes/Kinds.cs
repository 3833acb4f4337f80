namespace Acolhimento.Validation.Kubernetes;

/// <summary>A kind as the API server tells kinds apart: its group and its name (one object is the same in every version).</summary>
public readonly record struct GroupKind(string Group, string Kind)
{
    public override string ToString() => Group.Length == 0 ? Kind : $"{Group}/{Kind}";
}

/// <summary>
/// The kinds the policy rules and the policy context look up by name, each with its group once, so that a custom
/// <c>example.com/Service</c> is never taken for a Service (source: the k8s.io/api types of each group; the add-ons'
/// CRDs: cert-manager, Prometheus Operator, External Secrets, Sealed Secrets, Argo CD).
/// </summary>
internal static class Kinds
{
    public static readonly GroupKind Namespace = new(ApiGroups.Core, "Namespace");
    public static readonly GroupKind Service = new(ApiGroups.Core, "Service");
    public static readonly GroupKind Secret = new(ApiGroups.Core, "Secret");
    public static readonly GroupKind ConfigMap = new(ApiGroups.Core, "ConfigMap");
    public static readonly GroupKind ServiceAccount = new(ApiGroups.Core, "ServiceAccount");
    public static readonly GroupKind PersistentVolumeClaim = new(ApiGroups.Core, "PersistentVolumeClaim");
    public static readonly GroupKind ResourceQuota = new(ApiGroups.Core, "ResourceQuota");
    public static readonly GroupKind LimitRange = new(ApiGroups.Core, "LimitRange");
    public static readonly GroupKind Deployment = new(ApiGroups.Apps, "Deployment");
    public static readonly GroupKind StatefulSet = new(ApiGroups.Apps, "StatefulSet");
    public static readonly GroupKind Ingress = new(ApiGroups.Networking, "Ingress");
    public static readonly GroupKind NetworkPolicy = new(ApiGroups.Networking, "NetworkPolicy");
    public static readonly GroupKind PodDisruptionBudget = new(ApiGroups.Policy, "PodDisruptionBudget");
    public static readonly GroupKind Application = new(ApiGroups.ArgoProj, "Application");
    public static readonly GroupKind AppProject = new(ApiGroups.ArgoProj, "AppProject");
    public static readonly GroupKind ServiceMonitor = new(ApiGroups.Monitoring, "ServiceMonitor");
    public static readonly GroupKind Certificate = new(ApiGroups.CertManager, "Certificate");
    public static readonly GroupKind Issuer = new(ApiGroups.CertManager, "Issuer");
    public static readonly GroupKind ClusterIssuer = new(ApiGroups.CertManager, "ClusterIssuer");
    public static readonly GroupKind ExternalSecret = new(ApiGroups.ExternalSecrets, "ExternalSecret");
    public static readonly GroupKind SealedSecret = new(ApiGroups.SealedSecrets, "SealedSecret");

    /// <summary>A kind of the core group by name (what a pod spec's references name: ConfigMap, Secret, PersistentVolumeClaim…).</summary>
    public static GroupKind Core(string kind) => new(ApiGroups.Core, kind);
}
