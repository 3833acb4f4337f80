using Acolhimento.Validation.Kubernetes;
using System.Globalization;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Schema.ApiServer;

/// <summary>
/// Cross-field checks of the apps, policy and autoscaling validation code: rolling-update parameters (apps
/// ValidateRollingUpdateDeployment, ValidateRollingUpdateDaemonSet, ValidateStatefulSetUpdateStrategy), a
/// PodDisruptionBudget's budget (policy ValidatePodDisruptionBudgetSpec), and an autoscaler's replica bounds and metric
/// sources (autoscaling validateHorizontalPodAutoscalerSpec, validateMetricSpec, validateMetricTarget).
/// </summary>
internal static class WorkloadSpecRules
{
    public static void Check(string group, string kind, YamlMapping spec, ObjectPath path, List<SchemaViolation> violations)
    {
        switch (group, kind)
        {
            case (ApiGroups.Apps, "Deployment"):
                if (spec.Mapping("strategy") is { } strategy) CheckRollingUpdate(strategy, path.Key("strategy"), "Recreate", violations);
                break;
            case (ApiGroups.Apps, "DaemonSet"):
                if (spec.Mapping("updateStrategy") is { } daemonStrategy) CheckRollingUpdate(daemonStrategy, path.Key("updateStrategy"), "OnDelete", violations);
                break;
            case (ApiGroups.Apps, "StatefulSet"):
                if (spec.Mapping("updateStrategy")?.Mapping("rollingUpdate")?["maxUnavailable"] is YamlScalar maxUnavailable)
                {
                    CheckIntOrPercent(maxUnavailable, path.Key("updateStrategy").Key("rollingUpdate").Key("maxUnavailable"), minimum: 1, violations);
                }
                break;
            case (ApiGroups.Policy, "PodDisruptionBudget"):
                CheckBudget(spec, path, violations);
                break;
            case (ApiGroups.Autoscaling, "HorizontalPodAutoscaler"):
                CheckAutoscaler(spec, path, violations);
                break;
        }
    }

    /// <summary>maxSurge and maxUnavailable: not negative, maxUnavailable at most 100 %, not both zero (the defaults are 25 %).</summary>
    private static void CheckRollingUpdate(YamlMapping strategy, ObjectPath path, string otherType, List<SchemaViolation> violations)
    {
        if (strategy.Mapping("rollingUpdate") is not { } rolling) return;
        var rollingPath = path.Key("rollingUpdate");
        if (ScalarText.StringAt(strategy, "type") == otherType)
        {
            violations.Add(new SchemaViolation(SchemaRules.Alternatives, $"{rollingPath} may not be specified when {path}.type is {otherType}", rollingPath));
            return;
        }
        var surge = rolling["maxSurge"] as YamlScalar;
        var unavailable = rolling["maxUnavailable"] as YamlScalar;
        var surgeValue = surge is null ? 25 : CheckIntOrPercent(surge, rollingPath.Key("maxSurge"), minimum: 0, violations);
        var unavailableValue = unavailable is null ? 25 : CheckIntOrPercent(unavailable, rollingPath.Key("maxUnavailable"), minimum: 0, violations);
        if (unavailable is not null && unavailable.Value.EndsWith('%') && unavailableValue > 100)
        {
            violations.Add(new SchemaViolation(SchemaRules.MinMax, $"{rollingPath}.maxUnavailable must not be greater than 100%", rollingPath.Key("maxUnavailable")));
        }
        if (surgeValue == 0 && unavailableValue == 0)
        {
            violations.Add(new SchemaViolation(SchemaRules.MinMax, $"{rollingPath}.maxUnavailable may not be 0 when maxSurge is 0: the rollout could never proceed", rollingPath.Key("maxUnavailable")));
        }
    }

