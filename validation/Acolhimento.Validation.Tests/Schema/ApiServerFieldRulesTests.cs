using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Schema;
using Shouldly;

namespace Acolhimento.Validation.Tests.Schema;

/// <summary>
/// The API server's field checks (Kubernetes/api-server-fields.yaml, applied by the schema walk wherever a type appears)
/// and cross-field checks (Schema/ApiServer/): each against the real 1.35 schema data, pass and fail.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ApiServerFieldRulesTests(RealSchemaData data) : IClassFixture<RealSchemaData>
{
    private IReadOnlyList<Finding> Errors(string yaml) => data.Errors(yaml);

    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api, namespace: ns}
        spec:
          selector: {matchLabels: {app: api}}
          template:
            metadata: {labels: {app: api}}
            spec:
              containers:
                - name: api
                  image: api:1
                  volumeMounts: [{name: tmp, mountPath: /tmp}]
                  livenessProbe: {exec: {command: ["true"]}, periodSeconds: 0}
              volumes: [{name: tmp, emptyDir: {}}]
        """;

    [Fact]
    public void Every_entry_of_the_field_table_names_a_field_of_the_1_35_schema_data()
    {
        var stage = data.RequireStage();
        var catalog = stage.Catalog(RealSchemaData.KubernetesVersion);
        ApiServerFields.BuiltIn.Fields.Count.ShouldBeGreaterThan(100);
        foreach (var field in ApiServerFields.BuiltIn.Fields)
        {
            var schema = catalog.BuiltInComponent(field.Schema);
            schema.ShouldNotBeNull($"{field.Schema} is not a schema of Kubernetes 1.35");
            schema!.Properties.ContainsKey(field.Field).ShouldBeTrue($"{field.Schema} has no field {field.Field}");
        }
    }

    [Fact]
    public void A_valid_deployment_has_no_error_and_a_zero_probe_period_is_defaulted_not_refused() => Errors(Deployment).ShouldBeEmpty();

    [Theory]
    [InlineData("periodSeconds: 0", "periodSeconds: -1", "spec.template.spec.containers[0].livenessProbe.periodSeconds", SchemaRules.MinMax)]
    [InlineData("image: api:1", "image: \"\"", "spec.template.spec.containers[0].image", SchemaRules.MinMax)]
    [InlineData("{name: tmp, mountPath: /tmp}", "{name: other, mountPath: /tmp}", "spec.template.spec.containers[0].volumeMounts[0].name", SchemaRules.VolumeNotFound)]
    [InlineData("[{name: tmp, emptyDir: {}}]", "[{name: tmp, emptyDir: {}}, {name: tmp, emptyDir: {}}]", "spec.template.spec.volumes[1].name", SchemaRules.DuplicateEntry)]
    [InlineData("{matchLabels: {app: api}}", "{matchLabels: {app: \"a b\"}}", "spec.selector.matchLabels.app", SchemaRules.InvalidLabel)]
    public void A_field_the_api_server_refuses_is_an_error_at_that_field(string valid, string invalid, string path, string rule)
    {
        var findings = Errors(Deployment.Replace(valid, invalid, StringComparison.Ordinal));
        findings.ShouldContain(f => f.Path == path && f.Rule == rule, string.Join("\n", findings.Select(f => $"{f.Rule} {f.Path}: {f.Message}")));
    }

    [Fact]
    public void A_rollout_that_can_never_proceed_is_refused_but_one_zero_is_fine()
    {
        var strategy = "spec:\n  strategy: {rollingUpdate: {maxSurge: 0, maxUnavailable: 0}}\n  selector:";
        Errors(Deployment.Replace("spec:\n  selector:", strategy, StringComparison.Ordinal)).ShouldContain(f => f.Path == "spec.strategy.rollingUpdate.maxUnavailable");
        Errors(Deployment.Replace("spec:\n  selector:", strategy.Replace("maxSurge: 0", "maxSurge: 1", StringComparison.Ordinal), StringComparison.Ordinal)).ShouldBeEmpty();
    }

    [Fact]
    public void A_workload_without_spec_is_refused_at_spec() =>
        Errors("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\n").ShouldContain(f => f.Rule == SchemaRules.RequiredField && f.Message.Contains("\"spec\""));

    [Theory]
    [InlineData("minReplicas: 1\n  maxReplicas: 3", true)]
    [InlineData("minReplicas: 4\n  maxReplicas: 3", false)]
    [InlineData("minReplicas: 0\n  maxReplicas: 3", false)]
    public void An_autoscaler_needs_min_replicas_at_least_one_and_at_most_max(string replicas, bool valid)
    {
        var yaml = $"apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {{name: api}}\nspec:\n  scaleTargetRef: {{apiVersion: apps/v1, kind: Deployment, name: api}}\n  {replicas}\n";
        (Errors(yaml).Count == 0).ShouldBe(valid);
    }

    [Theory]
    [InlineData("restricted", "latest", true)]
    [InlineData("Restricted", "latest", false)]
    [InlineData("baseline", "v1.35", true)]
    [InlineData("baseline", "1.35", false)]
    public void Pod_security_labels_of_a_namespace_are_levels_and_versions(string level, string version, bool valid)
    {
        var yaml = $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns\n  labels:\n    pod-security.kubernetes.io/enforce: {level}\n    pod-security.kubernetes.io/enforce-version: \"{version}\"\n";
        (Errors(yaml).Count == 0).ShouldBe(valid);
    }

    [Theory]
    [InlineData("clusterIP: None", true)]
    [InlineData("clusterIP: 10.0.0.1\n  ports: [{port: 80}]", true)]
    [InlineData("clusterIP: 10.0.0.1", false)]
    [InlineData("clusterIP: nope\n  ports: [{port: 80}]", false)]
    public void A_service_needs_ports_unless_headless_and_an_address_for_cluster_ip(string spec, bool valid) =>
        (Errors($"apiVersion: v1\nkind: Service\nmetadata: {{name: s}}\nspec:\n  {spec}\n").Count == 0).ShouldBe(valid);

    [Theory]
    [InlineData("{name: reader, kind: Role, apiGroup: rbac.authorization.k8s.io}", true)]
    [InlineData("{name: reader, kind: Role}", true)]
    [InlineData("{name: reader, kind: Roles, apiGroup: rbac.authorization.k8s.io}", false)]
    [InlineData("{name: a/b, kind: Role}", false)]
    public void A_role_binding_refers_to_a_role_by_kind_and_path_segment_name(string roleRef, bool valid) =>
        (Errors($"apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {{name: b, namespace: ns}}\nroleRef: {roleRef}\nsubjects: [{{kind: ServiceAccount, name: api}}]\n").Count == 0).ShouldBe(valid);

    [Theory]
    [InlineData("port: 5432", true)]
    [InlineData("port: postgres", true)]
    [InlineData("port: 0", false)]
    [InlineData("port: 2147483648", false)]
    public void A_network_policy_port_is_a_number_in_range_or_a_name(string port, bool valid)
    {
        var errors = Errors($"apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: np}}\nspec:\n  podSelector: {{}}\n  egress:\n    - ports:\n        - {port}\n      to:\n        - ipBlock: {{cidr: 10.0.0.0/8}}\n");
        (errors.Count == 0).ShouldBe(valid, string.Join("; ", errors.Select(e => $"{e.Rule} {e.Path}: {e.Message}")));
    }

    [Fact]
    public void The_field_table_refuses_an_entry_that_checks_nothing_or_names_a_field_twice()
    {
        Should.Throw<InvalidDataException>(() => ApiServerFields.Parse("fields:\n  - {schema: a, field: b, source: s}\n", "t.yaml")).Message.ShouldContain("checks nothing");
        Should.Throw<InvalidDataException>(() => ApiServerFields.Parse("fields:\n  - {schema: a, field: b, minimum: 0, source: s}\n  - {schema: a, field: b, minimum: 1, source: s}\n", "t.yaml")).Message.ShouldContain("twice");
        Should.Throw<InvalidDataException>(() => ApiServerFields.Parse("fields:\n  - {schema: a, field: b, minimum: x, source: s}\n", "t.yaml"));
        Should.Throw<InvalidDataException>(() => ApiServerFields.Parse("fields: [", "t.yaml"));
    }
}
