using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Render;

/// <summary>
/// The render findings after which a cluster's object set may lack objects: a source that was not rendered, rendered
/// partly, or whose output was refused. Checks that judge the whole object set (unused waivers, dead configuration,
/// references to other objects) cannot give advice for such a cluster. Kept beside the render rule ids: a new render
/// rule that drops objects belongs in this list.
/// </summary>
internal static class IncompleteRender
{
    public static readonly IReadOnlySet<string> Rules = new HashSet<string>(StringComparer.Ordinal)
    {
        RenderRules.RenderFailed,
        RenderRules.Timeout,
        RenderRules.MissingPath,
        RenderRules.MissingValuesFile,
        RenderRules.InvalidValues,
        RenderRules.ObjectsLost,
        RenderRules.EmptySource,
        RenderRules.CannotRenderOffline,
        RenderRules.InputRefused,
        RenderRules.UnreadableOutput,
        RenderRules.NotAnObject,
        RenderRules.RemoteResource,
        RenderRules.PluginRefused,
        RenderRules.HelmInKustomizeRefused,
        RenderRules.MissingResource,
        RenderRules.OutsideRepository,
        RenderRules.Cycle,
        RenderRules.MissingRepoUrl,
        RenderRules.NoSources,
        RenderRules.UnsupportedGenerator,
        RenderRules.UnresolvedParameter,
        RenderRules.SourceTypeConflict,
        RenderRules.SourceParameters,
        RenderRules.UnwatchedNamespace,
        RenderRules.OtherRevision,
        RenderRules.UnknownDestination,
        RenderRules.AmbiguousDestination,
        RenderRules.DependencyNotCached,
        RenderRules.ArchiveRefused,
        RenderRules.RemoteBaseUnpinned,
        RenderRules.RemoteBaseNotCached,
        RenderRules.KustomizeChartNotCached,
        // Kustomize stops the build on these, or (a targeted patch selecting nothing, a JSON-patch replace it turns into an
        // add) builds objects other than the kustomization says: the cross-object checks would judge the wrong set.
        RenderRules.KustomizePatchNoMatch,
        RenderRules.KustomizeReplicasNoMatch,
        RenderRules.KustomizeJsonPatchPathMissing,
    };

    /// <summary>Each cluster whose render lost objects, with the first (in report order) finding that says why.</summary>
    public static IReadOnlyDictionary<string, Finding> FailedClusters(IEnumerable<Finding> renderFindings)
    {
        var failed = new SortedDictionary<string, Finding>(StringComparer.Ordinal);
        foreach (var finding in renderFindings.Where(f => f.Cluster is not null && f.CountsAsError && Rules.Contains(f.Rule)).Order(FindingOrder.Instance))
        {
            failed.TryAdd(finding.Cluster!, finding);
        }
        return failed;
    }
}
