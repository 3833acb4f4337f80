using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.Pss;

internal sealed class PssVolumeTypes : PodSecurityRule
{
    private static readonly HashSet<string> Allowed = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];

    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/pss-volume-types",
        Area = Area,
        Title = "Pods use only the volume types the restricted profile allows",
        Severity = Severity.Error,
        Rationale = "Other volume types (hostPath, nfs, iscsi, ...) reach outside the pod's sandbox or the cluster's storage abstraction.",
        Remediation = "Use configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected or secret volumes.",
        Profile = RuleProfile.Kubernetes,
    };

    public override RuleMetadata Metadata => Info;

    protected override PodSecurityLevel Level => PodSecurityLevel.Restricted;

    protected override IEnumerable<(string, ObjectPath)> Check(PodTemplate template, PodSecurityLevel enforced)
    {
        foreach (var (volume, path) in template.Volumes())
        {
            foreach (var entry in volume.Entries)
            {
                if (entry.Key.Value == "name" || Allowed.Contains(entry.Key.Value)) continue;
                yield return ($"volume {volume.String("name")} has type {entry.Key.Value}", path.Key(entry.Key.Value));
            }
        }
    }
}
