using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.Pss;

/// <summary>
/// A Pod Security Standards check: evaluated on every pod template whose namespace must meet at least <see cref="Level"/>:
/// the level its Namespace object enforces (label <c>pod-security.kubernetes.io/enforce</c>), as the admission controller
/// would, raised to the organisation's floor (<c>podSecurityFloor</c>), which no namespace label can lower.
/// </summary>
internal abstract class PodSecurityRule : PolicyRule
{
    protected const string Area = "Pod Security Standards";

    protected abstract PodSecurityLevel Level { get; }

    public sealed override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        foreach (var template in context.PodTemplates)
        {
            var required = context.RequiredLevel(template.Namespace);
            if (required < Level) continue;
            var declared = context.DeclaredLevel(template.Namespace);
            var why = declared == required
                ? $"namespace {template.Namespace} enforces {PolicyConfiguration.LevelName(declared)}"
                : $"the organisation's floor is {PolicyConfiguration.LevelName(required)}; namespace {template.Namespace} declares {PolicyConfiguration.LevelName(declared)}";
            foreach (var (message, path) in Check(template, required))
            {
                yield return Report(template.Owner, $"{message} ({why})", path);
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
