using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Schema;

/// <summary>
/// Folds the per-object <see cref="SchemaRules.KindWithoutSchema"/> findings into one per kind (group and kind, all
/// versions and clusters), at its first object, saying which CRD is missing and the two ways to provide it.
/// </summary>
internal static class KindsWithoutSchema
{
    public static IReadOnlyList<Finding> Fold(IReadOnlyList<Finding> findings, Severity severity)
    {
        var perObject = findings.Where(f => f.Rule == SchemaRules.KindWithoutSchema && f.Object is not null).ToList();
        if (perObject.Count == 0) return findings;
        var folded = perObject.GroupBy(f => (f.Object!.Group, f.Object.Kind)).Select(g => Describe(g.ToList(), severity));
        return findings.Where(f => f.Rule != SchemaRules.KindWithoutSchema || f.Object is null).Concat(folded).ToList();
    }

    private static Finding Describe(IReadOnlyList<Finding> objects, Severity severity)
    {
        var first = objects[0];
        var (group, kind) = (first.Object!.Group, first.Object.Kind);
        var versions = objects.Select(o => o.Object!.ApiVersion).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var clusters = objects.Select(o => o.Cluster).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var count = objects.Select(o => (o.Cluster, o.Object)).Distinct().Count();
        var where = clusters.Count == 0 ? "" : $" in cluster{(clusters.Count == 1 ? "" : "s")} {string.Join(", ", clusters)}";
        return first with
        {
            Severity = severity,
            Cluster = clusters.Count == 1 ? clusters[0] : null,
            Message = $"no schema for {kind} ({string.Join(", ", versions)}): the CustomResourceDefinition of {kind}.{group} is missing, so its {count} object(s){where} get only the checks that need no schema "
                + "(metadata, names, labels); provide the CRD by adding it to a folder an Application renders (Argo CD installs it with the objects), "
                + $"or by pinning its published file under spec.crdSources in {Configuration.RepositoryConfiguration.FileName} (url and sha256) and running `{Kubernetes.SchemaLocator.PullCommand()}`",
        };
    }
}
