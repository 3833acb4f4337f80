using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.Containers;

internal sealed class ContainerResources : PolicyRule
{
    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/container-resources",
        Area = "Containers",
        Title = "Containers set CPU and memory requests and limits",
        Severity = Severity.Error,
        Rationale = "Requests let the scheduler place pods and quotas hold; limits stop one container starving its neighbours or the node.",
        Remediation = "Set resources.requests.cpu, resources.requests.memory, resources.limits.cpu and resources.limits.memory on every container.",
    };

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        foreach (var (template, container) in context.Containers().Where(c => c.Container.Kind != ContainerKind.EphemeralContainer))
        {
            var resources = container.Body.Mapping("resources");
            var missing = new List<string>();
            foreach (var section in new[] { "requests", "limits" })
            {
                foreach (var resource in new[] { "cpu", "memory" })
                {
                    if (resources?.Mapping(section)?[resource] is not YamlScalar { IsNull: false }) missing.Add($"{section}.{resource}");
                }
            }
            if (missing.Count == 0) continue;
            var resourcesPath = container.Path.Key("resources");
            var at = resources is null ? container.Path
                : missing.All(m => m.StartsWith("limits", StringComparison.Ordinal)) && resources["limits"] is not null ? resourcesPath.Key("limits")
                : missing.All(m => m.StartsWith("requests", StringComparison.Ordinal)) && resources["requests"] is not null ? resourcesPath.Key("requests")
                : resourcesPath;
            yield return Report(template.Owner, $"container {container.Name} has no resources {string.Join(", ", missing)}", at);
        }
    }
}
