using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.Containers;

internal sealed class ProbePortExists : PolicyRule
{
    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/probe-port-exists",
        Area = "Containers",
        Title = "A probe's port is a port the container declares",
        Severity = Severity.Error,
        Rationale = "A probe against an undeclared port fails (or, by name, is rejected), and the pod restarts or never becomes ready.",
        Remediation = "Point httpGet/tcpSocket/grpc port at one of the container's ports (by name or number), or declare the port.",
        Profile = RuleProfile.Kubernetes,
    };

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        foreach (var (template, container) in context.Containers())
        {
            var ports = container.Ports.ToList();
            foreach (var probe in new[] { "livenessProbe", "readinessProbe", "startupProbe" })
            {
                foreach (var handler in new[] { "httpGet", "tcpSocket", "grpc" })
                {
                    if (container.Body.Mapping(probe)?.Mapping(handler)?["port"] is not YamlScalar port) continue;
                    var exists = port.Kind == ScalarKind.Int && ScalarResolution.TryParseInt(port.Value, out var number)
                        ? ports.Any(p => p.Number == number)
                        : ports.Any(p => p.Name == port.Value);
                    if (!exists)
                    {
                        yield return Report(template.Owner, $"{probe} of container {container.Name} uses port {port.Value}, which the container does not declare",
                            container.Path.Key(probe).Key(handler).Key("port"));
                    }
                }
            }
        }
    }
}
