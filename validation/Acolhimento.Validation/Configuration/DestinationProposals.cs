using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Configuration;

/// <summary>
/// A cluster other than in-cluster that the repository's Applications deploy to, as <c>init</c> found it: its name
/// (Argo CD's, or made from the server's host), its server when some destination or chart value gives it, and the file
/// that names it (null when a chart value does).
/// </summary>
internal sealed record ProposedDestination(string Name, string? Server, string? FoundIn);

/// <summary>
/// The destinations <c>init</c> proposes as <c>argoCdClusters</c>: every distinct <c>spec.destination</c> of the
/// Applications and ApplicationSet templates written in the repository, and the <c>server</c> values of app-of-apps
/// charts, except the Argo CD's own cluster. Templated values (<c>{{ … }}</c>) are generator output and left alone.
/// </summary>
internal static class DestinationProposals
{
    public static IReadOnlyList<ProposedDestination> Find(IEnumerable<(string File, YamlMapping Body)> argo, IEnumerable<ChartValue> chartValues)
    {
        var found = new List<ProposedDestination>();
        foreach (var (file, body) in argo)
        {
            var spec = body.Mapping("spec");
            if (body.String("kind") == "ApplicationSet") spec = spec?.Mapping("template")?.Mapping("spec");
            var destination = spec?.Mapping("destination");
            var server = Literal(destination?.String("server"));
            var name = Literal(destination?.String("name"));
            if (server is not null && name is not null) continue; // Argo CD refuses it; validate says so at its line
            if (server is not null) found.Add(new ProposedDestination(NameOf(server), server, file));
            else if (name is not null) found.Add(new ProposedDestination(name, null, file));
        }
        found.AddRange(chartValues.Where(v => v.Field == "server").Select(v => new ProposedDestination(NameOf(v.Value), v.Value, null)));
        var servers = found.Where(d => d.Server is not null).Select(d => RepositoryConfiguration.NormaliseServer(d.Server!)).ToHashSet(StringComparer.Ordinal);
        return found
            .Where(d => d.Server is null ? d.Name != ArgoCd.InClusterName : RepositoryConfiguration.NormaliseServer(d.Server) != ArgoCd.InClusterServer)
            .GroupBy(d => d.Server is null ? "name " + d.Name : "server " + RepositoryConfiguration.NormaliseServer(d.Server))
            .Select(g => g.First())
            .OrderBy(d => d.Name, StringComparer.Ordinal)
            .ThenBy(d => d.Server ?? "", StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The destinations to declare for a cluster whose entry folder is <paramref name="folder"/> (null: every destination).</summary>
    public static IReadOnlyList<ProposedDestination> For(IReadOnlyList<ProposedDestination> destinations, string? folder, IReadOnlyList<string> clusterFolders) =>
        folder is null
            ? destinations
            : destinations.Where(d => d.FoundIn is not { } file || Under(file, folder) || !clusterFolders.Any(f => Under(file, f))).ToList();

    /// <summary>The <c>argoCdClusters:</c> block of one cluster, six spaces in; empty when there is nothing to declare.</summary>
    public static string Block(IReadOnlyList<ProposedDestination> destinations, string kubernetesVersion)
    {
        if (destinations.Count == 0) return "";
        var text = new System.Text.StringBuilder();
        text.Append("      # Clusters this Argo CD deploys to besides its own (its cluster Secrets), as the Applications name them in\n");
        text.Append("      # spec.destination: decide each one's server and Kubernetes version (each is checked as its own cluster).\n");
        text.Append("      argoCdClusters:\n");
        foreach (var d in destinations)
        {
            text.Append($"        - name: {d.Name}\n");
            text.Append(d.Server is null
                ? $"          server: https://{d.Name}.invalid  # decide: Applications name this cluster, none gives its server\n"
                : $"          server: {d.Server}\n");
            text.Append($"          kubernetesVersion: \"{kubernetesVersion}\"\n");
        }
        return text.ToString();
    }

    private static bool Under(string file, string folder) => folder.Length == 0 || file.StartsWith(folder + "/", StringComparison.Ordinal);

    private static string? Literal(string? value) => value is { Length: > 0 } v && !v.Contains("{{", StringComparison.Ordinal) ? v : null;

    /// <summary>A cluster name for a server given without one: its host, as a name Kubernetes and YAML both accept.</summary>
    private static string NameOf(string server)
    {
        var host = Uri.TryCreate(server, UriKind.Absolute, out var uri) ? uri.Host : server;
        var name = System.Text.RegularExpressions.Regex.Replace(host.ToLowerInvariant(), "[^a-z0-9-]+", "-").Trim('-');
        return name.Length > 0 ? name : "cluster";
    }
}
