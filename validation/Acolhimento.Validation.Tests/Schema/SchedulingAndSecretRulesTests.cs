using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Schema;
using Shouldly;

namespace Acolhimento.Validation.Tests.Schema;

/// <summary>
/// Cross-field checks of core ValidateTolerations, ValidateNodeSelectorRequirement, ValidateNodeFieldSelectorRequirement
/// and ValidateSecret (Schema/ApiServer/SchedulingRules, SecretTypeRules) on the real 1.35 schema data: pass, fail at
/// the field the API server names, and malformed shapes that must not throw.
/// </summary>
[Trait("Category", "Unit")]
public sealed class SchedulingAndSecretRulesTests(RealSchemaData data) : IClassFixture<RealSchemaData>
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api, namespace: ns}
        spec:
          selector: {matchLabels: {app: api}}
          template:
            metadata: {labels: {app: api}}
            spec:
              containers: [{name: api, image: api:1}]
              tolerations:
                - {operator: Exists}
                - {key: dedicated, operator: Equal, value: batch, effect: NoSchedule}
                - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 30}
              affinity:
                nodeAffinity:
                  requiredDuringSchedulingIgnoredDuringExecution:
                    nodeSelectorTerms:
                      - matchExpressions: [{key: zone, operator: In, values: [a, b]}, {key: gpu, operator: DoesNotExist}, {key: cores, operator: Gt, values: ["4"]}]
                        matchFields: [{key: metadata.name, operator: In, values: [node-1]}]
                  preferredDuringSchedulingIgnoredDuringExecution:
                    - {weight: 10, preference: {matchExpressions: [{key: disk, operator: Exists}]}}
        """;

    private IReadOnlyList<Finding> Errors(string yaml) => data.Errors(yaml);

    private static string Describe(IEnumerable<Finding> findings) => string.Join("\n", findings.Select(f => $"{f.Rule} {f.Path}: {f.Message}"));

    [Fact]
    public void Valid_tolerations_and_node_affinity_have_no_error() => Errors(Deployment).ShouldBeEmpty();

    [Theory]
    [InlineData("- {operator: Exists}", "- {operator: Equal}", "tolerations[0].operator", SchemaRules.Enum)]
    [InlineData("- {operator: Exists}", "- {effect: NoSchedule}", "tolerations[0].operator", SchemaRules.Enum)]
    [InlineData("operator: Equal, value: batch,", "operator: Exists, value: batch,", "tolerations[1].operator", SchemaRules.Enum)]
    [InlineData("operator: Equal, value: batch,", "operator: Equal, value: \"batch jobs\",", "tolerations[1].operator", SchemaRules.InvalidLabel)]
    [InlineData("effect: NoExecute, tolerationSeconds: 30", "effect: NoSchedule, tolerationSeconds: 30", "tolerations[2].effect", SchemaRules.Enum)]
    [InlineData("{key: zone, operator: In, values: [a, b]}", "{key: zone, operator: In}", "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values", SchemaRules.MinMax)]
    [InlineData("{key: gpu, operator: DoesNotExist}", "{key: gpu, operator: DoesNotExist, values: [x]}", "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[1].values", SchemaRules.MinMax)]
    [InlineData("{key: cores, operator: Gt, values: [\"4\"]}", "{key: cores, operator: Gt, values: [\"4\", \"8\"]}", "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[2].values", SchemaRules.MinMax)]
    [InlineData("[{key: metadata.name, operator: In, values: [node-1]}]", "[{key: metadata.name, operator: In, values: [node-1, node-2]}]", "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values", SchemaRules.MinMax)]
    [InlineData("[{key: metadata.name, operator: In, values: [node-1]}]", "[{key: metadata.name, operator: Exists}]", "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].operator", SchemaRules.Enum)]
    [InlineData("[{key: metadata.name, operator: In, values: [node-1]}]", "[{key: metadata.namespace, operator: In, values: [a]}]", "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].key", SchemaRules.Enum)]
    [InlineData("{key: disk, operator: Exists}", "{key: disk, operator: NotIn}", "affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0].values", SchemaRules.MinMax)]
    public void A_scheduling_field_the_api_server_refuses_is_an_error_at_that_field(string valid, string invalid, string field, string rule)
    {
        var findings = Errors(Deployment.Replace(valid, invalid, StringComparison.Ordinal));
        findings.ShouldContain(f => f.Path == "spec.template.spec." + field && f.Rule == rule, Describe(findings));
    }

    [Theory]
    [InlineData("type: kubernetes.io/tls\ndata: {tls.crt: YQ==, tls.key: Yg==}", null, null)]
    [InlineData("type: kubernetes.io/tls\nstringData: {tls.crt: a, tls.key: b}", null, null)]
    [InlineData("type: kubernetes.io/tls\ndata: {tls.crt: YQ==}", "data[\"tls.key\"]", SchemaRules.RequiredField)]
    [InlineData("type: kubernetes.io/ssh-auth\nstringData: {ssh-privatekey: k}", null, null)]
    [InlineData("type: kubernetes.io/ssh-auth\nstringData: {ssh-privatekey: \"\"}", "data.ssh-privatekey", SchemaRules.RequiredField)]
    [InlineData("type: kubernetes.io/basic-auth\nstringData: {password: p}", null, null)]
    [InlineData("type: kubernetes.io/basic-auth\nstringData: {token: t}", "data.username", SchemaRules.RequiredField)]
    [InlineData("type: kubernetes.io/dockerconfigjson\nstringData: {.dockerconfigjson: '{\"auths\": {}}'}", null, null)]
    [InlineData("type: kubernetes.io/dockerconfigjson\ndata: {.dockerconfigjson: eyJhdXRocyI6IHt9fQ==}", null, null)]
    [InlineData("type: kubernetes.io/dockerconfigjson\nstringData: {.dockerconfigjson: '[1, 2]'}", "data[\".dockerconfigjson\"]", SchemaRules.Format)]
    [InlineData("type: kubernetes.io/dockerconfigjson\nstringData: {.dockerconfigjson: 'not json'}", "data[\".dockerconfigjson\"]", SchemaRules.Format)]
    [InlineData("type: kubernetes.io/dockerconfigjson\nstringData: {config.json: '{}'}", "data[\".dockerconfigjson\"]", SchemaRules.RequiredField)]
    [InlineData("type: kubernetes.io/service-account-token", "metadata.annotations[\"kubernetes.io/service-account.name\"]", SchemaRules.RequiredField)]
    [InlineData("type: Opaque\ndata: {}", null, null)]
    [InlineData("type: example.com/custom", null, null)]
    public void A_secret_holds_what_its_type_requires(string body, string? path, string? rule)
    {
        var findings = Errors($"apiVersion: v1\nkind: Secret\nmetadata: {{name: s, namespace: ns}}\n{body}\n");
        if (path is null) findings.ShouldBeEmpty(Describe(findings));
        else findings.ShouldContain(f => f.Path == path && f.Rule == rule, Describe(findings));
    }

    [Fact]
    public void A_persistent_volume_node_affinity_is_checked_too()
    {
        var findings = Errors("""
            apiVersion: v1
            kind: PersistentVolume
            metadata: {name: local-1}
            spec:
              capacity: {storage: 1Gi}
              accessModes: [ReadWriteOnce]
              local: {path: /mnt/disk}
              nodeAffinity: {required: {nodeSelectorTerms: [{matchExpressions: [{key: kubernetes.io/hostname, operator: In}]}]}}
            """);
        findings.ShouldContain(f => f.Path == "spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values" && f.Rule == SchemaRules.MinMax, Describe(findings));
    }

    [Theory]
    [InlineData("tolerations: [just-text, 3, null]")]
    [InlineData("tolerations: {key: x}")]
    [InlineData("affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [x, {matchExpressions: [y, {operator: In, values: z}]}]}}}")]
    [InlineData("affinity: {nodeAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [1, {preference: []}]}}")]
    public void Malformed_scheduling_fields_are_schema_findings_not_crashes(string field)
    {
        var yaml = "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ns}\nspec:\n  containers: [{name: c, image: i}]\n  " + field + "\n";
        Errors(yaml).ShouldNotBeEmpty();
    }

    [Theory]
    [InlineData("type: kubernetes.io/tls\ndata: [tls.crt]")]
    [InlineData("type: kubernetes.io/dockerconfigjson\ndata: {.dockerconfigjson: '%%%'}")]
    [InlineData("type: [kubernetes.io/tls]")]
    public void Malformed_secrets_are_schema_findings_not_crashes(string body) =>
        Errors($"apiVersion: v1\nkind: Secret\nmetadata: {{name: s, namespace: ns}}\n{body}\n").ShouldNotBeEmpty();
}
