using System.Globalization;
using System.Text;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Schema;

/// <summary>
/// Checks every API server makes that OpenAPI does not encode, kept to a focused list: object name and namespace
/// syntax per kind, label and annotation syntax and size, container and port names and ranges, unique container names
/// and ports within a pod, container resource requirements (<see cref="ResourceRequirementRules"/>), Service ports, and
/// workload selectors that must select their own pod template.
/// </summary>
public static class ApiServerRules
{
    private const string Core = "";
    private const string Apps = "apps";
    private const string Batch = "batch";
    private const string Rbac = "rbac.authorization.k8s.io";

    public static IReadOnlyList<SchemaViolation> Check(string apiVersion, string kind, YamlMapping body)
    {
        var violations = new List<SchemaViolation>();
        var group = SchemaCatalog.GroupOf(apiVersion);
        var metadataPath = ObjectPath.Of("metadata");
        if (body.Mapping("metadata") is { } metadata)
        {
            // Without a manual selector the API server labels a Job's pods with the Job's name (see CheckName).
            var generatesJobNameLabel = body.Mapping("spec")?.Boolean("manualSelector") != true;
            CheckName(group, kind, metadata, metadataPath, generatesJobNameLabel, violations);
            CheckMetadataMaps(metadata, metadataPath, violations);
        }
        foreach (var template in PodTemplates(group, kind, body))
        {
            if (template.Metadata is { } templateMetadata) CheckMetadataMaps(templateMetadata, template.MetadataPath, violations);
            if (template.Spec is { } spec) CheckPodSpec(spec, template.SpecPath, violations);
        }
        if (group == Core && kind == "Service" && body.Mapping("spec") is { } serviceSpec) CheckService(serviceSpec, ObjectPath.Of("spec"), violations);
        CheckSelector(group, kind, body, violations);
        return violations;
    }

    private sealed record PodTemplate(YamlMapping? Metadata, ObjectPath MetadataPath, YamlMapping? Spec, ObjectPath SpecPath);

    private static IEnumerable<PodTemplate> PodTemplates(string group, string kind, YamlMapping body)
    {
        switch (group, kind)
        {
            case (Core, "Pod"):
                yield return new PodTemplate(null, ObjectPath.Root, body.Mapping("spec"), ObjectPath.Of("spec"));
                break;
            case (Core, "PodTemplate"):
                yield return Template(body.Mapping("template"), ObjectPath.Of("template"));
                break;
            case (Core, "ReplicationController") or (Apps, "Deployment" or "ReplicaSet" or "StatefulSet" or "DaemonSet") or (Batch, "Job"):
                yield return Template(body.Mapping("spec")?.Mapping("template"), ObjectPath.Of("spec", "template"));
                break;
            case (Batch, "CronJob"):
                var jobTemplate = body.Mapping("spec")?.Mapping("jobTemplate");
                if (jobTemplate?.Mapping("metadata") is { } jobMetadata) yield return new PodTemplate(jobMetadata, ObjectPath.Of("spec", "jobTemplate", "metadata"), null, ObjectPath.Root);
                yield return Template(jobTemplate?.Mapping("spec")?.Mapping("template"), ObjectPath.Of("spec", "jobTemplate", "spec", "template"));
                break;
        }
    }

    private static PodTemplate Template(YamlMapping? template, ObjectPath path) =>
        new(template?.Mapping("metadata"), path.Key("metadata"), template?.Mapping("spec"), path.Key("spec"));