    private static void CheckBudget(YamlMapping spec, ObjectPath path, List<SchemaViolation> violations)
    {
        if (spec["minAvailable"] is YamlScalar { IsNull: false } && spec["maxUnavailable"] is YamlScalar { IsNull: false })
        {
            violations.Add(new SchemaViolation(SchemaRules.Alternatives, $"{path} may set minAvailable or maxUnavailable, not both", path));
        }
        foreach (var field in new[] { "minAvailable", "maxUnavailable" })
        {
            if (spec[field] is not YamlScalar { IsNull: false } value) continue;
            var amount = CheckIntOrPercent(value, path.Key(field), minimum: 0, violations);
            if (value.Value.EndsWith('%') && amount > 100) violations.Add(new SchemaViolation(SchemaRules.MinMax, $"{path}.{field} must not be greater than 100%", path.Key(field)));
        }
    }

    private static void CheckAutoscaler(YamlMapping spec, ObjectPath path, List<SchemaViolation> violations)
    {
        if (spec.Integer("minReplicas") is { } min && spec.Integer("maxReplicas") is { } max && min > max)
        {
            violations.Add(new SchemaViolation(SchemaRules.MinMax, $"{path}.minReplicas ({min}) must be less than or equal to maxReplicas ({max})", path.Key("minReplicas")));
        }
        var metrics = spec.Sequence("metrics")?.Items ?? [];
        for (var i = 0; i < metrics.Count; i++)
        {
            if (metrics[i] is not YamlMapping metric || ScalarText.StringAt(metric, "type") is not { } type) continue;
            var metricPath = path.Key("metrics").Index(i);
            var source = type switch
            {
                "Resource" => "resource",
                "ContainerResource" => "containerResource",
                "Pods" => "pods",
                "Object" => "object",
                "External" => "external",
                _ => null,
            };
            if (source is null) continue;
            if (metric.Mapping(source) is not { } sourceSpec)
            {
                violations.Add(new SchemaViolation(SchemaRules.RequiredField, $"{metricPath} is missing the required field \"{source}\" (its type is {type})", metricPath));
                continue;
            }
            if (sourceSpec.Mapping("target") is { } target) CheckTarget(target, metricPath.Key(source).Key("target"), violations);
        }
    }

    /// <summary>A metric target sets the value its type names (Utilization → averageUtilization, AverageValue → averageValue, Value → value).</summary>
    private static void CheckTarget(YamlMapping target, ObjectPath path, List<SchemaViolation> violations)
    {
        var field = ScalarText.StringAt(target, "type") switch
        {
            "Utilization" => "averageUtilization",
            "AverageValue" => "averageValue",
            "Value" => "value",
            _ => null,
        };
        if (field is not null && target[field] is null or YamlScalar { IsNull: true })
        {
            violations.Add(new SchemaViolation(SchemaRules.RequiredField, $"{path} is missing the required field \"{field}\" (its type is {ScalarText.StringAt(target, "type")})", path));
        }
    }

    /// <summary>An int-or-string that is a count or a percentage (apps ValidatePositiveIntOrPercent, IsValidPercent); returns its number, or null when it is not one.</summary>
    private static long? CheckIntOrPercent(YamlScalar value, ObjectPath path, int minimum, List<SchemaViolation> violations)
    {
        long? number = null;
        if (value.Kind == ScalarKind.Int && ScalarResolution.TryParseInt(value.Value, out var n)) number = n;
        else if (value.Kind == ScalarKind.String && value.Value.EndsWith('%') && long.TryParse(value.Value.AsSpan(0, value.Value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var p)) number = p;
        else if (value.Kind == ScalarKind.String)
        {
            violations.Add(new SchemaViolation(SchemaRules.Format, $"{path} must be an integer or a percentage (such as 25%), but is {MessageText.Quote(value.Value)}", path));
            return null;
        }
        if (number < minimum)
        {
            violations.Add(new SchemaViolation(SchemaRules.MinMax, $"{path} must be greater than or equal to {minimum}, but is {value.Value}", path));
        }
        return number;
    }
}
