using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.Hygiene;

internal sealed class RecommendedLabels : PolicyRule
{
    public static readonly StringListParameter RequiredLabels = new("requiredLabels",
        "Labels every object carries: cost reports, dashboards and on-call routing find objects by them.");

    public static readonly StringListParameter UnlabelledKinds = new("unlabelledKinds", "Kinds exempt from requiredLabels.") { Optional = true };

    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/recommended-labels",
        Area = "Hygiene",
        Title = "Every object carries the required labels",
        Severity = Severity.Error,
        Rationale = "Dashboards, cost reports and on-call routing find objects by the app.kubernetes.io/* labels and the environment, team and cost-centre labels.",
        Remediation = "Add the missing labels (Kustomize labels: in the base or overlay sets them on every object; commonLabels in a Helm chart's helpers). A kind that cannot carry them goes in unlabelledKinds in policy/config.yaml.",
        Parameters = [RequiredLabels, UnlabelledKinds],
    };

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        var required = context.Parameters.Get(RequiredLabels);
        var unlabelled = context.Parameters.Get(UnlabelledKinds);
        foreach (var o in context.Objects.Where(o => !unlabelled.Contains(o.Kind, StringComparer.Ordinal)))
        {
            var labels = o.Labels;
            var missing = required.Where(l => !labels.TryGetValue(l, out var v) || v.Length == 0).ToList();
            if (missing.Count == 0) continue;
            var path = o.Metadata?["labels"] is null ? ObjectPath.Of("metadata") : ObjectPath.Of("metadata", "labels");
            yield return Report(o, $"{o.Kind} {o.Name} lacks label(s) {string.Join(", ", missing)}", path);
        }
    }
}
