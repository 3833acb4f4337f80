using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

/// <summary>An object as a cluster would receive it, with where it and its fields came from.</summary>
public sealed record RenderedObject(ObjectReference Id, YamlMapping Body, ObjectProvenance Provenance, string Cluster, string Application)
{
    /// <summary>Source file:line:column of a field; the object's own location when the field was not written in any source.</summary>
    public SourceLocation Locate(ObjectPath path) => Provenance.Locate(path, Body);

    public SourceLocation Location => Provenance.Origin;

    public string Kind => Id.Kind;

    public string? Namespace => Id.Namespace;

    public string Name => Id.Name;

    public YamlMapping? Metadata => Body.Mapping("metadata");

    public YamlMapping? Spec => Body.Mapping("spec");

    public IReadOnlyDictionary<string, string> Labels => StringMap(Metadata?.Mapping("labels"));

    public IReadOnlyDictionary<string, string> Annotations => StringMap(Metadata?.Mapping("annotations"));

    /// <summary>Argo CD sync wave (annotation <c>argocd.argoproj.io/sync-wave</c>), 0 when absent or not a number.</summary>
    /// <remarks>Read directly, not through <see cref="Annotations"/>: the cluster's order asks it of every object.</remarks>
    public int SyncWave => Metadata?.Mapping("annotations")?["argocd.argoproj.io/sync-wave"] is YamlScalar wave && int.TryParse(wave.Value, out var n) ? n : 0;

    /// <summary>A finding about this object (or one of its fields), located at the source line a person edits.</summary>
    public Finding Finding(string stage, Severity severity, string rule, string message, ObjectPath? path = null) =>
        new(stage, severity, rule, message, path is null ? Location : Locate(path), Cluster, Application, Id, path?.ToString());

    private static IReadOnlyDictionary<string, string> StringMap(YamlMapping? mapping) =>
        mapping?.Entries.Where(e => e.Value is YamlScalar).ToDictionary(e => e.Key.Value, e => ((YamlScalar)e.Value).Value, StringComparer.Ordinal)
        ?? new Dictionary<string, string>(StringComparer.Ordinal);
}

/// <summary>An Argo CD Application (or the cluster's bootstrap folder) and what it renders.</summary>
public sealed record RenderedApplication(
    string Name,
    string? Project,
    string? DestinationNamespace,
    string? Parent,
    SourceLocation DefinedAt,
    RenderedObject? Definition,
    IReadOnlyList<ApplicationSourceSummary> Sources);

/// <summary>One source of an Application: rendered from this repository, or an external chart recorded but not fetched.</summary>
public sealed record ApplicationSourceSummary(string Type, string RepoUrl, string? Path, string? Chart, string? TargetRevision, bool External);

/// <summary>An upstream chart (or, when not <paramref name="IsChart"/>, a Git path in another repository, named in Chart) an Application installs; not fetched, but its pin is checked.</summary>
public sealed record ExternalChart(string Application, string RepoUrl, string Chart, string TargetRevision, SourceLocation Location, bool IsChart);

/// <summary>Everything one cluster receives from Git, in a stable order.</summary>
public sealed record RenderedCluster(
    string Name,
    string KubernetesVersion,
    IReadOnlyList<RenderedApplication> Applications,
    IReadOnlyList<RenderedObject> Objects,
    IReadOnlyList<ExternalChart> ExternalCharts);
