namespace Acolhimento.Validation.Policy;

/// <summary>
/// Parameters the policy stage reads itself, besides the rules that declare them: production clusters decide where
/// production-only rules run, exempt namespaces are skipped by several rules, and the Pod Security floor is the level
/// every Pod Security rule judges at. Parameters only one rule reads are declared in that rule's class.
/// </summary>
internal static class SharedParameters
{
    public static readonly StringListParameter ProductionClusters = new("productionClusters",
        "Clusters where production-only rules apply (names as in validation.yaml).");

    public static readonly StringListParameter ExemptNamespaces = new("exemptNamespaces",
        "Platform namespaces whose workloads come from upstream charts: no default-deny or quota requirement there.") { Optional = true };

    public static readonly ChoiceParameter<PodSecurityLevel> PodSecurityFloor = new("podSecurityFloor",
        "Pod Security level every pod is judged at, whatever its Namespace's pod-security.kubernetes.io/enforce label says (a namespace cannot lower it).",
        PolicyConfiguration.LevelNames, "(none: each namespace's enforce label)");

    private static readonly PolicyParameter[] Stage = [ProductionClusters, ExemptNamespaces, PodSecurityFloor];

    /// <summary>
    /// Every parameter: the stage's, then those the rules declare, each once. Two declarations of one name are a
    /// programming error (<see cref="RuleDiscovery.Validate"/> reports it), not a finding.
    /// </summary>
    public static IReadOnlyList<PolicyParameter> Declared(IEnumerable<IPolicyRule> rules)
    {
        var byName = new Dictionary<string, PolicyParameter>(StringComparer.Ordinal);
        var ordered = new List<PolicyParameter>();
        foreach (var (parameter, declaredBy) in Stage.Select(p => (p, "the policy stage")).Concat(rules.SelectMany(r => r.Metadata.ParameterList.Select(p => (p, r.Metadata.Id)))))
        {
            if (byName.TryGetValue(parameter.Name, out var earlier))
            {
                if (!ReferenceEquals(earlier, parameter)) throw new InvalidOperationException($"parameter {parameter.Name} is declared twice (again by {declaredBy}); declare it once and share it");
                continue;
            }
            byName[parameter.Name] = parameter;
            ordered.Add(parameter);
        }
        return ordered;
    }
}
