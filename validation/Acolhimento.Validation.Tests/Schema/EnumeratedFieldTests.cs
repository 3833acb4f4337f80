using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Schema;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Schema;

/// <summary>
/// Enumerated fields of built-in kinds (Kubernetes/enumerated-fields.yaml) checked by the schema stage against the real
/// 1.35 OpenAPI, at the value's line, in the API server's words.
/// </summary>
[Trait("Category", "Unit")]
public sealed class EnumeratedFieldTests(RealSchemaData data) : IClassFixture<RealSchemaData>
{
    [Fact]
    public void Accepted_values_of_every_kind_pass()
    {
        var findings = data.RunFixture("enums/valid.yaml");
        findings.ShouldBeEmpty(findings.Describe());
    }

    [Theory]
    [InlineData("pull-policy.yaml", 17, "spec.template.spec.containers[0].imagePullPolicy", "Unsupported value: \"always\": supported values: \"Always\", \"IfNotPresent\", \"Never\"; did you mean \"Always\"?")]
    [InlineData("probe-scheme.yaml", 21, "spec.template.spec.containers[0].livenessProbe.httpGet.scheme", "supported values: \"HTTP\", \"HTTPS\"; did you mean \"HTTPS\"?")]
    [InlineData("dns-policy.yaml", 14, "spec.template.spec.dnsPolicy", "supported values: \"ClusterFirstWithHostNet\", \"ClusterFirst\", \"Default\", \"None\"")]
    [InlineData("container-port-protocol.yaml", 19, "spec.template.spec.containers[0].ports[0].protocol", "Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"")]
    [InlineData("toleration-operator.yaml", 16, "spec.template.spec.tolerations[0].operator", "supported values: \"Equal\", \"Exists\"; did you mean \"Equal\"?")]
    [InlineData("service-type.yaml", 6, "spec.type", "did you mean \"LoadBalancer\"?")]
    [InlineData("service-protocol.yaml", 10, "spec.ports[0].protocol", "did you mean \"TCP\"?")]
    [InlineData("external-traffic-policy.yaml", 7, "spec.externalTrafficPolicy", "supported values: \"Cluster\", \"Local\"")]
    [InlineData("ingress-path-type.yaml", 10, "spec.rules[0].http.paths[0].pathType", "supported values: \"Exact\", \"ImplementationSpecific\", \"Prefix\"; did you mean \"Prefix\"?")]
    [InlineData("access-mode.yaml", 8, "spec.accessModes[1]", "Unsupported value: \"ReadWriteOnly\"")]
    [InlineData("claim-template-volume-mode.yaml", 23, "spec.volumeClaimTemplates[0].spec.volumeMode", "did you mean \"Filesystem\"?")]
    [InlineData("concurrency-policy.yaml", 7, "spec.concurrencyPolicy", "supported values: \"Allow\", \"Forbid\", \"Replace\"")]
    [InlineData("policy-types.yaml", 7, "spec.policyTypes[0]", "did you mean \"Ingress\"?")]
    [InlineData("hpa-target-type.yaml", 16, "spec.metrics[0].resource.target.type", "supported values: \"Utilization\", \"Value\", \"AverageValue\"")]
    public void A_value_the_api_server_does_not_support_is_an_error_at_its_line(string fixture, int line, string path, string fragment)
    {
        var findings = data.RunFixture("enums/" + fixture);
        var finding = findings.ShouldHaveSingle(SchemaRules.Enum);
        findings.Count.ShouldBe(1, findings.Describe());
        finding.Severity.ShouldBe(Severity.Error);
        finding.Location!.File.ShouldBe("manifests/enums/" + fixture);
        finding.Location.Line.ShouldBe(line, finding.Message);
        finding.Path.ShouldBe(path);
        finding.Message.ShouldStartWith(path + ": Unsupported value: ");
        finding.Message.ShouldContain(fragment);
    }
}