    private static void CheckName(string group, string kind, YamlMapping metadata, ObjectPath path, bool generatesJobNameLabel, List<SchemaViolation> violations)
    {
        if (StringAt(metadata, "name") is { } name)
        {
            var (rule, description) = (group, kind) switch
            {
                (Core, "Namespace") => ((Func<string, string?>)NameRules.Dns1123Label, "Namespace names"),
                (Core, "Service") => (NameRules.Dns1035Label, "Service names"),
                (Rbac, "Role" or "ClusterRole" or "RoleBinding" or "ClusterRoleBinding") => (NameRules.PathSegmentName, $"{kind} names"),
                _ => (NameRules.Dns1123Subdomain, $"{kind} names"),
            };
            if (rule(name) is { } problem)
            {
                violations.Add(new SchemaViolation(SchemaRules.InvalidName, $"metadata.name {MessageText.Quote(name)} is not valid: {description} {problem}", path.Key("name")));
            }
            else if (group == Batch && kind == "CronJob" && name.Length > 52)
            {
                violations.Add(new SchemaViolation(SchemaRules.InvalidName, $"metadata.name {MessageText.Quote(name)} is not valid: CronJob names must be no more than 52 characters (it has {name.Length}), as the controller appends a suffix to its Jobs", path.Key("name")));
            }
            else if (group == Batch && kind == "Job" && generatesJobNameLabel && name.Length > NameRules.LabelValueMaxLength)
            {
                // The API server adds job-name and batch.kubernetes.io/job-name = metadata.name to the pod template's
                // labels before validating them, so a longer name fails as a label value.
                violations.Add(new SchemaViolation(SchemaRules.InvalidName, $"metadata.name {MessageText.Quote(name)} is not valid: Job names must be no more than {NameRules.LabelValueMaxLength} characters (it has {name.Length}), as the API server copies the name into the pods' job-name and batch.kubernetes.io/job-name labels", path.Key("name")));
            }
        }
        if (StringAt(metadata, "namespace") is { } ns && NameRules.Dns1123Label(ns) is { } nsProblem)
        {
            violations.Add(new SchemaViolation(SchemaRules.InvalidName, $"metadata.namespace {MessageText.Quote(ns)} is not valid: namespace names {nsProblem}", path.Key("namespace")));
        }
    }

    private static void CheckMetadataMaps(YamlMapping metadata, ObjectPath path, List<SchemaViolation> violations)
    {
        if (metadata.Mapping("labels") is { } labels) CheckLabels(labels, path.Key("labels"), violations);
        if (metadata.Mapping("annotations") is not { } annotations) return;
        var annotationsPath = path.Key("annotations");
        long total = 0;
        foreach (var entry in annotations.Entries)
        {
            var key = entry.Key.Value;
            if (NameRules.QualifiedName(key) is { } problem)
            {
                violations.Add(new SchemaViolation(SchemaRules.InvalidAnnotation, $"annotation key {MessageText.Quote(key)} in {annotationsPath} is not valid: it {problem}", annotationsPath.Key(key)));
            }
            // The limit is on bytes (Go's len), not characters.
            total += Encoding.UTF8.GetByteCount(key) + (entry.Value is YamlScalar s ? Encoding.UTF8.GetByteCount(s.Value) : 0);
        }
        if (total > NameRules.TotalAnnotationSizeLimit)
        {
            violations.Add(new SchemaViolation(SchemaRules.InvalidAnnotation, $"{annotationsPath} are {total} bytes in total; the API server accepts at most {NameRules.TotalAnnotationSizeLimit} (256 KiB)", annotationsPath));
        }
    }

    private static void CheckLabels(YamlMapping labels, ObjectPath path, List<SchemaViolation> violations)
    {
        foreach (var entry in labels.Entries)
        {
            var key = entry.Key.Value;
            if (NameRules.QualifiedName(key) is { } keyProblem)
            {
                violations.Add(new SchemaViolation(SchemaRules.InvalidLabel, $"label key {MessageText.Quote(key)} in {path} is not valid: it {keyProblem}", path.Key(key)));
            }
            if (entry.Value is YamlScalar { IsNull: false } value && NameRules.LabelValue(value.Value) is { } valueProblem)
            {
                violations.Add(new SchemaViolation(SchemaRules.InvalidLabel, $"label value {MessageText.Quote(value.Value)} of {MessageText.Quote(key)} in {path} is not valid: it {valueProblem}", path.Key(key)));
            }
        }
    }

