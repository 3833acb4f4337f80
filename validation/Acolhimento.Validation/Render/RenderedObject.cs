using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

/// <summary>An object as a cluster would receive it, with where it and its fields came from.</summary>
public sealed record RenderedObject(ObjectReference Id, YamlMapping Body, ObjectProvenance Provenance, string Cluster, string Application)
{
    /// <summary>Source file:line:column of a field; the object's own location when the field was not written in any source.</summary>
    public SourceLocation Locate(ObjectPath path) => Provenance.Locate(path, Body);

    public SourceLocation Location => Provenance.Origin;

    /// <summary>
    /// Set when the parse stage released the object's file (<see cref="ParsedFile.Released"/>): <see cref="Body"/> is then
    /// the object's outline, as the render edited it, and <see cref="Restored"/> gives the object with its whole body.
    /// </summary>
    public ReleasedDocument? Released { get; init; }

    /// <summary>
    /// The object with its whole body, from its file's <paramref name="documents"/> as read again
    /// (<see cref="Parsing.TreeReader"/>), with the edits the render made to its outline (a destination namespace) made to
    /// the whole body too; an object that kept its body is returned as it is.
    /// </summary>
    public RenderedObject Restored(IReadOnlyList<YamlDocument> documents)
    {
        if (Released is not { } released) return this;
        var outline = released.Outline;
        var whole = documents[released.Position].Root as YamlMapping
            ?? throw new CannotValidateException($"{released.File.Path}: document {released.Position + 1} reads as another node than the parse stage read");
        var source = Provenance.Source is { } s && ReferenceEquals(s.Root, outline) ? s with { Root = whole } : Provenance.Source;
        return this with { Body = whole.WithChanges(outline, Body), Provenance = Provenance with { Source = source }, Released = null };
    }

    /// <summary>The cluster the object is deployed to when its Application's destination is not the Argo CD's own cluster (<c>in-cluster</c>): null there.</summary>
    public DestinationCluster? Destination { get; init; }

    /// <summary>Identity within what one Argo CD deploys: group, kind, namespace and name, on its destination cluster.</summary>
    public string PlacedIdentity => Destination is null ? Id.Identity : $"{Destination.Server} {Id.Identity}";

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
        new(stage, severity, rule, message, path is null ? Location : Locate(path), Cluster, Application, Id, path?.ToString(), Destination: Destination?.Name);

    private static IReadOnlyDictionary<string, string> StringMap(YamlMapping? mapping) =>
        mapping?.Entries.Where(e => e.Value is YamlScalar).ToDictionary(e => e.Key.Value, e => ((YamlScalar)e.Value).Value, StringComparer.Ordinal)
        ?? new Dictionary<string, string>(StringComparer.Ordinal);
}

/// <summary>Where an object of a released file is: the file and the position of its document, whose outline the render started from.</summary>
public sealed record ReleasedDocument(ParsedFile File, int Position)
{
    public YamlMapping Outline => (YamlMapping)File.Documents[Position].Root!;

    public static ReleasedDocument? Of(ParsedFile file, int position) => file.Released is null ? null : new(file, position);
}

/// <summary>An Argo CD Application (or the cluster's bootstrap folder) and what it renders.</summary>
public sealed record RenderedApplication(
    string Name,
    string? Project,
    string? DestinationNamespace,
    string? Parent,
    SourceLocation DefinedAt,
    RenderedObject? Definition,
    IReadOnlyList<ApplicationSourceSummary> Sources)
{
    /// <summary>The cluster it deploys to; null for the Argo CD's own cluster (<c>in-cluster</c>) and the bootstrap.</summary>
    public DestinationCluster? Destination { get; init; }
}

/// <summary>One source of an Application: rendered from this repository, or an external chart recorded but not fetched.</summary>
public sealed record ApplicationSourceSummary(string Type, string RepoUrl, string? Path, string? Chart, string? TargetRevision, bool External);

/// <summary>An upstream chart (or, when not <paramref name="IsChart"/>, a Git path in another repository, named in Chart) an Application installs; not fetched, but its pin is checked.</summary>
public sealed record ExternalChart(string Application, string RepoUrl, string Chart, string TargetRevision, SourceLocation Location, bool IsChart);

/// <summary>
/// Everything one declared cluster's Argo CD deploys from Git, in a stable order. Its Applications may deploy to other
/// clusters than its own (<see cref="RenderedObject.Destination"/>): <see cref="PerDestination"/> splits it into what each
/// destination cluster receives, the unit every check that looks across objects judges.
/// </summary>
public sealed record RenderedCluster(
    string Name,
    string KubernetesVersion,
    IReadOnlyList<RenderedApplication> Applications,
    IReadOnlyList<RenderedObject> Objects,
    IReadOnlyList<ExternalChart> ExternalCharts)
{
    /// <summary>Set on a part made by <see cref="PerDestination"/> for another cluster than the Argo CD's own; null otherwise.</summary>
    public DestinationCluster? Destination { get; init; }

    /// <summary>
    /// What each destination cluster receives: first the Argo CD's own cluster (with the bootstrap), then each other
    /// destination by name, each with its Kubernetes version, its Applications, objects and external charts. A cluster
    /// whose Applications all deploy in-cluster is its own only part.
    /// </summary>
    public IReadOnlyList<RenderedCluster> PerDestination()
    {
        if (Objects.All(o => o.Destination is null) && Applications.All(a => a.Destination is null)) return [this];
        var destinations = Objects.Select(o => o.Destination).Concat(Applications.Select(a => a.Destination)).OfType<DestinationCluster>()
            .Distinct().OrderBy(d => d.Name, StringComparer.Ordinal).ThenBy(d => d.Server, StringComparer.Ordinal);
        return [Part(null), .. destinations.Select(Part)];
    }

    private RenderedCluster Part(DestinationCluster? destination)
    {
        var applications = Applications.Where(a => a.Destination == destination).ToList();
        var names = applications.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        return this with
        {
            KubernetesVersion = destination?.KubernetesVersion ?? KubernetesVersion,
            Applications = applications,
            Objects = Objects.Where(o => o.Destination == destination).ToList(),
            ExternalCharts = ExternalCharts.Where(e => names.Contains(e.Application)).ToList(),
            Destination = destination,
        };
    }
}
