using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Live;

/// <summary>
/// Points a kubeconfig at another API server address. k3s writes its kubeconfig for <c>https://127.0.0.1:6443</c>
/// inside the container; from the host the API is reached through the port Docker published.
/// </summary>
internal static class KubeconfigRewriter
{
    /// <summary>The kubeconfig with every <c>clusters[*].cluster.server</c> set to <paramref name="server"/>.</summary>
    /// <exception cref="FormatException">The text is not a kubeconfig with at least one cluster.</exception>
    public static string WithServer(string kubeconfig, string server)
    {
        var read = YamlReader.Read(kubeconfig);
        if (read.Problems.Count > 0) throw new FormatException($"kubeconfig is not valid YAML: line {read.Problems[0].At.Line}: {read.Problems[0].Message}");
        var roots = read.Documents.Where(d => d.Root is not null).ToList();
        if (roots is not [{ Root: YamlMapping root }]) throw new FormatException("kubeconfig must be a single YAML mapping");
        if (root.Sequence("clusters") is not { Items.Count: > 0 } clusters) throw new FormatException("kubeconfig has no clusters");
        var rewritten = new List<YamlNode>();
        foreach (var item in clusters.Items)
        {
            if (item is not YamlMapping named || named.Mapping("cluster") is not { } cluster)
            {
                throw new FormatException($"kubeconfig cluster entry at line {item.Start.Line} has no cluster mapping");
            }
            rewritten.Add(named.With("cluster", cluster.With("server", YamlNodes.Scalar(server))));
        }
        return YamlWriter.Write(root.With("clusters", YamlNodes.Sequence(rewritten, clusters.Start)));
    }

    /// <summary>The <c>server:</c> addresses of a kubeconfig, in order (for checks and messages).</summary>
    public static IReadOnlyList<string> Servers(string kubeconfig)
    {
        var read = YamlReader.Read(kubeconfig);
        return read.Documents.Select(d => d.Root).OfType<YamlMapping>()
            .SelectMany(r => r.Sequence("clusters")?.Items ?? [])
            .OfType<YamlMapping>()
            .Select(c => c.Mapping("cluster")?.String("server"))
            .OfType<string>()
            .ToList();
    }
}