    private static void CheckPodSpec(YamlMapping spec, ObjectPath path, List<SchemaViolation> violations)
    {
        var containerNames = new Dictionary<string, ObjectPath>(StringComparer.Ordinal);
        var hostPorts = new Dictionary<string, ObjectPath>(StringComparer.Ordinal);
        var containerPorts = new Dictionary<string, ObjectPath>(StringComparer.Ordinal);
        foreach (var list in new[] { "initContainers", "containers", "ephemeralContainers" })
        {
            if (spec.Sequence(list) is not { } containers) continue;
            for (var i = 0; i < containers.Items.Count; i++)
            {
                if (containers.Items[i] is not YamlMapping container) continue;
                var containerPath = path.Key(list).Index(i);
                if (StringAt(container, "name") is { } name)
                {
                    if (NameRules.Dns1123Label(name) is { } problem)
                    {
                        violations.Add(new SchemaViolation(SchemaRules.InvalidName, $"container name {MessageText.Quote(name)} is not valid: it {problem}", containerPath.Key("name")));
                    }
                    if (containerNames.TryGetValue(name, out var first))
                    {
                        violations.Add(new SchemaViolation(SchemaRules.DuplicateContainer, $"container name {MessageText.Quote(name)} is used twice in the pod ({first} and {containerPath}); container names must be unique across containers, initContainers and ephemeralContainers", containerPath.Key("name")));
                    }
                    else
                    {
                        containerNames[name] = containerPath;
                    }
                }
                CheckContainerPorts(container, containerPath, hostPorts, containerPorts, violations);
                if (container.Mapping("resources") is { } resources) ResourceRequirementRules.Check(resources, containerPath.Key("resources"), violations);
                foreach (var probe in new[] { "livenessProbe", "readinessProbe", "startupProbe" })
                {
                    if (container.Mapping(probe) is { } p) CheckHandler(p, containerPath.Key(probe), ProbeActions, "probe", violations);
                }
                foreach (var hook in new[] { "postStart", "preStop" })
                {
                    if (container.Mapping("lifecycle")?.Mapping(hook) is { } h) CheckHandler(h, containerPath.Key("lifecycle").Key(hook), LifecycleActions, "lifecycle handler", violations);
                }
            }
        }
    }

    private static void CheckContainerPorts(YamlMapping container, ObjectPath containerPath, Dictionary<string, ObjectPath> hostPorts, Dictionary<string, ObjectPath> containerPorts, List<SchemaViolation> violations)
    {
        if (container.Sequence("ports") is not { } ports) return;
        var portNames = new Dictionary<string, ObjectPath>(StringComparer.Ordinal);
        for (var j = 0; j < ports.Items.Count; j++)
        {
            if (ports.Items[j] is not YamlMapping port) continue;
            var portPath = containerPath.Key("ports").Index(j);
            var protocol = StringAt(port, "protocol") ?? "TCP";
            if (port.Integer("containerPort") is { } containerPort)
            {
                if (containerPort is < 1 or > 65535) violations.Add(PortOutOfRange(portPath.Key("containerPort"), containerPort, "containerPort"));
                var key = $"{containerPort}/{protocol}";
                if (containerPorts.TryGetValue(key, out var first))
                {
                    // The API server accepts this with a warning: only one of the two can be reached.
                    violations.Add(new SchemaViolation(SchemaRules.DuplicatePort, $"containerPort {key} is declared twice in the pod ({first} and {portPath})", portPath.Key("containerPort"), Severity.Warning));
                }
                else
                {
                    containerPorts[key] = portPath;
                }
            }
            if (port.Integer("hostPort") is { } hostPort and not 0)
            {
                if (hostPort is < 1 or > 65535) violations.Add(PortOutOfRange(portPath.Key("hostPort"), hostPort, "hostPort"));
                var key = $"{StringAt(port, "hostIP") ?? ""}:{hostPort}/{protocol}";
                if (hostPorts.TryGetValue(key, out var first))
                {
                    violations.Add(new SchemaViolation(SchemaRules.DuplicatePort, $"hostPort {hostPort}/{protocol} is declared twice in the pod ({first} and {portPath}); host ports must be unique", portPath.Key("hostPort")));
                }
                else
                {
                    hostPorts[key] = portPath;
                }
            }
            if (StringAt(port, "name") is { } name)
            {
                if (NameRules.IanaServiceName(name) is { } problem)
                {
                    violations.Add(new SchemaViolation(SchemaRules.InvalidName, $"port name {MessageText.Quote(name)} is not valid: it {problem}", portPath.Key("name")));
                }
                if (portNames.TryGetValue(name, out var first))
                {
                    violations.Add(new SchemaViolation(SchemaRules.DuplicatePort, $"port name {MessageText.Quote(name)} is used twice in one container ({first} and {portPath})", portPath.Key("name")));
                }
                else
                {
                    portNames[name] = portPath;
                }
            }
        }
    }

