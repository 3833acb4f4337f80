using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render.Charts;

/// <summary>
/// A kustomization's <c>helmCharts</c> entry whose chart is not in the repository: Kustomize would <c>helm pull</c> it
/// into <see cref="Placement"/> (<c>chartHome/name-version/name</c>); here it is unpacked there from the chart cache.
/// </summary>
internal sealed record KustomizeHelmChart(string Name, string Version, string Repository, string Placement, SourceLocation At)
{
    public ArchiveRequest Request => new(ArchiveKind.Chart, Repository, Name, Version);
}

/// <summary>What a kustomization's helmCharts and helmGlobals ask for: charts to place from the cache, files read, and refusals.</summary>
internal sealed record KustomizeHelmReading(IReadOnlyList<KustomizeHelmChart> FromCache, IReadOnlyList<string> Reads, IReadOnlyList<Finding> Findings);

/// <summary>
/// Reads <c>helmCharts</c> and <c>helmGlobals</c> of a kustomization built with <c>--enable-helm</c> as Kustomize's
/// HelmChartInflationGenerator does (<c>api/internal/builtins/HelmChartInflationGenerator.go</c>): the chart home is
/// <c>helmGlobals.chartHome</c> (default <c>charts</c>) under the kustomization's root; a chart with both <c>repo</c> and
/// <c>version</c> lives in <c>chartHome/name-version/name</c>, any other in <c>chartHome/name</c>; a chart already there
/// is used as it is, any other is pulled. Pulling becomes the chart cache; <c>configHome</c> (Helm configuration of the
/// repository's choosing) and a chart home outside the repository are refused.
/// </summary>
internal static class KustomizeHelmCharts
{
    public const string DefaultChartHome = "charts";

    /// <param name="locate">Where a node of the kustomization lies (in its file, or in the text it was read from).</param>
    public static KustomizeHelmReading Read(ParsedRepository repository, string folder, YamlMapping kustomization, Func<YamlNode, SourceLocation> locate)
    {
        Finding at(YamlNode node, string rule, string message) => new(Stages.Render, Severity.Error, rule, message, locate(node));
        var findings = new List<Finding>();
        var reads = new List<string>();
        var globals = KustomizationFields.Matching(kustomization, "helmGlobals").Select(e => e.Value).OfType<YamlMapping>().FirstOrDefault();
        var home = DefaultChartHome;
        if (globals is not null && KustomizationFields.Matching(globals, "configHome").FirstOrDefault() is { Value: YamlScalar { IsNull: false } configHome })
            findings.Add(at(configHome, RenderRules.InputRefused, "helmGlobals.configHome points Helm at configuration (repositories, plugins) of the repository's choosing; not honoured, the charts are not rendered"));
        if (globals is not null && KustomizationFields.Matching(globals, "chartHome").FirstOrDefault() is { Value: YamlScalar { IsNull: false } chartHome })
        {
            if (KustomizeSafety.IsRemote(chartHome.Value) || Path.IsPathRooted(chartHome.Value) || RepositoryPaths.Combine(folder, chartHome.Value) is null)
            {
                findings.Add(at(chartHome, RenderRules.OutsideRepository, $"helmGlobals.chartHome \"{chartHome.Value}\" is not a folder of the repository; Helm would read charts from outside it"));
                return new([], reads, findings);
            }
            home = chartHome.Value;
        }
        var charts = new List<KustomizeHelmChart>();
        foreach (var (entry, index) in KustomizationFields.Matching(kustomization, "helmCharts").Select(e => e.Value).OfType<YamlSequence>().SelectMany(s => s.Items).Select((e, i) => (e, i)))
        {
            if (entry is not YamlMapping chart || Text(chart, "name") is not { } name)
            {
                findings.Add(at(entry, RenderRules.RenderFailed, $"helmCharts entry {index + 1} names no chart; Kustomize fails the build"));
                continue;
            }
            var (version, repo) = (Text(chart, "version"), Text(chart, "repo"));
            var placement = RepositoryPaths.Combine(folder, version is not null && repo is not null ? $"{home}/{name}-{version}/{name}" : $"{home}/{name}");
            if (placement is null || name.Contains('/') || name is "." or "..")
            {
                findings.Add(at(chart, RenderRules.OutsideRepository, $"helmCharts entry {name} would place its chart outside the repository"));
                continue;
            }
            reads.Add(placement);
            if (repository.Resolve(placement).TargetType == EntryType.Folder) continue; // in the repository: Kustomize uses it as it is
            if (repo is null)
                findings.Add(at(chart, RenderRules.MissingResource, $"helmCharts entry {name}: no chart at {placement} and no repo to pull it from; Kustomize fails the build"));
            else if (version is null || !RevisionPins.IsExactVersion(version))
                findings.Add(at(chart, RenderRules.KustomizeChartNotCached,
                    $"not checked: helmCharts entry {name} from {repo} has {(version is null ? "no version" : $"version \"{version}\", not an exact one")}, so Argo CD pulls whatever is newest and no chart can be pinned in the chart cache; the objects it would inflate are not checked"));
            else charts.Add(new KustomizeHelmChart(name, version, repo, placement, locate(chart)));
        }
        return new(charts, reads, findings);
    }

    private static string? Text(YamlMapping mapping, string key) =>
        KustomizationFields.Matching(mapping, key).FirstOrDefault().Value is YamlScalar { IsNull: false, Value: { Length: > 0 } value } ? value : null;
}
