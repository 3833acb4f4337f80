using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Schema;
using Shouldly;

namespace Acolhimento.Validation.Tests.Schema;

/// <summary>
/// The pod-spec checks of core ValidatePodSpec that api-server-fields.yaml holds for scheduling, DNS, host aliases,
/// gates, projected tokens, downward API files, probe thresholds, PriorityClass preemption and Service session affinity
/// (affinity weights 1-100, topology keys, toleration keys, host alias addresses, at most 3 nameservers, qualified gate
/// names, token expiry, file modes and paths, successThreshold 1, ClientIP timeout): pass and fail on the
/// real 1.35 schema data, each failure at the field the API server names.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ApiServerSchedulingFieldTests(RealSchemaData data) : IClassFixture<RealSchemaData>
{
    private const string Pod = "spec.template.spec.";

    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api, namespace: ns}
        spec:
          selector: {matchLabels: {app: api}}
          template:
            metadata: {labels: {app: api}}
            spec:
              serviceAccountName: api
              containers:
                - name: api
                  image: api:1
                  volumeMounts: [{name: token, mountPath: /var/run/token}]
                  livenessProbe: {httpGet: {path: /healthz, port: 8080}, successThreshold: 1}
                  readinessProbe: {httpGet: {path: /ready, port: 8080}, successThreshold: 3}
              volumes:
                - name: token
                  projected: {sources: [{serviceAccountToken: {path: token, expirationSeconds: 3600}}]}
                - name: info
                  downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}, mode: 420}]}
              affinity:
                nodeAffinity:
                  requiredDuringSchedulingIgnoredDuringExecution:
                    nodeSelectorTerms: [{matchExpressions: [{key: kubernetes.io/os, operator: In, values: [linux]}]}]
                  preferredDuringSchedulingIgnoredDuringExecution:
                    - {weight: 50, preference: {matchExpressions: [{key: zone, operator: In, values: [a]}]}}
                podAntiAffinity:
                  preferredDuringSchedulingIgnoredDuringExecution:
                    - weight: 100
                      podAffinityTerm: {topologyKey: kubernetes.io/hostname, labelSelector: {matchLabels: {app: api}}}
              tolerations: [{key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}]
              hostAliases: [{ip: 10.0.0.1, hostnames: [db.local]}]
              dnsConfig:
                nameservers: [1.1.1.1]
                searches: [svc.cluster.local.]
                options: [{name: ndots, value: "2"}]
              readinessGates: [{conditionType: example.com/ready}]
              schedulingGates: [{name: example.com/wait}]
        """;

    private const string Service = """
        apiVersion: v1
        kind: Service
        metadata: {name: api, namespace: ns}
        spec:
          selector: {app: api}
          ports: [{port: 80}]
          sessionAffinity: ClientIP
          sessionAffinityConfig: {clientIP: {timeoutSeconds: 10800}}
        """;

    private IReadOnlyList<Finding> Errors(string yaml) => data.Errors(yaml);

    [Fact]
    public void A_pod_spec_using_every_checked_field_validly_has_no_error() => Errors(Deployment).ShouldBeEmpty();

    [Fact]
    public void A_client_ip_affinity_within_a_day_has_no_error() => Errors(Service).ShouldBeEmpty();

    [Theory]
    [InlineData("{weight: 50,", "{weight: 0,", "affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight", SchemaRules.MinMax)]
    [InlineData("- weight: 100", "- weight: 101", "affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight", SchemaRules.MinMax)]
    [InlineData("topologyKey: kubernetes.io/hostname", "topologyKey: \"\"", "affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey", SchemaRules.MinMax)]
    [InlineData("topologyKey: kubernetes.io/hostname", "topologyKey: \"host name\"", "affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey", SchemaRules.InvalidLabel)]
    [InlineData("nodeSelectorTerms: [{matchExpressions: [{key: kubernetes.io/os, operator: In, values: [linux]}]}]", "nodeSelectorTerms: []", "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms", SchemaRules.MinMax)]
    [InlineData("{key: kubernetes.io/os,", "{key: \"-os\",", "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key", SchemaRules.InvalidLabel)]
    [InlineData("{key: node-role.kubernetes.io/control-plane,", "{key: \"control plane\",", "tolerations[0].key", SchemaRules.InvalidLabel)]
    [InlineData("{ip: 10.0.0.1,", "{ip: db-host,", "hostAliases[0].ip", SchemaRules.Format)]
    [InlineData("hostnames: [db.local]", "hostnames: [Db_Local]", "hostAliases[0].hostnames[0]", SchemaRules.InvalidName)]
    [InlineData("nameservers: [1.1.1.1]", "nameservers: [1.1.1.1, 8.8.8.8, 9.9.9.9, 1.0.0.1]", "dnsConfig.nameservers", SchemaRules.MinMax)]
    [InlineData("nameservers: [1.1.1.1]", "nameservers: [resolver]", "dnsConfig.nameservers[0]", SchemaRules.Format)]
    [InlineData("options: [{name: ndots, value: \"2\"}]", "options: [{name: \"\", value: \"2\"}]", "dnsConfig.options[0].name", SchemaRules.MinMax)]
    [InlineData("{conditionType: example.com/ready}", "{conditionType: \"ready now\"}", "readinessGates[0].conditionType", SchemaRules.InvalidName)]
    [InlineData("[{name: example.com/wait}]", "[{name: \"wait!\"}]", "schedulingGates[0].name", SchemaRules.InvalidName)]
    [InlineData("expirationSeconds: 3600", "expirationSeconds: 60", "volumes[0].projected.sources[0].serviceAccountToken.expirationSeconds", SchemaRules.MinMax)]
    [InlineData("{path: labels,", "{path: ../labels,", "volumes[1].downwardAPI.items[0].path", SchemaRules.Format)]
    [InlineData("mode: 420}", "mode: 1000}", "volumes[1].downwardAPI.items[0].mode", SchemaRules.MinMax)]
    [InlineData("port: 8080}, successThreshold: 1}", "port: 8080}, successThreshold: 2}", "containers[0].livenessProbe.successThreshold", SchemaRules.MinMax)]
    public void A_pod_spec_field_the_api_server_refuses_is_an_error_at_that_field(string valid, string invalid, string field, string rule)
    {
        var findings = Errors(Deployment.Replace(valid, invalid, StringComparison.Ordinal));
        findings.ShouldContain(f => f.Path == Pod + field && f.Rule == rule, string.Join("\n", findings.Select(f => $"{f.Rule} {f.Path}: {f.Message}")));
    }

    [Theory]
    [InlineData("PreemptLowerPriority", true)]
    [InlineData("Never", true)]
    [InlineData("never", false)]
    public void A_priority_class_preemption_policy_is_one_the_api_server_knows(string policy, bool valid)
    {
        var findings = Errors($"apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {{name: batch-low}}\nvalue: 100\npreemptionPolicy: {policy}\n");
        (findings.Count == 0).ShouldBe(valid, string.Join("\n", findings.Select(f => $"{f.Rule} {f.Path}: {f.Message}")));
        if (!valid) findings.ShouldContain(f => f.Path == "preemptionPolicy" && f.Rule == SchemaRules.Enum);
    }

    [Theory]
    [InlineData("timeoutSeconds: 0")]
    [InlineData("timeoutSeconds: 86401")]
    public void A_client_ip_affinity_timeout_outside_one_second_to_a_day_is_refused(string timeout)
    {
        var findings = Errors(Service.Replace("timeoutSeconds: 10800", timeout, StringComparison.Ordinal));
        findings.ShouldContain(f => f.Path == "spec.sessionAffinityConfig.clientIP.timeoutSeconds" && f.Rule == SchemaRules.MinMax,
            string.Join("\n", findings.Select(f => $"{f.Rule} {f.Path}: {f.Message}")));
    }
}