    private static readonly string[] ProbeActions = ["exec", "httpGet", "tcpSocket", "grpc"];
    private static readonly string[] LifecycleActions = ["exec", "httpGet", "tcpSocket", "sleep"];

    /// <summary>A probe or lifecycle handler: exactly one action (the API server's validateHandler), and ports in range.</summary>
    private static void CheckHandler(YamlMapping handler, ObjectPath path, string[] actions, string what, List<SchemaViolation> violations)
    {
        var set = actions.Where(a => handler[a] is { } value && value is not YamlScalar { IsNull: true }).ToList();
        if (set.Count != 1)
        {
            var found = set.Count == 0 ? "no action" : $"{set.Count} actions ({string.Join(", ", set)})";
            violations.Add(new SchemaViolation(SchemaRules.Alternatives, $"{path} specifies {found}; a {what} must specify exactly one of {string.Join(", ", actions)}", path));
        }
        foreach (var action in new[] { "httpGet", "tcpSocket", "grpc" }.Intersect(actions))
        {
            if (handler.Mapping(action)?["port"] is YamlScalar port) CheckPortReference(port, path.Key(action).Key("port"), allowName: action != "grpc", violations);
        }
    }

    /// <summary>A port given as a number (1–65535) or, where allowed, by the name of a container port.</summary>
    private static void CheckPortReference(YamlScalar port, ObjectPath path, bool allowName, List<SchemaViolation> violations)
    {
        if (port.Kind == ScalarKind.Int && ScalarResolution.TryParseInt(port.Value, out var number))
        {
            if (number is < 1 or > 65535) violations.Add(PortOutOfRange(path, number, path.Segments[^1].ToString()!));
        }
        else if (port.Kind == ScalarKind.String && allowName && NameRules.IanaServiceName(port.Value) is { } problem)
        {
            violations.Add(new SchemaViolation(SchemaRules.InvalidName, $"{path} refers to port name {MessageText.Quote(port.Value)}, which is not a valid port name: it {problem}", path));
        }
    }

