using Acolhimento.Validation.Policy;
using Acolhimento.Validation.Tests.Support;
using Shouldly;
using static Acolhimento.Validation.Tests.Policy.PolicyTestData;

namespace Acolhimento.Validation.Tests.Policy;

/// <summary>Objects with the wrong shapes in every field rules read: no rule may throw (policy/rule-failed) or hang.</summary>
[Trait("Category", "Policy")]
public sealed class HostileInputTests
{
    [Theory]
    [InlineData("spec: [not, a, mapping]")]
    [InlineData("spec:\n  template: 42")]
    [InlineData("spec:\n  template:\n    metadata: {labels: [a]}\n    spec:\n      containers: just-a-string\n      volumes: {a: b}\n      securityContext: 7")]
    [InlineData("spec:\n  template:\n    spec:\n      containers:\n        - 12\n        - name: [x]\n          image: {a: b}\n          ports: [80, {containerPort: http}]\n          resources: {limits: [cpu]}\n          securityContext: {capabilities: {add: [{x: y}], drop: ALL}, privileged: maybe}\n          livenessProbe: {httpGet: {port: {a: b}}}\n          env: [{valueFrom: {secretKeyRef: [x]}}]\n          envFrom: [{secretRef: {}}]")]
    [InlineData("spec:\n  template:\n    spec:\n      containers:\n        - name: c\n          env: [{name: DB_PASSWORD, value: [x]}, {name: URL, value: 'http://odd:0'}, {name: U2, value: 'http://odd:-1 odd: :80 http:// ://x @:@ odd::::80'}, {name: [x], value: 'odd:80'}, {name: TOKEN, valueFrom: {configMapKeyRef: {name: [x], key: {}}}}, {name: S, valueFrom: {secretKeyRef: {name: odd, key: data}}}]\n          envFrom: [{configMapRef: {name: odd}, prefix: [x]}, {secretRef: {name: odd}}, 7]")]
    [InlineData("spec:\n  replicas: many\n  selector: [x]\n  template:\n    spec:\n      containers: [{name: a, image: 'ghcr.io/x@', ports: [{containerPort: 99999999999999999999}]}]\n      imagePullSecrets: [{name: {}}]")]
    public void Malformed_workload_does_not_break_any_rule(string spec)
    {
        var yaml = $"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: odd\n  namespace: app\n{spec}\n";
        var cluster = Cluster(yaml + "---\n" + OddNeighbours);
        var findings = Stage().Run([cluster], Today);
        findings.ShouldNotContain(f => f.Rule == PolicyStageRules.RuleFailed, findings.Describe());
    }

    private const string OddNeighbours = """
        apiVersion: v1
        kind: Service
        metadata: {name: odd, namespace: app}
        spec: {selector: [a], ports: [{targetPort: {x: 1}}, 7]}
        ---
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: odd, namespace: app}
        spec: {minAvailable: "50%", maxUnavailable: [0], selector: {matchExpressions: [{key: a, operator: Weird}]}}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: odd, namespace: app}
        spec: {podSelector: {matchLabels: [x]}, policyTypes: Egress, egress: {a: b}}
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: odd, namespace: app, annotations: [x]}
        spec: {tls: {hosts: a}, rules: [{host: [a]}, {http: {paths: [{backend: {service: {name: odd, port: {number: x}}}}]}}]}
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: AppProject
        metadata: {name: odd, namespace: argocd}
        spec: {sourceRepos: "*", destinations: [x, {server: [y]}], clusterResourceWhitelist: {kind: "*"}}
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: odd, namespace: argocd}
        spec: {project: odd, source: {repoURL: "((((((((((((((((((((a", chart: x}, sources: [1], destination: [z], syncPolicy: {automated: yes}}
        ---
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: {name: odd, namespace: app}
        spec: {scaleTargetRef: [Deployment, odd]}
        ---
        apiVersion: monitoring.coreos.com/v1
        kind: ServiceMonitor
        metadata: {name: odd, namespace: app}
        spec: {namespaceSelector: {matchNames: x}, selector: 3, endpoints: {port: a}}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: odd, namespace: app}
        data: [a, b]
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: odd, namespace: app}
        data: {URL: [odd], PASSWORD: {a: b}, HOST: "odd.app.svc.cluster.local:80"}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: app, labels: {pod-security.kubernetes.io/enforce: [restricted]}}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: other, labels: [x]}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: odd-ports, namespace: app}
        spec: {podSelector: {}, policyTypes: [Ingress, Egress, 7], ingress: [7, {ports: 7}, {ports: [7, {port: [x]}, {port: 1, endPort: x}, {protocol: [UDP]}]}, {from: {a: b}}], egress: [{to: [{namespaceSelector: [x]}, {ipBlock: []}, {ipBlock: {cidr: [x]}}]}]}
        """;

    [Fact]
    public void Regex_like_repository_urls_are_matched_literally()
    {
        const string yaml = """
            apiVersion: argoproj.io/v1alpha1
            kind: AppProject
            metadata: {name: p, namespace: argocd}
            spec:
              sourceRepos: ["https://github.com/a/(b+)+$"]
              destinations: [{server: https://kubernetes.default.svc, namespace: ns}]
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: a, namespace: argocd}
            spec:
              project: p
              source: {repoURL: "https://github.com/a/(b+)+$", path: x, targetRevision: main}
              destination: {server: https://kubernetes.default.svc, namespace: ns}
            """;
        var findings = Stage().Run([Cluster(yaml)], Today);
        findings.ShouldNotContain(f => f.Rule == "policy/argocd-application-project" || f.Rule == PolicyStageRules.RuleFailed, findings.Describe());
    }

    [Fact]
    public void Failing_rule_becomes_a_finding_naming_it()
    {
        var stage = new PolicyStage([new ThrowingRule()], PolicyFixture.RepositoryConfiguration(), []);
        var finding = stage.Run([Cluster(CleanCluster)], Today).ShouldHaveSingle(PolicyStageRules.RuleFailed);
        finding.Message.ShouldContain("policy/test-throws");
        finding.Cluster.ShouldBe("dev");
    }

    private sealed class ThrowingRule : PolicyRule
    {
        public override RuleMetadata Metadata { get; } = new()
        {
            Id = "policy/test-throws", Area = "Test", Title = "Throws", Severity = Findings.Severity.Error, Rationale = "To test the guard.", Remediation = "None.",
        };

        public override IEnumerable<Findings.Finding> Evaluate(PolicyContext context) => throw new InvalidOperationException("boom");
    }
}
