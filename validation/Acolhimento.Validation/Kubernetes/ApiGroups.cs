namespace Acolhimento.Validation.Kubernetes;

/// <summary>
/// The API groups the harness names, each spelled once (source: the group names the Kubernetes API server serves,
/// k8s.io/api <c>*/register.go</c> GroupName constants; Argo CD's and the add-ons' CRDs for the others). The core group
/// is the empty string. DesignTests hold that these literals appear nowhere else in the library.
/// </summary>
internal static class ApiGroups
{
    public const string Core = "";
    public const string Apps = "apps";
    public const string Batch = "batch";
    public const string Autoscaling = "autoscaling";
    public const string Policy = "policy";
    public const string Networking = "networking.k8s.io";
    public const string Rbac = "rbac.authorization.k8s.io";
    public const string ApiExtensions = "apiextensions.k8s.io";

    /// <summary>Argo CD's and Argo Rollouts' group (Application, ApplicationSet, AppProject, Rollout).</summary>
    public const string ArgoProj = "argoproj.io";

    /// <summary>Add-ons whose kinds the policy rules look up (cert-manager, Prometheus Operator, External Secrets, Sealed Secrets, KEDA).</summary>
    public const string CertManager = "cert-manager.io";
    public const string Monitoring = "monitoring.coreos.com";
    public const string ExternalSecrets = "external-secrets.io";
    public const string SealedSecrets = "bitnami.com";
    public const string Keda = "keda.sh";
}