    private static void CheckService(YamlMapping spec, ObjectPath path, List<SchemaViolation> violations)
    {
        if (spec.Mapping("selector") is { } selector) CheckLabels(selector, path.Key("selector"), violations);
        if (spec.Sequence("ports") is not { } ports) return;
        var names = new Dictionary<string, ObjectPath>(StringComparer.Ordinal);
        var numbers = new Dictionary<string, ObjectPath>(StringComparer.Ordinal);
        for (var i = 0; i < ports.Items.Count; i++)
        {
            if (ports.Items[i] is not YamlMapping port) continue;
            var portPath = path.Key("ports").Index(i);
            var protocol = StringAt(port, "protocol") ?? "TCP";
            if (port.Integer("port") is { } number)
            {
                if (number is < 1 or > 65535) violations.Add(PortOutOfRange(portPath.Key("port"), number, "port"));
                var key = $"{number}/{protocol}";
                if (numbers.TryGetValue(key, out var first))
                {
                    violations.Add(new SchemaViolation(SchemaRules.DuplicatePort, $"Service port {key} is declared twice ({first} and {portPath})", portPath.Key("port")));
                }
                else
                {
                    numbers[key] = portPath;
                }
            }
            if (port.Integer("nodePort") is { } nodePort and not 0 && nodePort is < 1 or > 65535) violations.Add(PortOutOfRange(portPath.Key("nodePort"), nodePort, "nodePort"));
            // The API server defaults a targetPort of 0 or "" to the port itself before validating.
            if (port["targetPort"] is YamlScalar targetPort && !IsDefaultedTargetPort(targetPort))
            {
                CheckPortReference(targetPort, portPath.Key("targetPort"), allowName: true, violations);
            }
            var name = StringAt(port, "name");
            if (name is null)
            {
                if (ports.Items.Count > 1)
                {
                    violations.Add(new SchemaViolation(SchemaRules.RequiredField, $"{portPath} has no name; a Service with more than one port must name each of them", portPath));
                }
                continue;
            }
            if (NameRules.Dns1123Label(name) is { } problem)
            {
                violations.Add(new SchemaViolation(SchemaRules.InvalidName, $"Service port name {MessageText.Quote(name)} is not valid: it {problem}", portPath.Key("name")));
            }
            if (names.TryGetValue(name, out var firstName))
            {
                violations.Add(new SchemaViolation(SchemaRules.DuplicatePort, $"Service port name {MessageText.Quote(name)} is used twice ({firstName} and {portPath})", portPath.Key("name")));
            }
            else
            {
                names[name] = portPath;
            }
        }
    }

    private static void CheckSelector(string group, string kind, YamlMapping body, List<SchemaViolation> violations)
    {
        var spec = body.Mapping("spec");
        if (spec is null) return;
        var templateLabels = spec.Mapping("template")?.Mapping("metadata")?.Mapping("labels");
        var selectorPath = ObjectPath.Of("spec", "selector");
        switch (group, kind)
        {
            case (Apps, "Deployment" or "ReplicaSet" or "StatefulSet" or "DaemonSet"):
            case (Batch, "Job") when spec.Boolean("manualSelector") == true:
                if (spec.Mapping("selector") is not { } selector) return;
                CheckLabelSelector(selector, selectorPath, templateLabels, violations);
                break;
            case (Core, "ReplicationController"):
                if (spec.Mapping("selector") is not { } map) return;
                CheckLabels(map, selectorPath, violations);
                var missing = map.Entries.Where(e => !Has(templateLabels, e.Key.Value, e.Value)).Select(e => $"{e.Key.Value}={(e.Value as YamlScalar)?.Value}").ToList();
                if (missing.Count > 0) violations.Add(SelectorMismatch(selectorPath, string.Join(", ", missing)));
                break;
        }
    }

