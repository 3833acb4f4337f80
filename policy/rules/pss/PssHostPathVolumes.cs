using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.Pss;

internal sealed class PssHostPathVolumes : PodSecurityRule
{
    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/pss-host-path-volumes",
        Area = Area,
        Title = "Pods do not mount host paths (baseline)",
        Severity = Severity.Error,
        Rationale = "A hostPath volume gives the pod the node's file system, from which it can read credentials or escape.",
        Remediation = "Use an emptyDir, a ConfigMap/Secret or a PersistentVolumeClaim instead of hostPath.",
        Profile = RuleProfile.Kubernetes,
    };

    public override RuleMetadata Metadata => Info;

    protected override PodSecurityLevel Level => PodSecurityLevel.Baseline;

    protected override IEnumerable<(string, ObjectPath)> Check(PodTemplate template, PodSecurityLevel enforced)
    {
        foreach (var (volume, path) in template.Volumes())
        {
            if (volume["hostPath"] is not null) yield return ($"volume {volume.String("name")} is a hostPath", path.Key("hostPath"));
        }
    }
}
