using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.Pss;

internal sealed class PssCapabilities : PodSecurityRule
{
    private static readonly HashSet<string> BaselineAllowed =
        ["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"];

    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/pss-capabilities",
        Area = Area,
        Title = "Containers add no capabilities beyond the allowed set and, under restricted, drop ALL",
        Severity = Severity.Error,
        Rationale = "Linux capabilities split root's powers; baseline forbids adding the dangerous ones, restricted requires dropping all and adding back at most NET_BIND_SERVICE.",
        Remediation = "Set securityContext.capabilities.drop: [ALL] and add only NET_BIND_SERVICE when the process binds a port below 1024.",
        Profile = RuleProfile.Kubernetes,
    };

    public override RuleMetadata Metadata => Info;

    protected override PodSecurityLevel Level => PodSecurityLevel.Baseline;

    protected override IEnumerable<(string, ObjectPath)> Check(PodTemplate template, PodSecurityLevel enforced)
    {
        var restricted = enforced == PodSecurityLevel.Restricted;
        foreach (var container in template.Containers())
        {
            var capabilitiesPath = container.Path.Key("securityContext").Key("capabilities");
            var capabilities = container.SecurityContext?.Mapping("capabilities");
            var added = capabilities?.Sequence("add")?.Items ?? [];
            for (var i = 0; i < added.Count; i++)
            {
                var name = (added[i] as YamlScalar)?.Value ?? "";
                var allowed = restricted ? name == "NET_BIND_SERVICE" : BaselineAllowed.Contains(name);
                if (!allowed) yield return ($"container {container.Name} adds capability {name}", capabilitiesPath.Key("add").Index(i));
            }
            if (!restricted) continue;
            var dropsAll = (capabilities?.Sequence("drop")?.Items ?? []).OfType<YamlScalar>().Any(s => s.Value == "ALL");
            if (!dropsAll)
            {
                var at = capabilities is null ? (container.SecurityContext is null ? container.Path : container.Path.Key("securityContext")) : capabilitiesPath;
                yield return ($"container {container.Name} does not drop ALL capabilities", at);
            }
        }
    }
}
