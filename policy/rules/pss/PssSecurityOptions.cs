using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.Pss;

internal sealed class PssSecurityOptions : PodSecurityRule
{
    private static readonly HashSet<string> SeLinuxTypes = ["container_t", "container_init_t", "container_kvm_t", "container_engine_t"];

    private static readonly HashSet<string> SafeSysctls =
    [
        "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies",
        "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
        "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes",
    ];

    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/pss-security-options",
        Area = Area,
        Title = "No unconfined AppArmor, custom SELinux user/role/type, unmasked /proc, unsafe sysctls or Windows host processes (baseline)",
        Severity = Severity.Error,
        Rationale = "Each of these switches off a kernel isolation mechanism the baseline profile relies on.",
        Remediation = "Remove the AppArmor 'unconfined' profile, the SELinux user/role or non-container type, procMount: Unmasked, unsafe sysctls and windowsOptions.hostProcess.",
        Profile = RuleProfile.Kubernetes,
    };

    public override RuleMetadata Metadata => Info;

    protected override PodSecurityLevel Level => PodSecurityLevel.Baseline;

    protected override IEnumerable<(string, ObjectPath)> Check(PodTemplate template, PodSecurityLevel enforced)
    {
        var pod = template.SecurityContext;
        var podPath = template.SpecPath.Key("securityContext");
        foreach (var problem in CheckContext(pod, podPath, "the pod")) yield return problem;
        var sysctls = pod?.Sequence("sysctls")?.Items ?? [];
        for (var i = 0; i < sysctls.Count; i++)
        {
            var name = (sysctls[i] as YamlMapping)?.String("name") ?? "";
            if (!SafeSysctls.Contains(name)) yield return ($"sysctl {name} is not in the safe set", podPath.Key("sysctls").Index(i));
        }
        var metadataPath = template.SpecPath.Parent.Key("metadata").Key("annotations");
        var annotations = template.Owner.Body.At(metadataPath) as YamlMapping;
        foreach (var entry in annotations?.Entries ?? [])
        {
            if (entry.Key.Value.StartsWith("container.apparmor.security.beta.kubernetes.io/", StringComparison.Ordinal) && entry.Value is YamlScalar { Value: "unconfined" })
            {
                yield return ($"annotation {entry.Key.Value} makes AppArmor unconfined", metadataPath.Key(entry.Key.Value));
            }
        }
        foreach (var container in template.Containers())
        {
            var path = container.Path.Key("securityContext");
            foreach (var problem in CheckContext(container.SecurityContext, path, $"container {container.Name}")) yield return problem;
            var procMount = container.SecurityContext?.String("procMount");
            if (procMount is not null && procMount != "Default") yield return ($"container {container.Name} sets procMount {procMount}", path.Key("procMount"));
        }
    }

    private static IEnumerable<(string, ObjectPath)> CheckContext(YamlMapping? context, ObjectPath path, string who)
    {
        if (context is null) yield break;
        if (context.Mapping("appArmorProfile")?.String("type") == "Unconfined") yield return ($"{who} runs with AppArmor Unconfined", path.Key("appArmorProfile").Key("type"));
        if (context.Mapping("seLinuxOptions") is { } se)
        {
            var type = se.String("type");
            if (type is not null && type.Length > 0 && !SeLinuxTypes.Contains(type)) yield return ($"{who} sets SELinux type {type}", path.Key("seLinuxOptions").Key("type"));
            foreach (var field in new[] { "user", "role" })
            {
                if (!string.IsNullOrEmpty(se.String(field))) yield return ($"{who} sets SELinux {field}", path.Key("seLinuxOptions").Key(field));
            }
        }
        if (context.Mapping("windowsOptions")?.Boolean("hostProcess") == true) yield return ($"{who} is a Windows host process", path.Key("windowsOptions").Key("hostProcess"));
    }
}
