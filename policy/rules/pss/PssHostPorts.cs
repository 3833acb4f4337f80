using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.Pss;

internal sealed class PssHostPorts : PodSecurityRule
{
    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/pss-host-ports",
        Area = Area,
        Title = "Containers do not bind host ports (baseline)",
        Severity = Severity.Error,
        Rationale = "A host port exposes the pod on the node's address, bypassing Services and NetworkPolicies, and limits scheduling.",
        Remediation = "Remove hostPort from the container's ports and expose the pod through a Service.",
        Profile = RuleProfile.Kubernetes,
    };

    public override RuleMetadata Metadata => Info;

    protected override PodSecurityLevel Level => PodSecurityLevel.Baseline;

    protected override IEnumerable<(string, ObjectPath)> Check(PodTemplate template, PodSecurityLevel enforced)
    {
        foreach (var container in template.Containers())
        {
            var ports = container.Body.Sequence("ports")?.Items ?? [];
            for (var i = 0; i < ports.Count; i++)
            {
                if (ports[i] is YamlMapping port && port.Integer("hostPort") is { } hostPort && hostPort != 0)
                {
                    yield return ($"container {container.Name} binds host port {hostPort}", container.Path.Key("ports").Index(i).Key("hostPort"));
                }
            }
        }
    }
}
