using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.Pss;

internal sealed class PssPrivilegeEscalation : PodSecurityRule
{
    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/pss-privilege-escalation",
        Area = Area,
        Title = "Containers set allowPrivilegeEscalation: false (restricted)",
        Severity = Severity.Error,
        Rationale = "Without it, a setuid binary in the image can gain more privileges than the process started with.",
        Remediation = "Set securityContext.allowPrivilegeEscalation: false on every container.",
        Profile = RuleProfile.Kubernetes,
    };

    public override RuleMetadata Metadata => Info;

    protected override PodSecurityLevel Level => PodSecurityLevel.Restricted;

    protected override IEnumerable<(string, ObjectPath)> Check(PodTemplate template, PodSecurityLevel enforced)
    {
        foreach (var container in template.Containers())
        {
            var value = container.SecurityContext?.Boolean("allowPrivilegeEscalation");
            if (value == false) continue;
            var path = value is null
                ? container.SecurityContext is null ? container.Path : container.Path.Key("securityContext")
                : container.Path.Key("securityContext").Key("allowPrivilegeEscalation");
            yield return ($"container {container.Name} does not set allowPrivilegeEscalation: false", path);
        }
    }
}
