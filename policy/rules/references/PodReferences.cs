using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy.Rules.References;

/// <summary>An object a pod template names: a ConfigMap, Secret, PersistentVolumeClaim or ServiceAccount.</summary>
internal sealed record PodReference(string Kind, string Name, ObjectPath Path, bool Optional, string Usage);

/// <summary>Every reference a pod template makes (env, envFrom, volumes, projected sources, imagePullSecrets, serviceAccountName).</summary>
internal static class PodReferences
{
    public static IEnumerable<PodReference> Of(PodTemplate template)
    {
        foreach (var container in template.Containers())
        {
            var env = container.Body.Sequence("env")?.Items ?? [];
            for (var i = 0; i < env.Count; i++)
            {
                var valueFrom = (env[i] as YamlMapping)?.Mapping("valueFrom");
                var basePath = container.Path.Key("env").Index(i).Key("valueFrom");
                foreach (var (field, kind) in new[] { ("configMapKeyRef", "ConfigMap"), ("secretKeyRef", "Secret") })
                {
                    if (valueFrom?.Mapping(field) is { } r && r.String("name") is { } name)
                    {
                        yield return new PodReference(kind, name, basePath.Key(field).Key("name"), r.Boolean("optional") == true, $"env of container {container.Name}");
                    }
                }
            }
            var envFrom = container.Body.Sequence("envFrom")?.Items ?? [];
            for (var i = 0; i < envFrom.Count; i++)
            {
                foreach (var (field, kind) in new[] { ("configMapRef", "ConfigMap"), ("secretRef", "Secret") })
                {
                    if ((envFrom[i] as YamlMapping)?.Mapping(field) is { } r && r.String("name") is { } name)
                    {
                        yield return new PodReference(kind, name, container.Path.Key("envFrom").Index(i).Key(field).Key("name"), r.Boolean("optional") == true, $"envFrom of container {container.Name}");
                    }
                }
            }
        }
        foreach (var (volume, path) in template.Volumes())
        {
            var usage = $"volume {volume.String("name")}";
            if (volume.Mapping("configMap") is { } cm && cm.String("name") is { } cmName)
                yield return new PodReference("ConfigMap", cmName, path.Key("configMap").Key("name"), cm.Boolean("optional") == true, usage);
            if (volume.Mapping("secret") is { } s && s.String("secretName") is { } sName)
                yield return new PodReference("Secret", sName, path.Key("secret").Key("secretName"), s.Boolean("optional") == true, usage);
            if (volume.Mapping("persistentVolumeClaim")?.String("claimName") is { } claim)
                yield return new PodReference("PersistentVolumeClaim", claim, path.Key("persistentVolumeClaim").Key("claimName"), false, usage);
            var sources = volume.Mapping("projected")?.Sequence("sources")?.Items ?? [];
            for (var i = 0; i < sources.Count; i++)
            {
                foreach (var (field, kind) in new[] { ("configMap", "ConfigMap"), ("secret", "Secret") })
                {
                    if ((sources[i] as YamlMapping)?.Mapping(field) is { } r && r.String("name") is { } name)
                    {
                        yield return new PodReference(kind, name, path.Key("projected").Key("sources").Index(i).Key(field).Key("name"), r.Boolean("optional") == true, usage);
                    }
                }
            }
        }
        var pullSecrets = template.Spec.Sequence("imagePullSecrets")?.Items ?? [];
        for (var i = 0; i < pullSecrets.Count; i++)
        {
            if ((pullSecrets[i] as YamlMapping)?.String("name") is { } name)
                yield return new PodReference("Secret", name, template.SpecPath.Key("imagePullSecrets").Index(i).Key("name"), false, "imagePullSecrets");
        }
        foreach (var field in new[] { "serviceAccountName", "serviceAccount" })
        {
            if (template.Spec.String(field) is { } account)
            {
                yield return new PodReference("ServiceAccount", account, template.SpecPath.Key(field), false, field);
                break;
            }
        }
    }

    public static bool Exists(PolicyContext context, string @namespace, PodReference reference) => reference.Kind switch
    {
        "ConfigMap" => context.ConfigMapExists(@namespace, reference.Name),
        "Secret" => context.SecretExists(@namespace, reference.Name),
        "ServiceAccount" => context.ServiceAccountExists(@namespace, reference.Name),
        _ => context.Find(Kubernetes.Kinds.Core(reference.Kind), @namespace, reference.Name) is not null || VolumeClaimTemplateExists(context, @namespace, reference.Name),
    };

    /// <summary>A StatefulSet's volumeClaimTemplates create claims named <c>&lt;template&gt;-&lt;statefulset&gt;-&lt;ordinal&gt;</c>.</summary>
    private static bool VolumeClaimTemplateExists(PolicyContext context, string @namespace, string claim) =>
        context.PodTemplatesIn(@namespace).Where(t => t.OwnerKind == Kubernetes.Kinds.StatefulSet).Any(t =>
            (t.Owner.Spec?.Sequence("volumeClaimTemplates")?.Items ?? []).OfType<YamlMapping>()
                .Any(v => v.Mapping("metadata")?.String("name") is { } name && claim.StartsWith($"{name}-{t.Owner.Name}-", StringComparison.Ordinal)));

    /// <summary>The findings of one rule that checks references of one kind.</summary>
    public static IEnumerable<Acolhimento.Validation.Findings.Finding> Missing(PolicyContext context, string kind, RuleMetadata metadata)
    {
        foreach (var template in context.PodTemplates)
        {
            foreach (var reference in Of(template).Where(r => r.Kind == kind && !r.Optional))
            {
                if (Exists(context, template.Namespace, reference)) continue;
                yield return template.Owner.Finding(Acolhimento.Validation.Findings.Stages.Policy, metadata.Severity, metadata.Id,
                    $"{reference.Kind} {reference.Name} ({reference.Usage}) does not exist in namespace {template.Namespace} of cluster {context.ClusterName}", reference.Path);
            }
        }
    }
}
