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
/// What a rule is and why it exists. <see cref="Parameters"/> are the <c>policy/config.yaml</c> settings the rule reads,
/// declared next to its code (<see cref="PolicyParameter"/>), so that the reader knows their keys and types,
/// <c>policies explain</c> and the generated README show them, and a profile that runs the rule requires them. <see cref="Profile"/>: the smallest profile that runs it (<see cref="RuleProfile.Kubernetes"/>
/// rules run in the organisation profile too). Set by name (<c>new() { Id = …, Area = …, … }</c>): six strings in a row are easy to swap.
/// </summary>
public sealed record RuleMetadata
{
    /// <summary><c>policy/&lt;name&gt;</c>; the rule's class is the name in PascalCase, its fixtures are in <c>policy/tests/&lt;name&gt;/</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The README section the rule is listed under; one per <c>policy/rules/&lt;folder&gt;/</c>.</summary>
    public required string Area { get; init; }

    public required string Title { get; init; }

    public required Severity Severity { get; init; }

    public required string Rationale { get; init; }

    public required string Remediation { get; init; }

    public RuleScope AppliesTo { get; init; } = RuleScope.AllClusters;

    /// <summary>Declare a rule's own parameters as static fields above its metadata (static fields initialise in order).</summary>
    public IReadOnlyList<PolicyParameter>? Parameters { get; init; }

    public RuleProfile Profile { get; init; } = RuleProfile.Organisation;

    public IReadOnlyList<PolicyParameter> ParameterList => Parameters ?? [];

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
internal abstract class PolicyRule : IPolicyRule
{
    public abstract RuleMetadata Metadata { get; }

    public abstract IEnumerable<Finding> Evaluate(PolicyContext context);

    protected Finding Report(RenderedObject subject, string message, ObjectPath? path = null) =>
        subject.Finding(Stages.Policy, Metadata.Severity, Metadata.Id, message, path);
}
