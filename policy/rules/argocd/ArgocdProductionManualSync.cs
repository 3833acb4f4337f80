using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.ArgoCd;

internal sealed class ArgocdProductionManualSync : PolicyRule
{
    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/argocd-production-manual-sync",
        Area = "Argo CD",
        Title = "Production Applications do not sync automatically",
        Severity = Severity.Error,
        Rationale = "A merge must not reach production by itself: a person syncs production after checking staging.",
        Remediation = "Remove spec.syncPolicy.automated from the production Application (keep syncOptions).",
        AppliesTo = RuleScope.ProductionOnly,
        Parameters = [SharedParameters.ProductionClusters],
    };

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        foreach (var application in context.OfKind(Kubernetes.Kinds.Application))
        {
            if (application.Spec?.Mapping("syncPolicy")?["automated"] is not { } automated) continue;
            if (automated is YamlScalar { IsNull: true }) continue;
            if (automated is YamlMapping m && m.Boolean("enabled") == false) continue;
            yield return Report(application, $"Application {application.Name} syncs automatically in production", ObjectPath.Of("spec", "syncPolicy", "automated"));
        }
    }
}
