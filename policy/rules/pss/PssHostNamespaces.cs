using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.Pss;

internal sealed class PssHostNamespaces : PodSecurityRule
{
    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/pss-host-namespaces",
        Area = Area,
        Title = "Pods do not share the host's network, PID or IPC namespaces (baseline)",
        Severity = Severity.Error,
        Rationale = "Sharing host namespaces lets a pod see and reach host processes and interfaces, which defeats container isolation.",
        Remediation = "Remove hostNetwork, hostPID and hostIPC from the pod spec (or set them to false).",
        Profile = RuleProfile.Kubernetes,
    };

    public override RuleMetadata Metadata => Info;

    protected override PodSecurityLevel Level => PodSecurityLevel.Baseline;

    protected override IEnumerable<(string, ObjectPath)> Check(PodTemplate template, PodSecurityLevel enforced)
    {
        foreach (var field in new[] { "hostNetwork", "hostPID", "hostIPC" })
        {
            if (template.Spec.Boolean(field) == true) yield return ($"{field} is true", template.SpecPath.Key(field));
        }
    }
}
