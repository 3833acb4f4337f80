using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy;

/// <summary>Which clusters a rule is evaluated on; production clusters are named in <c>policy/config.yaml</c>.</summary>
public enum RuleScope
{
    AllClusters,
    ProductionOnly,
}

/// <summary>
/// What a rule is and why it exists. <see cref="Parameters"/> names the <c>policy/config.yaml</c> settings the rule reads,
/// so that <c>policies explain</c> and the generated README can show their current values (and a profile that runs the
/// rule requires them). <see cref="Profile"/>: the smallest profile that runs it (<see cref="RuleProfile.Kubernetes"/>
/// rules run in the organisation profile too).
/// </summary>
public sealed record RuleMetadata(
    string Id,
    string Area,
    string Title,
    Severity Severity,
    string Rationale,
    string Remediation,
    RuleScope AppliesTo = RuleScope.AllClusters,
    IReadOnlyList<string>? Parameters = null,
    RuleProfile Profile = RuleProfile.Organisation)
{
    public IReadOnlyList<string> ParameterNames => Parameters ?? [];

    /// <summary>
    /// The rule reports what is absent from the cluster (a referenced object, a policy that selects, a default deny):
    /// it needs every object of the cluster and is not evaluated where the render lost objects, lest it give wrong advice.
    /// </summary>
    public bool NeedsWholeObjectSet { get; init; }

    public string AppliesToText => AppliesTo switch
    {
        RuleScope.ProductionOnly => "production clusters",
        _ => "all clusters",
    };

    public string ProfileText => RuleSelection.Name(Profile);
}

/// <summary>One organisational rule. Implementations are discovered by reflection; adding a rule is adding a class and its fixtures.</summary>
public interface IPolicyRule
{
    RuleMetadata Metadata { get; }

    /// <summary>Findings over one cluster's object set; <paramref name="context"/> allows looking across objects.</summary>
    IEnumerable<Finding> Evaluate(PolicyContext context);
}

/// <summary>Convenience base: findings carry the rule's id and severity and point at the offending field's source line.</summary>
public abstract class PolicyRule : IPolicyRule
{
    public abstract RuleMetadata Metadata { get; }

    public abstract IEnumerable<Finding> Evaluate(PolicyContext context);

    protected Finding Report(RenderedObject subject, string message, ObjectPath? path = null) =>
        subject.Finding(Stages.Policy, Metadata.Severity, Metadata.Id, message, path);
}
