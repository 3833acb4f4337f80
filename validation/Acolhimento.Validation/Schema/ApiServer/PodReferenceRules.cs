using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Schema.ApiServer;

/// <summary>
/// The cross-field checks of core ValidatePodSpec that a field table cannot hold: volume names unique and every
/// volume mount naming a volume (for a StatefulSet its volumeClaimTemplates count as volumes, as the API server adds
/// them), mount paths unique per container, one source per environment variable and per envFrom entry, and topology
/// spread constraints unique by topologyKey and whenUnsatisfiable.
/// </summary>
internal static class PodReferenceRules
{
    public static void Check(YamlMapping spec, ObjectPath path, IReadOnlyCollection<string> claimTemplateNames, List<SchemaViolation> violations)
    {
        var volumes = new HashSet<string>(claimTemplateNames, StringComparer.Ordinal);
        var items = spec.Sequence("volumes")?.Items ?? [];
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not YamlMapping volume || ScalarText.StringAt(volume, "name") is not { Length: > 0 } name) continue;
            if (!volumes.Add(name))
            {
                violations.Add(new SchemaViolation(SchemaRules.DuplicateEntry, $"volume name {MessageText.Quote(name)} is used twice in {path.Key("volumes")}; volume names must be unique", path.Key("volumes").Index(i).Key("name")));
            }
        }
        foreach (var (list, _) in Kubernetes.PodSpecs.ContainerLists)
        {
            var containers = spec.Sequence(list)?.Items ?? [];
            for (var c = 0; c < containers.Count; c++)
            {
                if (containers[c] is not YamlMapping container) continue;
                var containerPath = path.Key(list).Index(c);
                CheckMounts(container, containerPath, volumes, violations);
                CheckEnvironment(container, containerPath, violations);
            }
        }
        CheckSpreadConstraints(spec, path, violations);
    }

    private static void CheckMounts(YamlMapping container, ObjectPath containerPath, HashSet<string> volumes, List<SchemaViolation> violations)
    {
        var mounts = container.Sequence("volumeMounts")?.Items ?? [];
        var mountPaths = new HashSet<string>(StringComparer.Ordinal);
        for (var m = 0; m < mounts.Count; m++)
        {
            if (mounts[m] is not YamlMapping mount) continue;
            var mountPath = containerPath.Key("volumeMounts").Index(m);
            if (ScalarText.StringAt(mount, "name") is { Length: > 0 } name && !volumes.Contains(name))
            {
                violations.Add(new SchemaViolation(SchemaRules.VolumeNotFound, $"{mountPath}.name {MessageText.Quote(name)} names no volume of the pod (Not found)", mountPath.Key("name")));
            }
            if (ScalarText.StringAt(mount, "mountPath") is { Length: > 0 } at && !mountPaths.Add(at))
            {
                violations.Add(new SchemaViolation(SchemaRules.DuplicateEntry, $"{mountPath}.mountPath {MessageText.Quote(at)} is mounted twice in the container; mount paths must be unique", mountPath.Key("mountPath")));
            }
        }
    }

    private static readonly string[] EnvSources = ["fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef", "fileKeyRef"];
    private static readonly string[] EnvFromSources = ["configMapRef", "secretRef"];

    private static void CheckEnvironment(YamlMapping container, ObjectPath containerPath, List<SchemaViolation> violations)
    {
        var env = container.Sequence("env")?.Items ?? [];
        for (var e = 0; e < env.Count; e++)
        {
            if (env[e] is not YamlMapping variable || variable.Mapping("valueFrom") is not { } valueFrom) continue;
            var at = containerPath.Key("env").Index(e);
            var set = Present(valueFrom, EnvSources);
            if (set != 1)
            {
                violations.Add(new SchemaViolation(SchemaRules.Alternatives, $"{at}.valueFrom must specify exactly one of {string.Join(", ", EnvSources)} (it has {set})", at.Key("valueFrom")));
            }
            else if (ScalarText.StringAt(variable, "value") is { Length: > 0 })
            {
                violations.Add(new SchemaViolation(SchemaRules.Alternatives, $"{at}.valueFrom may not be specified when value is not empty", at.Key("valueFrom")));
            }
        }
        var envFrom = container.Sequence("envFrom")?.Items ?? [];
        for (var e = 0; e < envFrom.Count; e++)
        {
            if (envFrom[e] is not YamlMapping source || Present(source, EnvFromSources) == 1) continue;
            var at = containerPath.Key("envFrom").Index(e);
            violations.Add(new SchemaViolation(SchemaRules.Alternatives, $"{at} must specify exactly one of configMapRef, secretRef", at));
        }
    }

    private static void CheckSpreadConstraints(YamlMapping spec, ObjectPath path, List<SchemaViolation> violations)
    {
        var constraints = spec.Sequence("topologySpreadConstraints")?.Items ?? [];
        var seen = new HashSet<(string?, string?)>();
        for (var i = 0; i < constraints.Count; i++)
        {
            if (constraints[i] is not YamlMapping constraint) continue;
            var key = (ScalarText.StringAt(constraint, "topologyKey"), ScalarText.StringAt(constraint, "whenUnsatisfiable"));
            if (!seen.Add(key))
            {
                violations.Add(new SchemaViolation(SchemaRules.DuplicateEntry, $"{path.Key("topologySpreadConstraints").Index(i)} repeats topologyKey {MessageText.Quote(key.Item1 ?? "")} with whenUnsatisfiable {MessageText.Quote(key.Item2 ?? "")}", path.Key("topologySpreadConstraints").Index(i)));
            }
        }
    }

    private static int Present(YamlMapping mapping, string[] fields) => fields.Count(f => mapping[f] is { } value && value is not YamlScalar { IsNull: true });
}
