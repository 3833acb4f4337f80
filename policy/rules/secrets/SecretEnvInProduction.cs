using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.Secrets;

internal sealed class SecretEnvInProduction : PolicyRule
{
    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/secret-env-in-production",
        Area = "Secrets",
        Title = "Production workloads read secrets from files, not environment variables",
        Severity = Severity.Warning,
        Rationale = "Environment variables leak into crash dumps, child processes and debug endpoints, and do not update when the secret rotates.",
        Remediation = "Mount the Secret as a volume and point the application at the file (most frameworks accept a *_FILE setting).",
        AppliesTo = RuleScope.ProductionOnly,
        Parameters = [SharedParameters.ProductionClusters],
    };

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        foreach (var (template, container) in context.Containers())
        {
            var env = container.Body.Sequence("env")?.Items ?? [];
            for (var i = 0; i < env.Count; i++)
            {
                if (env[i] is YamlMapping variable && variable.Mapping("valueFrom")?.Mapping("secretKeyRef") is { } reference)
                {
                    yield return Report(template.Owner, $"container {container.Name} reads secret {reference.String("name")} into environment variable {variable.String("name")}",
                        container.Path.Key("env").Index(i).Key("valueFrom").Key("secretKeyRef"));
                }
            }
            var envFrom = container.Body.Sequence("envFrom")?.Items ?? [];
            for (var i = 0; i < envFrom.Count; i++)
            {
                if (envFrom[i] is YamlMapping source && source.Mapping("secretRef") is { } reference)
                {
                    yield return Report(template.Owner, $"container {container.Name} loads every key of secret {reference.String("name")} into its environment",
                        container.Path.Key("envFrom").Index(i).Key("secretRef"));
                }
            }
        }
    }
}
