using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.Secrets;

internal sealed class SecretDataInGit : PolicyRule
{
    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/secret-data-in-git",
        Area = "Secrets",
        Title = "No Secret with data is committed to Git",
        Severity = Severity.Error,
        Rationale = "Anything in Git is readable by everyone with the repository, forever (history keeps it); base64 is not encryption.",
        Remediation = "Use an ExternalSecret (or a SealedSecret) instead. Obviously fake development values need a dated waiver in policy/exceptions.yaml.",
    };

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        foreach (var secret in context.OfKind(Kubernetes.Kinds.Secret))
        {
            foreach (var field in new[] { "data", "stringData" })
            {
                if (secret.Body[field] is YamlMapping { Entries.Count: > 0 } values)
                {
                    yield return Report(secret, $"Secret {secret.Name} carries {values.Entries.Count} value(s) in {field} ({string.Join(", ", values.Entries.Select(e => e.Key.Value))})", ObjectPath.Of(field));
                }
            }
        }
    }
}
