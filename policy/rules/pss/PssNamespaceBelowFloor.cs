using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.Pss;

/// <summary>
/// The Namespace object is what the admission controller reads, so a label below the organisation's floor lets the
/// cluster admit pods the policy stage reports: the label is a defect of its own, waived (with a date) or raised.
/// </summary>
internal sealed class PssNamespaceBelowFloor : PolicyRule
{
    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/pss-namespace-below-floor",
        Area = "Pod Security Standards",
        Title = "Namespaces enforce at least the organisation's Pod Security floor",
        Severity = Severity.Error,
        Rationale = "The policy stage judges pods at the floor whatever a namespace declares, but the cluster's admission controller only enforces the namespace's label: a lower (or missing, or misspelt) label admits privileged, root or host-path pods the moment someone applies them outside Git.",
        Remediation = "Set metadata.labels pod-security.kubernetes.io/enforce to the floor (or stricter). A namespace that must run below it needs a dated waiver in policy/exceptions.yaml naming it.",
        Parameters = [SharedParameters.PodSecurityFloor],
    };

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        if (context.Parameters.PodSecurityFloor is not { } floor) yield break;
        var floorName = PolicyConfiguration.LevelName(floor);
        foreach (var ns in context.OfKind(Kubernetes.Kinds.Namespace))
        {
            var labels = ns.Metadata?.Mapping("labels");
            switch (labels?[PolicyContext.EnforceLabel])
            {
                case null:
                    yield return Report(ns, $"Namespace {ns.Name} has no {PolicyContext.EnforceLabel} label, so admission enforces nothing (privileged) below the organisation's floor {floorName}",
                        labels is null ? ObjectPath.Of("metadata") : ObjectPath.Of("metadata", "labels"));
                    break;
                case YamlScalar value when !PolicyConfiguration.LevelNames.ContainsKey(value.Value):
                    yield return Report(ns, $"Namespace {ns.Name} label {PolicyContext.EnforceLabel}: \"{value.Value}\" is not a Pod Security level ({string.Join(", ", PolicyConfiguration.LevelNames.Keys)}); the floor is {floorName}",
                        ObjectPath.Of("metadata", "labels", PolicyContext.EnforceLabel));
                    break;
                case YamlScalar value when PolicyConfiguration.LevelNames[value.Value] < floor:
                    yield return Report(ns, $"Namespace {ns.Name} enforces {value.Value}, below the organisation's Pod Security floor {floorName}",
                        ObjectPath.Of("metadata", "labels", PolicyContext.EnforceLabel));
                    break;
                case YamlScalar:
                    break;
                case var other:
                    yield return Report(ns, $"Namespace {ns.Name} label {PolicyContext.EnforceLabel} must be a string, found {other.Describe()}",
                        ObjectPath.Of("metadata", "labels", PolicyContext.EnforceLabel));
                    break;
            }
        }
    }
}
