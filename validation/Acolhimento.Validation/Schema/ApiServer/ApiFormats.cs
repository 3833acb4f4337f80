namespace Acolhimento.Validation.Schema.ApiServer;

/// <summary>A value syntax the API server's validation code checks on a string field: its name in <c>Kubernetes/api-server-fields.yaml</c>, the rule it reports under, and the check (null when valid, else the reason).</summary>
/// <remarks><see cref="ChecksEmpty"/>: the API server checks an empty value too (a list entry that must be a CIDR); otherwise an empty value is left to <c>required</c>.</remarks>
public sealed record ApiFormat(string Name, string Rule, Func<string, string?> Problem, bool ChecksEmpty = false);

/// <summary>
/// The string syntaxes of <c>k8s.io/apimachinery/pkg/util/validation</c> and <c>pkg/apis/core/validation</c> that the
/// API server applies to fields, by the name the field table uses. An empty value is never checked here: where the
/// API server requires one, the table says <c>required</c>.
/// </summary>
internal static class ApiFormats
{
    public static readonly IReadOnlyDictionary<string, ApiFormat> All = new ApiFormat[]
    {
        new("dns1123-label", SchemaRules.InvalidName, NameRules.Dns1123Label),
        new("dns1123-subdomain", SchemaRules.InvalidName, NameRules.Dns1123Subdomain),
        new("dns1035-label", SchemaRules.InvalidName, NameRules.Dns1035Label),
        new("path-segment-name", SchemaRules.InvalidName, NameRules.PathSegmentName),
        new("iana-svc-name", SchemaRules.InvalidName, NameRules.IanaServiceName),
        new("qualified-name", SchemaRules.InvalidName, NameRules.QualifiedName),
        new("label-key", SchemaRules.InvalidLabel, NameRules.QualifiedName),
        new("label-value", SchemaRules.InvalidLabel, NameRules.LabelValue),
        new("env-var-name", SchemaRules.InvalidName, ValueSyntax.EnvVarName),
        new("config-map-key", SchemaRules.InvalidName, ValueSyntax.ConfigMapKey),
        new("absolute-path", SchemaRules.Format, ValueSyntax.AbsolutePath),
        new("relative-path", SchemaRules.Format, ValueSyntax.RelativePath),
        new("no-colon", SchemaRules.Format, ValueSyntax.NoColon),
        new("ip", SchemaRules.Format, ValueSyntax.IpAddress),
        new("cidr", SchemaRules.Format, ValueSyntax.Cidr),
        new("cidr-entry", SchemaRules.Format, ValueSyntax.Cidr, ChecksEmpty: true),
        new("limit-type", SchemaRules.Format, ValueSyntax.LimitType),
        new("api-version-with-group", SchemaRules.Format, ValueSyntax.GroupVersionWithGroup),
        new("wildcard-dns1123-subdomain", SchemaRules.InvalidName, ValueSyntax.WildcardSubdomain),
        new("host", SchemaRules.InvalidName, ValueSyntax.Host),
        new("api-version", SchemaRules.Format, ValueSyntax.GroupVersion),
        new("field-path", SchemaRules.Format, ValueSyntax.DownwardApiFieldPath),
    }.ToDictionary(f => f.Name, StringComparer.Ordinal);
}
