using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.Hygiene;

internal sealed class LlmGpu : PolicyRule
{
    public static readonly StringParameter GpuResourceName = new("gpuResourceName", "Extended resource name of a GPU (e.g. nvidia.com/gpu).");

    public static readonly LabelMapParameter LlmSelector = new("llmSelector", "The labels that identify the LLM StatefulSet.");

    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/llm-gpu",
        Area = "Hygiene",
        Title = "The LLM StatefulSet in production requests a GPU",
        Severity = Severity.Error,
        Rationale = "Without a GPU request the model server is scheduled on a CPU node, where it is far too slow to serve people.",
        Remediation = "Set resources.limits.<gpuResourceName>: 1 on the model server container.",
        AppliesTo = RuleScope.ProductionOnly,
        Parameters = [LlmSelector, GpuResourceName, SharedParameters.ProductionClusters],
    };

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        var selector = context.Parameters.Get(LlmSelector);
        var gpu = context.Parameters.Get(GpuResourceName);
        if (selector.Count == 0 || gpu.Length == 0) yield break; // policy/invalid-config already reports the missing parameter
        foreach (var template in context.PodTemplates.Where(t => t.OwnerKind == Kubernetes.Kinds.StatefulSet))
        {
            var labels = template.Owner.Labels;
            if (!selector.All(p => labels.TryGetValue(p.Key, out var v) && v == p.Value)) continue;
            var requests = template.Containers(includeInit: false).Any(c =>
                new[] { "limits", "requests" }.Any(section => c.Body.Mapping("resources")?.Mapping(section)?[gpu] is YamlScalar s
                    && ScalarResolution.TryParseInt(s.Value, out var n) && n > 0));
            if (!requests)
            {
                yield return Report(template.Owner, $"StatefulSet {template.Owner.Name} is the LLM server but no container requests {gpu}", template.SpecPath.Key("containers"));
            }
        }
    }
}
