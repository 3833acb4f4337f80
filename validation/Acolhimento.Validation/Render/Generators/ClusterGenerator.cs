using Acolhimento.Validation.Configuration;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render.Generators;

/// <summary>
/// The cluster generator over what the rendered cluster's Argo CD knows: <c>in-cluster</c> (Argo CD's own, no labels;
/// only an empty selector picks it, as Argo CD has no Secret for it) and the <c>argoCdClusters</c> that
/// <c>validation.yaml</c> lists for it. Parameters: <c>name</c>, <c>nameNormalized</c>, <c>server</c>, <c>project</c>,
/// <c>metadata.labels.*</c>, <c>metadata.annotations.*</c>, <c>values.*</c>.
/// </summary>
internal static class ClusterGenerator
{
    public static GeneratorOutput Run(YamlMapping clusters, ObjectPath at, GeneratorContext context)
    {
        var selector = clusters.Mapping("selector");
        var empty = selector is null || selector.Entries.All(e => e.Value is YamlMapping { Entries.Count: 0 } or YamlSequence { Items.Count: 0 } or YamlScalar { IsNull: true });
        var inventory = context.Cluster.ArgoCdClusters.ToList();
        if (empty && !inventory.Any(c => c.Name == ArgoCd.InClusterName))
            inventory.Insert(0, new ArgoCdCluster(ArgoCd.InClusterName, ArgoCd.InClusterServer, new Dictionary<string, string>(), new Dictionary<string, string>()));
        var sets = new List<ParameterSet>();
        var problems = new List<Finding>();
        foreach (var cluster in inventory.Where(c => empty || ParameterSelector.MatchesLabels(selector!, c.Labels)))
        {
            IReadOnlyDictionary<string, object?> labels = cluster.Labels.ToDictionary(p => p.Key, p => (object?)p.Value, StringComparer.Ordinal);
            IReadOnlyDictionary<string, object?> annotations = cluster.Annotations.ToDictionary(p => p.Key, p => (object?)p.Value, StringComparer.Ordinal);
            var values = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["name"] = cluster.Name,
                ["nameNormalized"] = TemplateFunctions.Normalize(cluster.Name),
                ["server"] = cluster.Server,
                ["project"] = "",
            };
            if (context.Mode.GoTemplate) values["metadata"] = new Dictionary<string, object?> { ["labels"] = labels, ["annotations"] = annotations };
            else
            {
                foreach (var (k, v) in labels) values["metadata.labels." + k] = v;
                foreach (var (k, v) in annotations) values["metadata.annotations." + k] = v;
            }
            var set = new ParameterSet(values, $"cluster {cluster.Name}");
            sets.Add(clusters.Mapping("values") is { } extra ? GitGenerator.WithValues(set, extra, at.Key("values"), context, problems) : set);
        }
        return new GeneratorOutput(sets, problems);
    }
}
