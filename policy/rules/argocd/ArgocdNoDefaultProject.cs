using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.ArgoCd;

internal sealed class ArgocdNoDefaultProject : PolicyRule
{
    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/argocd-no-default-project",
        Area = "Argo CD",
        Title = "Applications do not use Argo CD's unrestricted built-in default project",
        Severity = Severity.Error,
        Rationale = "The built-in default project permits every source repository, every destination cluster and namespace, and every cluster-scoped kind: an Application in it can deploy anything anywhere, and nothing in Git reviews that.",
        Remediation = "Name an AppProject defined in Git that allows only this Application's repository and destinations (a default project defined in Git is checked like any other).",
        NeedsWholeObjectSet = true,
    };

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        if (context.OfKind(Kubernetes.Kinds.AppProject).Any(p => p.Name == Kubernetes.ArgoCd.DefaultProject)) yield break;
        foreach (var application in context.OfKind(Kubernetes.Kinds.Application))
        {
            if (application.Spec?.String("project") == Kubernetes.ArgoCd.DefaultProject)
            {
                yield return Report(application, $"Application {application.Name} uses Argo CD's built-in default project, which permits any source, destination and kind", ObjectPath.Of("spec", "project"));
            }
        }
    }
}
