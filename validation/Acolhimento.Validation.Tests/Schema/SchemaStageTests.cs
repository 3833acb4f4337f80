using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Schema;
using Acolhimento.Validation.Tests.Support;
using Shouldly;
using Acolhimento.Validation.Kubernetes;

namespace Acolhimento.Validation.Tests.Schema;

[Trait("Category", "Unit")]
public sealed class SchemaStageTests
{
    [Fact]
    public void Removed_api_version_is_an_error_with_its_replacement_and_no_schema_noise()
    {
        var findings = MiniSchemas.RunStage("apiVersion: v1beta1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  anything: 1\n");
        var finding = findings.ShouldHaveSingle(SchemaRules.RemovedApi);
        finding.Message.ShouldContain("removed in Kubernetes 1.30");
        finding.Message.ShouldContain("use v1 instead");
        finding.Location.ShouldBe(new SourceLocation("fixture.yaml", 1, 1));
        findings.Count.ShouldBe(1);
    }

    [Fact]
    public void Deprecated_api_version_is_a_warning_and_the_object_is_still_validated()
    {
        var findings = MiniSchemas.RunStage("apiVersion: v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: 1\n  sise: 2\n");
        var warning = findings.ShouldHaveSingle(SchemaRules.DeprecatedApi);
        warning.Severity.ShouldBe(Severity.Warning);
        warning.Message.ShouldContain("1.40");
        findings.ShouldHaveSingle(SchemaRules.UnknownField).Location!.Line.ShouldBe(7);
    }

    [Fact]
    public void The_same_api_is_not_deprecated_for_an_older_cluster() =>
        MiniSchemas.RunStage("apiVersion: v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: 1\n", "1.33").ShouldBeEmpty();

    [Fact]
    public void Third_party_api_removed_by_its_project_is_explained() =>
        MiniSchemas.RunStage("apiVersion: demo.example.org/v0\nkind: Gadget\nmetadata:\n  name: g\n").ShouldHaveSingle(SchemaRules.RemovedApi).Message.ShouldContain("gadget-operator 0.9");

    [Fact]
    public void Unknown_kind_is_never_skipped() =>
        // A kind of no known group: its CRD is missing (one finding per kind, at the profile's severity; error by default).
        MiniSchemas.RunStage("apiVersion: example.org/v1\nkind: Thing\nmetadata:\n  name: t\n").ShouldHaveSingle(SchemaRules.KindWithoutSchema).Severity.ShouldBe(Severity.Error);

    [Fact]
    public void Deprecated_crd_version_warns() =>
        MiniSchemas.RunStage("apiVersion: demo.example.org/v1alpha1\nkind: Gadget\nmetadata:\n  name: g\nspec: {whatever: 1}\n").ShouldHaveSingle(SchemaRules.DeprecatedApi).Severity.ShouldBe(Severity.Warning);

    [Fact]
    public void Findings_are_deterministic_in_object_order_across_clusters()
    {
        // Objects are validated in parallel, yet the findings come back in the clusters' and objects' order every run;
        // sorting them is the pipeline's job, done once on the way out.
        var yaml = string.Join("---\n", Enumerable.Range(0, 200).Select(i => $"apiVersion: demo.example.org/v1\nkind: Gadget\nmetadata:\n  name: g{i}\nspec:\n  mode: {(i % 3 == 0 ? "bad" : "fast")}\n  extra{i % 5}: 1\n"));
        var stage = MiniSchemas.Stage();
        RenderedCluster Cluster(string name) => new(name, "1.35", [], RenderedObjects.FromText($"{name}.yaml", yaml, name, "app"), []);
        var first = stage.Run([Cluster("b"), Cluster("a")]);
        var second = stage.Run([Cluster("b"), Cluster("a")]);
        first.ShouldBe(second);
        first.Select(f => f.Cluster).Distinct().ShouldBe(["b", "a"]);
        foreach (var cluster in first.GroupBy(f => f.Cluster)) cluster.Select(f => f.Location!.Line).ShouldBeInOrder(SortDirection.Ascending);
        first.Count(f => f.Rule == SchemaRules.Enum).ShouldBe(2 * 67);
    }

    [Fact]
    public void Bad_kubernetes_version_cannot_validate() =>
        Should.Throw<CannotValidateException>(() => MiniSchemas.RunStage("apiVersion: v1\nkind: Widget\nmetadata:\n  name: w\n", "latest"));

