using System.Text.RegularExpressions;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.Secrets;

/// <summary>
/// A credential written as an environment variable's literal value (or kept in a ConfigMap) is in Git in plain text and
/// in every <c>kubectl describe</c>; in the clusters named by <c>credentialLiteralClusters</c> credentials come from Secrets.
/// </summary>
internal sealed partial class CredentialEnvLiteral : PolicyRule
{
    public static readonly StringListParameter CredentialEnvNames = new("credentialEnvNames",
        "An environment variable whose name ends with one of these (case-insensitive) holds a credential: DB_PASSWORD and PGPASSWORD do, PASSWORD_FILE and TOKEN_TTL do not.");

    public static readonly StringListParameter CredentialLiteralClusters = new("credentialLiteralClusters",
        "Clusters where a credential's value must come from a Secret, never a literal or a ConfigMap.");

    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/credential-env-literal",
        Area = "Secrets",
        Title = "Credentials are never literal environment values or ConfigMap data (in the clusters of credentialLiteralClusters)",
        Severity = Severity.Error,
        Rationale = "An environment variable whose name says it is a credential (credentialEnvNames) but whose value is written in the manifest, or read from a ConfigMap, is a plain-text credential in Git and in every describe of the pod, readable by anyone who can read the repository or the namespace.",
        Remediation = "Put the value in a Secret produced by an ExternalSecret (or a SealedSecret) and read it with valueFrom.secretKeyRef or envFrom.secretRef; a value that is not a credential needs a name that does not say it is one.",
        Parameters = [CredentialEnvNames, CredentialLiteralClusters],
    };

    // Kubernetes expands $(NAME) from earlier variables: a value made only of such references holds no literal.
    [GeneratedRegex(@"^(\$\([A-Za-z_][A-Za-z0-9_.-]*\))+$")]
    private static partial Regex OnlyReferences();

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        if (!context.Parameters.Get(CredentialLiteralClusters).Contains(context.ClusterName, StringComparer.Ordinal)) yield break;
        var credentialWords = context.Parameters.Get(CredentialEnvNames);
        bool IsCredentialName(string name) => credentialWords.Any(word => name.EndsWith(word, StringComparison.OrdinalIgnoreCase));
        var reportedConfigMapKeys = new HashSet<(RenderedObject, string)>();
        foreach (var (template, container) in context.Containers())
        {
            var env = container.Body.Sequence("env")?.Items ?? [];
            for (var i = 0; i < env.Count; i++)
            {
                if (env[i] is not YamlMapping variable || variable.String("name") is not { } name || !IsCredentialName(name)) continue;
                var at = container.Path.Key("env").Index(i);
                if (variable["value"] is YamlScalar { IsNull: false } literal && literal.Value.Length > 0 && !OnlyReferences().IsMatch(literal.Value))
                {
                    yield return Report(template.Owner, $"container {container.Name} sets credential {name} to a literal value in {context.ClusterName}; read it from a Secret", at.Key("value"));
                }
                else if (variable.Mapping("valueFrom")?.Mapping("configMapKeyRef") is { } reference)
                {
                    yield return Report(template.Owner, $"container {container.Name} reads credential {name} from ConfigMap {reference.String("name")}, which is plain text in Git; read it from a Secret",
                        at.Key("valueFrom").Key("configMapKeyRef"));
                }
            }
            var envFrom = container.Body.Sequence("envFrom")?.Items ?? [];
            foreach (var source in envFrom.OfType<YamlMapping>())
            {
                if (source.Mapping("configMapRef")?.String("name") is not { } configMapName) continue;
                if (context.Find(Kubernetes.Kinds.ConfigMap, template.Namespace, configMapName) is not { } configMap) continue;
                var prefix = source.String("prefix") ?? "";
                foreach (var entry in configMap.Body.Mapping("data")?.Entries ?? [])
                {
                    if (IsCredentialName(prefix + entry.Key.Value) && reportedConfigMapKeys.Add((configMap, entry.Key.Value)))
                    {
                        yield return Report(configMap, $"ConfigMap {configMap.Name} holds credential {entry.Key.Value}, loaded into the environment of {template.Owner.Kind} {template.Owner.Name}; keep it in a Secret",
                            ObjectPath.Of("data", entry.Key.Value));
                    }
                }
            }
        }
    }
}
