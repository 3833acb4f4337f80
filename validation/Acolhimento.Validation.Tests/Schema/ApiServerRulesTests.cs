using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Schema;
using Acolhimento.Validation.Schema.ApiServer;
using Acolhimento.Validation.Yaml;
using Shouldly;

namespace Acolhimento.Validation.Tests.Schema;

[Trait("Category", "Unit")]
public sealed class ApiServerRulesTests
{
    private static IReadOnlyList<SchemaViolation> Check(string yaml)
    {
        var body = (YamlMapping)YamlReader.Read(yaml).Documents[0].Root!;
        return ApiServerRules.Check(body.String("apiVersion")!, body.String("kind")!, body);
    }

    private static SchemaViolation Single(string yaml, string rule)
    {
        var violations = Check(yaml);
        violations.Count.ShouldBe(1, string.Join("\n", violations.Select(v => $"{v.Rule} {v.Path}: {v.Message}")));
        violations[0].Rule.ShouldBe(rule);
        return violations[0];
    }

    private static string Deployment(string containers, string selector = "app: api", string labels = "app: api") => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
        spec:
          selector:
            matchLabels:
              {selector}
          template:
            metadata:
              labels:
                {labels}
            spec:
              containers:
        {containers}
        """;

    private const string ApiContainer = "        - name: api\n          image: x\n          ports:\n            - name: http\n              containerPort: 8080\n";

    [Fact]
    public void A_valid_deployment_passes() => Check(Deployment(ApiContainer)).ShouldBeEmpty();

    [Theory]
    [InlineData("v1", "ConfigMap", "Settings")]
    [InlineData("v1", "ConfigMap", "a_b")]
    [InlineData("v1", "Service", "1api")]
    [InlineData("v1", "Namespace", "a.b")]
    [InlineData("rbac.authorization.k8s.io/v1", "Role", "a/b")]
    public void Invalid_names_per_kind(string apiVersion, string kind, string name) =>
        Single($"apiVersion: {apiVersion}\nkind: {kind}\nmetadata:\n  name: \"{name}\"\n", SchemaRules.InvalidName).Path.ToString().ShouldBe("metadata.name");

    [Theory]
    [InlineData("v1", "ConfigMap", "settings.v2")]
    [InlineData("v1", "Namespace", "acolhimento")]
    [InlineData("rbac.authorization.k8s.io/v1", "ClusterRole", "system:aggregate-to-view")]
    public void Valid_names_per_kind(string apiVersion, string kind, string name) =>
        Check($"apiVersion: {apiVersion}\nkind: {kind}\nmetadata:\n  name: \"{name}\"\n").ShouldBeEmpty();

    [Fact]
    public void CronJob_names_are_limited_to_52_characters() =>
        Single($"apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: {new string('a', 53)}\n", SchemaRules.InvalidName).Message.ShouldContain("52");

    [Fact]
    public void Invalid_namespace() =>
        Single("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: Acolhimento\n", SchemaRules.InvalidName).Path.ToString().ShouldBe("metadata.namespace");

    [Theory]
    [InlineData("bad key: x")]
    [InlineData("example.com/: x")]
    [InlineData("a/b/c: x")]
    [InlineData("ok: \"-starts-with-dash\"")]
    [InlineData("ok: \"has space\"")]
    public void Invalid_labels(string label) =>
        Single($"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels:\n    {label}\n", SchemaRules.InvalidLabel);

    [Fact]
    public void Label_value_longer_than_63_characters() =>
        Single($"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels:\n    k: {new string('v', 64)}\n", SchemaRules.InvalidLabel).Message.ShouldContain("63");

    [Fact]
    public void Invalid_annotation_key_and_total_size()
    {
        Single("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  annotations:\n    \"not valid!\": x\n", SchemaRules.InvalidAnnotation);
        Single($"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  annotations:\n    big: {new string('x', 262_145)}\n", SchemaRules.InvalidAnnotation).Message.ShouldContain("256 KiB");
    }

    [Fact]
    public void Pod_template_labels_are_checked_too() =>
        Single(Deployment(ApiContainer, selector: "app: api", labels: "app: api\n        bad key: x"), SchemaRules.InvalidLabel).Path.ToString().ShouldStartWith("spec.template.metadata.labels");

    [Fact]
    public void Duplicate_container_names_across_init_and_app_containers()
    {
        var yaml = Deployment(ApiContainer + "        - name: api\n          image: y\n");
        Single(yaml, SchemaRules.DuplicateContainer).Path.ToString().ShouldBe("spec.template.spec.containers[1].name");
    }

    [Theory]
    [InlineData("Api")]
    [InlineData("api_server")]
    public void Invalid_container_name(string name) =>
        Single(Deployment($"        - name: {name}\n          image: x\n"), SchemaRules.InvalidName);

    [Theory]
    [InlineData("containerPort: 0")]
    [InlineData("containerPort: 70000")]
    public void Container_port_range(string port) =>
        Single(Deployment($"        - name: api\n          image: x\n          ports:\n            - {port}\n"), SchemaRules.PortRange);

    [Theory]
    [InlineData("http_port")]
    [InlineData("a-very-long-port-name")]
    [InlineData("8080")]
    public void Invalid_port_names(string name) =>
        Single(Deployment($"        - name: api\n          image: x\n          ports:\n            - name: \"{name}\"\n              containerPort: 80\n"), SchemaRules.InvalidName);

    [Fact]
    public void Duplicate_port_name_in_a_container_is_an_error_and_duplicate_container_port_a_warning()
    {
        var violations = Check(Deployment("        - name: api\n          image: x\n          ports:\n            - name: http\n              containerPort: 80\n            - name: http\n              containerPort: 80\n"));
        violations.Select(v => (v.Rule, v.Severity)).ShouldBe([(SchemaRules.DuplicatePort, Severity.Warning), (SchemaRules.DuplicatePort, Severity.Error)], ignoreOrder: true);
    }

    [Fact]
    public void Duplicate_host_port_in_a_pod() =>
        Single(Deployment("        - name: a\n          image: x\n          ports:\n            - {containerPort: 80, hostPort: 8080}\n        - name: b\n          image: x\n          ports:\n            - {containerPort: 81, hostPort: 8080}\n"), SchemaRules.DuplicatePort);

    [Fact]
    public void Probe_port_must_be_in_range_or_a_valid_name() =>
        Single(Deployment("        - name: api\n          image: x\n          livenessProbe:\n            httpGet: {path: /, port: 0}\n"), SchemaRules.PortRange);

    [Fact]
    public void Selector_must_match_the_template_labels()
    {
        var v = Single(Deployment(ApiContainer, selector: "app: web"), SchemaRules.SelectorMismatch);
        v.Path.ToString().ShouldBe("spec.template.metadata.labels"); // where the API server reports it
        v.Message.ShouldContain("app=web");
    }

    [Fact]
    public void Selector_match_expressions_are_evaluated()
    {
        var yaml = Deployment(ApiContainer, selector: "app: api\n    matchExpressions:\n      - {key: tier, operator: In, values: [backend]}");
        Single(yaml, SchemaRules.SelectorMismatch).Message.ShouldContain("tier In");
        Check(Deployment(ApiContainer, selector: "app: api\n    matchExpressions:\n      - {key: tier, operator: DoesNotExist}")).ShouldBeEmpty();
    }

    [Fact]
    public void Empty_selector_is_rejected() =>
        Single(Deployment(ApiContainer).Replace("    matchLabels:\n      app: api\n", "    matchLabels: {}\n"), SchemaRules.SelectorMismatch).Message.ShouldContain("empty");

    [Fact]
    public void Service_ports()
    {
        const string head = "apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  selector: {app: api}\n  ports:\n";
        Check(head + "    - {name: http, port: 80, targetPort: http}\n    - {name: grpc, port: 81, targetPort: 9000}\n").ShouldBeEmpty();
        Single(head + "    - {port: 80}\n    - {name: b, port: 81}\n", SchemaRules.RequiredField);
        Single(head + "    - {name: a, port: 80}\n    - {name: b, port: 80}\n", SchemaRules.DuplicatePort);
        Single(head + "    - {name: a, port: 80}\n    - {name: a, port: 81}\n", SchemaRules.DuplicatePort);
        Single(head + "    - {name: a, port: 80000}\n", SchemaRules.PortRange);
        Single(head + "    - {name: a, port: 80, targetPort: Not_A_Name}\n", SchemaRules.InvalidName);
        Single(head + "    - {name: a, port: 80, targetPort: 70000}\n", SchemaRules.PortRange);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("\"\"")]
    public void Service_target_port_zero_or_empty_defaults_to_the_port(string targetPort) =>
        Check($"apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  ports:\n    - {{port: 80, targetPort: {targetPort}}}\n").ShouldBeEmpty();

    [Fact]
    public void Annotation_size_is_counted_in_utf8_bytes()
    {
        // 100,000 three-byte characters: 300,000 bytes, more than the 256 KiB the API server accepts.
        var value = new string('\u20ac', 100_000);
        Single($"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  annotations:\n    big: {value}\n", SchemaRules.InvalidAnnotation).Message.ShouldContain("300003 bytes");
    }

    private static string WithResources(string resources) =>
        Deployment("        - name: api\n          image: x\n          resources:\n" + string.Concat(resources.Split('\n').Select(l => "            " + l + "\n")));

    [Theory]
    [InlineData("requests: {cpu: 500m, memory: 1Gi}\nlimits: {cpu: 1, memory: 1Gi}")]
    [InlineData("requests: {cpu: \"0.5\", memory: 1024Mi}\nlimits: {cpu: 500m, memory: 1Gi}")]
    [InlineData("requests: {cpu: 2}")]
    [InlineData("limits: {nvidia.com/gpu: 1}")]
    [InlineData("requests: {nvidia.com/gpu: 2}\nlimits: {nvidia.com/gpu: 2}")]
    [InlineData("requests: {cpu: \"99999999999999999999999999999999999Ei\"}\nlimits: {cpu: 1}")]
    public void Resource_requirements_the_api_server_accepts(string resources) => Check(WithResources(resources)).ShouldBeEmpty();

    [Theory]
    [InlineData("requests: {cpu: 2}\nlimits: {cpu: 1500m}", "requests.cpu", "less than or equal to")]
    [InlineData("requests: {memory: 2Gi}\nlimits: {memory: 1Gi}", "requests.memory", "less than or equal to")]
    [InlineData("requests: {memory: -1Gi}", "requests.memory", "greater than or equal to 0")]
    [InlineData("limits: {cpu: -1}", "limits.cpu", "greater than or equal to 0")]
    [InlineData("limits: {nvidia.com/gpu: 500m}", "limits[\"nvidia.com/gpu\"]", "whole number")]
    [InlineData("requests: {nvidia.com/gpu: 1}\nlimits: {nvidia.com/gpu: 2}", "requests[\"nvidia.com/gpu\"]", "equal to")]
    [InlineData("requests: {nvidia.com/gpu: 1}", "requests[\"nvidia.com/gpu\"]", "limit must be set")]
    public void Resource_requirements_the_api_server_rejects(string resources, string field, string message)
    {
        var v = Single(WithResources(resources), SchemaRules.ResourceRequirements);
        v.Path.ToString().ShouldBe("spec.template.spec.containers[0].resources." + field);
        v.Message.ShouldContain(message);
    }

    [Fact]
    public void Init_container_resources_are_checked_too() =>
        Single(Deployment(ApiContainer).Replace("      containers:\n", "      initContainers:\n        - name: init\n          image: x\n          resources: {requests: {cpu: 2}, limits: {cpu: 1}}\n      containers:\n"), SchemaRules.ResourceRequirements)
            .Path.ToString().ShouldBe("spec.template.spec.initContainers[0].resources.requests.cpu");

    [Fact]
    public void Manifest_text_in_a_message_stays_on_one_line()
    {
        var violations = Check("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \"a\\nb\"\n  labels:\n    \"k\\tx\": \"line1\\nline2\"\n");
        violations.Select(v => v.Rule).ShouldBe([SchemaRules.InvalidName, SchemaRules.InvalidLabel, SchemaRules.InvalidLabel]);
        violations.ShouldAllBe(v => !v.Message.Contains('\n') && !v.Message.Contains('\t'));
        violations[0].Message.ShouldContain("\"a\\nb\"");
    }
    private static string Job(string name, string spec = "") =>
        $"apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {name}\nspec:\n{spec}  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - {{name: a, image: x}}\n";

    [Fact]
    public void Job_names_are_limited_to_63_characters_as_they_become_the_job_name_label()
    {
        var v = Single(Job(new string('j', 64)), SchemaRules.InvalidName);
        v.Path.ToString().ShouldBe("metadata.name");
        v.Message.ShouldContain("batch.kubernetes.io/job-name");
        Check(Job(new string('j', 63))).ShouldBeEmpty();
    }

    [Fact]
    public void A_job_with_a_manual_selector_gets_no_generated_labels_so_its_name_may_be_longer() =>
        Check(Job(new string('j', 64), "  manualSelector: true\n  selector:\n    matchLabels: {a: b}\n").Replace("    spec:\n      restartPolicy", "    metadata:\n      labels: {a: b}\n    spec:\n      restartPolicy", StringComparison.Ordinal))
            .ShouldBeEmpty();

    [Theory]
    [InlineData("{key: tier, operator: NotIn}", SchemaRules.SelectorMismatch, "spec.selector.matchExpressions[0].values")]
    [InlineData("{key: tier, operator: NotIn, values: []}", SchemaRules.SelectorMismatch, "spec.selector.matchExpressions[0].values")]
    [InlineData("{key: tier, operator: Exists, values: [backend]}", SchemaRules.SelectorMismatch, "spec.selector.matchExpressions[0].values")]
    [InlineData("{key: tier, operator: DoesNotExist, values: [backend]}", SchemaRules.SelectorMismatch, "spec.selector.matchExpressions[0].values")]
    public void Selector_match_expressions_need_values_that_agree_with_the_operator(string expression, string rule, string path) =>
        Single(Deployment(ApiContainer, selector: "app: api\n    matchExpressions:\n      - " + expression), rule).Path.ToString().ShouldBe(path);

    [Fact]
    public void In_without_values_is_reported_as_invalid_not_as_a_selector_that_misses_the_template() =>
        Single(Deployment(ApiContainer, selector: "app: api\n    matchExpressions:\n      - {key: app, operator: In}"), SchemaRules.SelectorMismatch)
            .Message.ShouldContain("values");

    [Theory]
    [InlineData("postStart", "{}")]
    [InlineData("preStop", "{exec: {command: [a]}, sleep: {seconds: 1}}")]
    public void Lifecycle_handlers_need_exactly_one_action(string hook, string handler)
    {
        var v = Single(Deployment($"        - name: api\n          image: x\n          lifecycle:\n            {hook}: {handler}\n"), SchemaRules.Alternatives);
        v.Path.ToString().ShouldBe($"spec.template.spec.containers[0].lifecycle.{hook}");
    }

    [Theory]
    [InlineData("postStart", "httpGet: {path: /, port: 70000}", "httpGet.port")]
    [InlineData("preStop", "tcpSocket: {port: 0}", "tcpSocket.port")]
    public void Lifecycle_handler_ports_must_be_in_range(string hook, string handler, string field) =>
        Single(Deployment($"        - name: api\n          image: x\n          lifecycle:\n            {hook}:\n              {handler}\n"), SchemaRules.PortRange)
            .Path.ToString().ShouldBe($"spec.template.spec.containers[0].lifecycle.{hook}.{field}");

    [Fact]
    public void Lifecycle_handler_port_names_are_checked() =>
        Single(Deployment("        - name: api\n          image: x\n          lifecycle:\n            preStop:\n              httpGet: {path: /, port: Not_A_Name}\n"), SchemaRules.InvalidName);

    [Fact]
    public void Probes_need_exactly_one_action() =>
        Single(Deployment("        - name: api\n          image: x\n          readinessProbe:\n            httpGet: {path: /, port: 80}\n            tcpSocket: {port: 80}\n"), SchemaRules.Alternatives)
            .Path.ToString().ShouldBe("spec.template.spec.containers[0].readinessProbe");

    [Fact]
    public void Valid_lifecycle_handlers_pass() =>
        Check(Deployment("        - name: api\n          image: x\n          lifecycle:\n            postStart: {exec: {command: [a]}}\n            preStop: {sleep: {seconds: 5}}\n")).ShouldBeEmpty();
}
