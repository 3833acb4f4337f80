using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.Pss;

internal sealed class PssRunAsNonRoot : PodSecurityRule
{
    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/pss-run-as-non-root",
        Area = Area,
        Title = "Containers run as non-root: runAsNonRoot true and runAsUser not 0 (restricted)",
        Severity = Severity.Error,
        Rationale = "A process running as UID 0 is root inside the container, one kernel or runtime bug away from root on the node.",
        Remediation = "Set spec.securityContext.runAsNonRoot: true (and a non-zero runAsUser if the image has no numeric USER).",
        Profile = RuleProfile.Kubernetes,
    };

    public override RuleMetadata Metadata => Info;

    protected override PodSecurityLevel Level => PodSecurityLevel.Restricted;

    protected override IEnumerable<(string, ObjectPath)> Check(PodTemplate template, PodSecurityLevel enforced)
    {
        if (template.SecurityContext?.Integer("runAsUser") == 0) yield return ("the pod runs as user 0", template.SpecPath.Key("securityContext").Key("runAsUser"));
        foreach (var container in template.Containers())
        {
            var (nonRoot, nonRootPath) = Effective(template, container, "runAsNonRoot");
            if (nonRoot is not YamlScalar { Kind: ScalarKind.Bool } b || !ScalarResolution.ParseBool(b.Value))
            {
                yield return ($"container {container.Name} does not run with runAsNonRoot: true",
                    nonRootPath ?? (container.SecurityContext is null ? container.Path : container.Path.Key("securityContext")));
            }
            if (container.SecurityContext?.Integer("runAsUser") == 0)
            {
                yield return ($"container {container.Name} runs as user 0", container.Path.Key("securityContext").Key("runAsUser"));
            }
        }
    }
}
