namespace Acolhimento.Validation.Schema.ApiServer;

/// <summary>The API groups whose kinds the API-server rules know (the core group is the empty string).</summary>
internal static class ApiGroups
{
    public const string Core = "";
    public const string Apps = "apps";
    public const string Batch = "batch";
    public const string Rbac = "rbac.authorization.k8s.io";
}
