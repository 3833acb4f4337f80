using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.PodSecurity;

/// <summary>
/// A Pod Security Standards check: evaluated on every pod template in a namespace whose Namespace object enforces
/// (label <c>pod-security.kubernetes.io/enforce</c>) at least <see cref="Level"/>, as the admission controller would.
/// </summary>
public abstract class PodSecurityRule : PolicyRule
{
    protected const string Area = "Pod Security Standards";

    protected abstract PodSecurityLevel Level { get; }

    public sealed override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        foreach (var template in context.PodTemplates)
        {
            var enforced = context.EnforcedLevel(template.Namespace);
            if (enforced < Level) continue;
            foreach (var (message, path) in Check(template, enforced))
            {
                yield return Report(template.Owner, $"{message} (namespace {template.Namespace} enforces {enforced.ToString().ToLowerInvariant()})", path);
            }
        }
    }

    protected abstract IEnumerable<(string Message, ObjectPath Path)> Check(PodTemplate template, PodSecurityLevel enforced);

    /// <summary>The effective value of a security-context field: the container's, else the pod's.</summary>
    protected static (YamlNode? Value, ObjectPath? Path) Effective(PodTemplate template, ContainerSpec container, string field)
    {
        if (container.SecurityContext?[field] is { } own) return (own, container.Path.Key("securityContext").Key(field));
        if (template.SecurityContext?[field] is { } pod) return (pod, template.SpecPath.Key("securityContext").Key(field));
        return (null, null);
    }
}
