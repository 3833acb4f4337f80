using Acolhimento.Validation.Policy;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Policy;

/// <summary>What the reachability rule reads from an environment value, and what its findings tell the reviewer.</summary>
[Trait("Category", "Policy")]
public sealed class NetworkReachabilityTests
{
    [Theory]
    [InlineData("http://llm:11434/api", "llm:11434")]
    [InlineData("http://llm", "llm:80")]
    [InlineData("https://llm.app.svc.cluster.local/v1", "llm.app.svc.cluster.local:443")]
    [InlineData("postgresql://user:p@ss:word@postgresql:5432/db?sslmode=disable", "postgresql:5432")]
    [InlineData("postgres://user@db", "db:5432")]
    [InlineData("kafka-0.kafka:9092,kafka-1.kafka:9092", "kafka-0.kafka:9092 kafka-1.kafka:9092")]
    [InlineData("redis:6379", "redis:6379")]
    [InlineData("--upstream=collector.observability:4317", "collector.observability:4317")]
    [InlineData("llama3.2:1b", "")]
    [InlineData("127.0.0.1:11434", "")]
    [InlineData("0.0.0.0:8080", "")]
    [InlineData("ftp://files", "")] // no default port known for the scheme
    [InlineData("host:99999", "")]
    [InlineData("", "")]
    public void Addresses_are_read_from_urls_and_host_port_pairs(string value, string expected)
    {
        string.Join(' ', DeclaredEndpoints.Addresses(value).Select(a => $"{a.Host}:{a.Port}")).ShouldBe(expected);
    }

    [Fact]
    public void Long_adversarial_value_is_read_in_linear_time()
    {
        var value = string.Concat(Enumerable.Repeat("a-a.a-a.", 200_000)) + ":" + new string('9', 100_000);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        DeclaredEndpoints.Addresses(value).ToList().ShouldBeEmpty();
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Findings_name_the_flow_and_each_policy_that_blocks_it()
    {
        var fixture = PolicyFixture.All().Single(f => f.RelativePath == "policy/tests/network-reachability/fail/blocked-flows.yaml");
        var context = new PolicyContext(fixture.Load("dev"), fixture.Configuration());
        var rule = RuleDiscovery.Discover().Single(r => r.Metadata.Id == "policy/network-reachability");
        var findings = PolicyStage.EvaluateRule(rule, context);
        findings.Count.ShouldBe(3, findings.Describe());

        findings[0].Message.ShouldBe("container api's LLM_URL names llm:11434 (Service llm): pod port 11434/TCP (http) is blocked: egress from Deployment api is admitted by none of NetworkPolicy api (policy/tests/network-reachability/fail/blocked-flows.yaml:27)");
        findings[1].Message.ShouldBe("container api's DATABASE_HOST names postgresql.data.svc.cluster.local:5432 (Service postgresql): pod port 5432/TCP (postgresql) is blocked: ingress to StatefulSet postgresql is admitted by none of NetworkPolicy postgresql (policy/tests/network-reachability/fail/blocked-flows.yaml:135)");
        findings[2].Message.ShouldBe("container api's CACHE_URL names cache:6380 (Service cache): the Service exposes port 6379, not 6380");
        findings.ShouldAllBe(f => f.Object!.Name == "api" && f.Object.Kind == "Deployment");
    }

    [Fact]
    public void Secret_values_in_git_declare_flows_but_never_appear_in_messages()
    {
        const string yaml = """
            apiVersion: v1
            kind: Secret
            metadata: {name: db, namespace: app}
            stringData:
              DATABASE_URL: postgresql://app:hunter2@postgresql:5432/app
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: api, namespace: app}
            spec:
              template:
                metadata: {labels: {app: api}}
                spec:
                  containers:
                    - name: api
                      envFrom: [{secretRef: {name: db}}]
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: deny, namespace: app}
            spec: {podSelector: {}, policyTypes: [Egress]}
            ---
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: postgresql, namespace: app}
            spec:
              template:
                metadata: {labels: {app: postgresql}}
                spec:
                  containers: [{name: postgresql, ports: [{containerPort: 5432}]}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: postgresql, namespace: app}
            spec: {selector: {app: postgresql}, ports: [{port: 5432}]}
            """;
        var rule = RuleDiscovery.Discover().Single(r => r.Metadata.Id == "policy/network-reachability");
        var findings = PolicyStage.EvaluateRule(rule, new PolicyContext(PolicyTestData.Cluster(yaml), PolicyFixture.RepositoryConfiguration()));
        var finding = findings.ShouldHaveSingle("policy/network-reachability");
        finding.Message.ShouldContain("egress from Deployment api is admitted by none of NetworkPolicy deny");
        finding.Message.ShouldNotContain("hunter2");
        finding.Path.ShouldBe("spec.template.spec.containers[0].envFrom[0]");
    }
}
