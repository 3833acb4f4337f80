using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.Pss;

internal sealed class PssSeccomp : PodSecurityRule
{
    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/pss-seccomp",
        Area = Area,
        Title = "Seccomp is never Unconfined and, under restricted, is RuntimeDefault or Localhost",
        Severity = Severity.Error,
        Rationale = "Seccomp filters the system calls a container can make; without it, a kernel bug is one call away.",
        Remediation = "Set spec.securityContext.seccompProfile.type: RuntimeDefault on the pod (or on every container).",
        Profile = RuleProfile.Kubernetes,
    };

    public override RuleMetadata Metadata => Info;

    protected override PodSecurityLevel Level => PodSecurityLevel.Baseline;

    protected override IEnumerable<(string, ObjectPath)> Check(PodTemplate template, PodSecurityLevel enforced)
    {
        var podType = template.SecurityContext?.Mapping("seccompProfile")?.String("type");
        var podPath = template.SpecPath.Key("securityContext").Key("seccompProfile").Key("type");
        if (podType == "Unconfined") yield return ("the pod's seccomp profile is Unconfined", podPath);
        foreach (var container in template.Containers())
        {
            var own = container.SecurityContext?.Mapping("seccompProfile")?.String("type");
            var path = container.Path.Key("securityContext").Key("seccompProfile").Key("type");
            if (own == "Unconfined")
            {
                yield return ($"container {container.Name}'s seccomp profile is Unconfined", path);
            }
            else if (enforced == PodSecurityLevel.Restricted && (own ?? podType) is not ("RuntimeDefault" or "Localhost") && podType != "Unconfined")
            {
                yield return ($"container {container.Name} has no seccomp profile (RuntimeDefault or Localhost) on it or the pod",
                    container.SecurityContext is null ? container.Path : container.Path.Key("securityContext"));
            }
        }
    }
}
