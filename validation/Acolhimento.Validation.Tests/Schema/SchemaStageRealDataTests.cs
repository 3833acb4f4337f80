using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Schema;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Schema;

/// <summary>The acceptance fixtures of the schema stage against the real Kubernetes 1.35 OpenAPI and CRDs.</summary>
[Trait("Category", "Unit")]
public sealed class SchemaStageRealDataTests(RealSchemaData data) : IClassFixture<RealSchemaData>
{
    private static void ShouldPointAt(Finding finding, string file, int line)
    {
        finding.Location.ShouldNotBeNull();
        finding.Location!.File.ShouldBe("manifests/" + file);
        finding.Location.Line.ShouldBe(line, $"{finding.Rule}: {finding.Message}");
    }

    [Fact]
    public void A_valid_deployment_has_no_findings()
    {
        var findings = data.RunFixture("deployment-valid.yaml");
        findings.ShouldBeEmpty(findings.Describe());
    }

    [Fact]
    public void Unknown_field_in_a_deployment_suggests_the_known_one()
    {
        var finding = data.RunFixture("deployment-unknown-field.yaml").ShouldHaveSingle(SchemaRules.UnknownField);
        ShouldPointAt(finding, "deployment-unknown-field.yaml", 17);
        finding.Path.ShouldBe("spec.template.spec.containers[0].imagePullPolice");
        finding.Message.ShouldContain("did you mean \"imagePullPolicy\"");
        finding.Severity.ShouldBe(Severity.Error);
    }

    [Fact]
    public void Unknown_field_in_a_custom_resource()
    {
        var finding = data.RunFixture("certificate-unknown-field.yaml").ShouldHaveSingle(SchemaRules.UnknownField);
        ShouldPointAt(finding, "certificate-unknown-field.yaml", 13);
        finding.Message.ShouldContain("did you mean \"renewBefore\"");
    }

    [Fact]
    public void Unknown_field_in_an_argo_cd_application_but_helm_values_object_accepts_anything()
    {
        var findings = data.RunFixture("application-unknown-field.yaml");
        var finding = findings.ShouldHaveSingle(SchemaRules.UnknownField);
        ShouldPointAt(finding, "application-unknown-field.yaml", 23);
        finding.Path.ShouldBe("spec.syncPolicy.syncOption");
        finding.Message.ShouldContain("did you mean \"syncOptions\"");
        findings.Count.ShouldBe(1, findings.Describe());
    }

    [Fact]
    public void Wrong_type()
    {
        var finding = data.RunFixture("deployment-wrong-type.yaml").ShouldHaveSingle(SchemaRules.TypeMismatch);
        ShouldPointAt(finding, "deployment-wrong-type.yaml", 6);
        finding.Path.ShouldBe("spec.replicas");
        finding.Message.ShouldContain("must be an integer");
    }

    [Fact]
    public void Missing_required_field()
    {
        var finding = data.RunFixture("deployment-missing-required.yaml").ShouldHaveSingle(SchemaRules.RequiredField);
        ShouldPointAt(finding, "deployment-missing-required.yaml", 15);
        finding.Message.ShouldContain("\"name\"");
    }

    [Fact]
    public void Bad_enum_value_in_a_custom_resource()
    {
        var finding = data.RunFixture("certificate-bad-enum.yaml").ShouldHaveSingle(SchemaRules.Enum);
        ShouldPointAt(finding, "certificate-bad-enum.yaml", 14);
        finding.Message.ShouldContain("\"RSA\"");
    }

    [Fact]
    public void Bad_quantity()
    {
        var finding = data.RunFixture("deployment-bad-quantity.yaml").ShouldHaveSingle(SchemaRules.Quantity);
        ShouldPointAt(finding, "deployment-bad-quantity.yaml", 19);
        finding.Path.ShouldBe("spec.template.spec.containers[0].resources.limits.memory");
    }

    [Fact]
    public void Bad_label_value()
    {
        var finding = data.RunFixture("deployment-bad-label.yaml").ShouldHaveSingle(SchemaRules.InvalidLabel);
        ShouldPointAt(finding, "deployment-bad-label.yaml", 6);
        finding.Message.ShouldContain("1.4.2+build/7");
    }

    [Fact]
    public void Unknown_kind_is_an_error_with_a_suggestion()
    {
        var finding = data.RunFixture("unknown-kind.yaml").ShouldHaveSingle(SchemaRules.UnknownKind);
        ShouldPointAt(finding, "unknown-kind.yaml", 1);
        finding.Message.ShouldContain("did you mean Deployment?");
    }

    [Fact]
    public void Removed_api_version_names_its_replacement()
    {
        var findings = data.RunFixture("pdb-removed.yaml");
        var finding = findings.ShouldHaveSingle(SchemaRules.RemovedApi);
        ShouldPointAt(finding, "pdb-removed.yaml", 1);
        finding.Message.ShouldContain("removed in Kubernetes 1.25");
        finding.Message.ShouldContain("policy/v1");
        findings.Count.ShouldBe(1, findings.Describe());
    }

    [Fact]
    public void Deprecated_api_version_is_a_warning_with_replacement_and_removal()
    {
        var findings = data.RunFixture("resourceclaim-deprecated.yaml");
        var finding = findings.ShouldHaveSingle(SchemaRules.DeprecatedApi);
        finding.Severity.ShouldBe(Severity.Warning);
        ShouldPointAt(finding, "resourceclaim-deprecated.yaml", 1);
        finding.Message.ShouldContain("resource.k8s.io/v1beta2");
        finding.Message.ShouldContain("1.36");
        findings.ShouldHaveNoErrors();
    }

    [Fact]
    public void A_crd_in_the_rendered_output_defines_its_custom_resources()
    {
        var stage = data.RequireStage();
        var yaml = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: intakes.acolhimento.example.org
            spec:
              group: acolhimento.example.org
              names: {kind: Intake, plural: intakes}
              scope: Namespaced
              versions:
                - name: v1
                  served: true
                  storage: true
                  schema:
                    openAPIV3Schema:
                      type: object
                      properties:
                        spec:
                          type: object
                          properties:
                            queue: {type: string}
            ---
            apiVersion: acolhimento.example.org/v1
            kind: Intake
            metadata:
              name: triage
            spec:
              queue: main
              queu: typo
            """;
        var objects = RenderedObjects.FromText("crds.yaml", yaml, "dev", "api");
        var finding = stage.Run([new RenderedCluster("dev", "1.35", [], objects, [])]).ShouldHaveSingle(SchemaRules.UnknownField);
        finding.Location!.Line.ShouldBe(28);
    }

    [Fact]
    public void Missing_kubernetes_version_data_cannot_validate()
    {
        var stage = data.RequireStage();
        var objects = RenderedObjects.FromText("x.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");
        var ex = Should.Throw<CannotValidateException>(() => stage.Run([new RenderedCluster("dev", "1.12", [], objects, [])]));
        ex.Message.ShouldContain("schemas pull --k8s-version 1.12");
    }
}
