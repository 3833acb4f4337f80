using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.Pss;

internal sealed class PssPrivileged : PodSecurityRule
{
    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/pss-privileged",
        Area = Area,
        Title = "Containers are not privileged (baseline)",
        Severity = Severity.Error,
        Rationale = "A privileged container has every capability and all host devices: it is root on the node.",
        Remediation = "Remove securityContext.privileged (or set it to false) and grant only the specific capability the process needs.",
        Profile = RuleProfile.Kubernetes,
    };

    public override RuleMetadata Metadata => Info;

    protected override PodSecurityLevel Level => PodSecurityLevel.Baseline;

    protected override IEnumerable<(string, ObjectPath)> Check(PodTemplate template, PodSecurityLevel enforced)
    {
        foreach (var container in template.Containers())
        {
            if (container.SecurityContext?.Boolean("privileged") == true)
            {
                yield return ($"container {container.Name} is privileged", container.Path.Key("securityContext").Key("privileged"));
            }
        }
    }
}