    private static void CheckLabelSelector(YamlMapping selector, ObjectPath path, YamlMapping? templateLabels, List<SchemaViolation> violations)
    {
        var matchLabels = selector.Mapping("matchLabels");
        var expressions = selector.Sequence("matchExpressions");
        if ((matchLabels?.Entries.Count ?? 0) == 0 && (expressions?.Items.Count ?? 0) == 0)
        {
            violations.Add(new SchemaViolation(SchemaRules.SelectorMismatch, $"{path} is empty; a workload must select its pods with matchLabels or matchExpressions", path));
            return;
        }
        var unmet = new List<string>();
        if (matchLabels is not null)
        {
            CheckLabels(matchLabels, path.Key("matchLabels"), violations);
            unmet.AddRange(matchLabels.Entries.Where(e => !Has(templateLabels, e.Key.Value, e.Value)).Select(e => $"{e.Key.Value}={(e.Value as YamlScalar)?.Value}"));
        }
        for (var i = 0; expressions is not null && i < expressions.Items.Count; i++)
        {
            if (expressions.Items[i] is not YamlMapping expression || StringAt(expression, "key") is not { } key) continue;
            var expressionPath = path.Key("matchExpressions").Index(i);
            if (NameRules.QualifiedName(key) is { } keyProblem)
            {
                violations.Add(new SchemaViolation(SchemaRules.InvalidLabel, $"label key {MessageText.Quote(key)} in {expressionPath} is not valid: it {keyProblem}", expressionPath.Key("key")));
            }
            var values = expression.Sequence("values")?.Items.OfType<YamlScalar>().Select(v => v.Value).ToList() ?? [];
            foreach (var value in values.Where(v => NameRules.LabelValue(v) is not null))
            {
                violations.Add(new SchemaViolation(SchemaRules.InvalidLabel, $"label value {MessageText.Quote(value)} in {expressionPath}.values is not valid: it {NameRules.LabelValue(value)}", expressionPath.Key("values")));
            }
            var actual = templateLabels?[key] is YamlScalar { IsNull: false } label ? label.Value : null;
            var operatorName = StringAt(expression, "operator");
            bool? satisfied = operatorName switch
            {
                "In" => actual is not null && values.Contains(actual),
                "NotIn" => actual is null || !values.Contains(actual),
                "Exists" => actual is not null,
                "DoesNotExist" => actual is null,
                _ => null,
            };
            if (satisfied is null)
            {
                violations.Add(new SchemaViolation(SchemaRules.SelectorMismatch, $"{expressionPath}.operator must be In, NotIn, Exists or DoesNotExist, but is {MessageText.Quote(operatorName ?? "")}", expressionPath.Key("operator")));
            }
            else if (ValuesProblem(operatorName!, expression.Sequence("values")?.Items.Count ?? 0) is { } valuesProblem)
            {
                // The API server rejects the expression itself; whether it would select the template is then moot.
                violations.Add(new SchemaViolation(SchemaRules.SelectorMismatch, $"{expressionPath}.values {valuesProblem}", expressionPath.Key("values")));
            }
            else if (satisfied == false)
            {
                unmet.Add($"{key} {operatorName}{(values.Count > 0 ? " (" + string.Join(", ", values) + ")" : "")}");
            }
        }
        if (unmet.Count > 0) violations.Add(SelectorMismatch(path, string.Join("; ", unmet)));
    }

    /// <summary>ValidateLabelSelectorRequirement: In and NotIn need values, Exists and DoesNotExist take none.</summary>
    private static string? ValuesProblem(string operatorName, int count) => operatorName switch
    {
        "In" or "NotIn" when count == 0 => $"must be non-empty when the operator is {operatorName}",
        "Exists" or "DoesNotExist" when count > 0 => $"must be empty when the operator is {operatorName} (it has {count})",
        _ => null,
    };

    private static SchemaViolation SelectorMismatch(ObjectPath path, string unmet) =>
        new(SchemaRules.SelectorMismatch, $"{path} does not match the labels of spec.template.metadata.labels (not satisfied: {unmet}); the API server rejects a workload whose selector does not select its own pods", path);

    private static bool Has(YamlMapping? labels, string key, YamlNode expected) =>
        labels?[key] is YamlScalar actual && expected is YamlScalar e && actual.Value == e.Value;

    private static bool IsDefaultedTargetPort(YamlScalar port) =>
        (port.Kind == ScalarKind.Int && ScalarResolution.TryParseInt(port.Value, out var number) && number == 0)
        || (port.Kind == ScalarKind.String && port.Value.Length == 0);

    private static SchemaViolation PortOutOfRange(ObjectPath path, long value, string field) =>
        new(SchemaRules.PortRange, $"{field} {value.ToString(CultureInfo.InvariantCulture)} at {path} is out of range: ports must be between 1 and 65535", path);

    private static string? StringAt(YamlMapping mapping, string key) => mapping[key] is YamlScalar { Kind: ScalarKind.String } s ? s.Value : null;
}