    [Theory]
    [InlineData("apiVersion: v1\nkind: Widget\nmetadata: {name: w, labels: null, annotations: {a: [1]}, finalizers: {x: 1}}\nspec: {size: 1}\n")]
    [InlineData("apiVersion: v1\nkind: Widget\nmetadata:\n  name: w\n  labels: [a]\n  annotations: \"text\"\nspec: 7\n")]
    [InlineData("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: w\nspec:\n  selector: 1\n  template: {spec: {containers: [1, null, [2], {name: [x], ports: {a: 1}}]}}\n")]
    [InlineData("apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports: [null, {port: x, targetPort: {a: 1}}, {port: 99999999999999999999999}]\n")]
    [InlineData("apiVersion: v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: 1\n  memory: \"99999999999999999999999999999999999999999999999999Ei\"\n  created: \"2025-01-01T00:00:00Z\\n\"\n")]
    public void Hostile_or_malformed_objects_give_findings_not_crashes(string yaml)
    {
        var findings = MiniSchemas.RunStage(yaml);
        findings.ShouldNotBeEmpty();
        findings.ShouldAllBe(f => f.Location != null && f.Stage == Stages.Schema);
    }

    [Fact]
    public void Deeply_nested_preserved_values_do_not_overflow()
    {
        var nested = string.Concat(Enumerable.Repeat("[", 90)) + string.Concat(Enumerable.Repeat("]", 90));
        MiniSchemas.RunStage($"apiVersion: demo.example.org/v1\nkind: Gadget\nmetadata:\n  name: g\nspec:\n  mode: fast\n  values: {{a: {nested}}}\n").ShouldBeEmpty();
    }

    [Fact]
    public void Catastrophic_pattern_input_finishes()
    {
        // (a+)+$ backtracks exponentially in a naive engine: the first such value sends the pattern to the
        // non-backtracking engine, which answers in linear time, and the pattern stays there.
        var pattern = SchemaPatterns.Compile("^(a+)+$")!;
        var hostile = new string('a', 5000) + "!";
        pattern.IsMatch("aaa").ShouldBe(true);
        pattern.UsesLinearEngineOnly.ShouldBeFalse();

        for (var i = 0; i < 50; i++) pattern.IsMatch(hostile).ShouldBe(false);

        pattern.UsesLinearEngineOnly.ShouldBeTrue();
        pattern.IsMatch("aaa").ShouldBe(true);
    }

    [Fact]
    public void Cel_rules_are_evaluated_a_true_rule_is_silent_and_a_false_one_is_an_error_on_its_line()
    {
        MiniSchemas.RunStage("apiVersion: demo.example.org/v1\nkind: Gadget\nmetadata:\n  name: g\nspec:\n  mode: fast\n  window: {start: 1, end: 2}\n").ShouldBeEmpty();
        var findings = MiniSchemas.RunStage("apiVersion: demo.example.org/v1\nkind: Gadget\nmetadata:\n  name: g\nspec:\n  mode: fast\n  window: {start: 1, end: 200}\n");
        var error = findings.ShouldHaveSingle(SchemaRules.CelRule);
        error.Severity.ShouldBe(Severity.Error);
        error.Location.ShouldNotBeNull().Line.ShouldBe(7);
        error.Message.ShouldContain("failed rule: self.end - self.start <= 100");
    }

    [Fact]
    public void Schemas_of_crds_in_the_rendered_output_are_not_kept_after_the_run()
    {
        const string yaml = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: things.rendered.example.org
            spec:
              group: rendered.example.org
              names: {kind: Thing, plural: things}
              scope: Namespaced
              versions:
                - name: v1
                  served: true
                  storage: true
                  schema:
                    openAPIV3Schema:
                      type: object
                      properties:
                        spec: {type: object, properties: {size: {type: integer}}}
            ---
            apiVersion: rendered.example.org/v1
            kind: Thing
            metadata:
              name: t
            spec:
              colour: red
            ---
            apiVersion: demo.example.org/v1
            kind: Gadget
            metadata:
              name: g
            spec:
              mode: fast
            """;
        var stage = MiniSchemas.Stage();
        var cluster = new RenderedCluster("dev", MiniSchemas.Version, [], RenderedObjects.FromText("fixture.yaml", yaml, "dev", "app"), []);
        for (var run = 0; run < 3; run++)
        {
            // Each render yields new CRD objects; their schemas must live only as long as the run that found them.
            stage.Run([cluster with { Objects = RenderedObjects.FromText("fixture.yaml", yaml, "dev", "app") }])
                .ShouldHaveSingle(SchemaRules.UnknownField).Message.ShouldContain("colour");
        }
        stage.Catalog(MiniSchemas.Version).SharedCustomSchemaCount.ShouldBe(1); // Gadget, from the schema data, compiled once and kept
    }
}
