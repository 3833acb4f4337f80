using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

/// <summary>One entry of an Application's <c>spec.source</c> / <c>spec.sources</c>, with the path of that entry inside the Application.</summary>
public sealed record SourceDefinition(
    ObjectPath At,
    string? RepoUrl,
    string? TargetRevision,
    string? Path,
    string? Chart,
    string? Ref,
    YamlMapping? Helm,
    YamlMapping? Kustomize,
    YamlMapping? Directory,
    YamlMapping? Plugin);

/// <summary>
/// The parts of an Argo CD Application the render stage acts on. An Application is identified by namespace and name
/// (Argo CD's applications in any namespace): <see cref="Identity"/> is the name alone in Argo CD's own namespace, as
/// reports have always shown it, and <c>namespace/name</c> elsewhere.
/// </summary>
public sealed record ApplicationDefinition(
    RenderedObject Object,
    string Name,
    string? Project,
    string? DestinationNamespace,
    IReadOnlyList<SourceDefinition> Sources)
{
    public const string Group = Kubernetes.ApiGroups.ArgoProj;

    /// <summary>metadata.namespace; an Application written without one is taken to be in Argo CD's own namespace.</summary>
    public string Namespace => Object.Namespace ?? Kubernetes.ArgoCd.Namespace;

    /// <summary>How render, reports and findings name this Application: unique per cluster, unlike <see cref="Name"/>.</summary>
    public string Identity => Namespace == Kubernetes.ArgoCd.Namespace ? Name : $"{Namespace}/{Name}";

    /// <summary>Argo CD's instance name (<c>Application.InstanceName</c>): the name in its own namespace, else <c>namespace_name</c>.</summary>
    public string InstanceName => Namespace == Kubernetes.ArgoCd.Namespace ? Name : $"{Namespace}_{Name}";

    public static bool IsApplication(RenderedObject o) => o.Kind == "Application" && o.Id.Group == Group; // kind first: Group cuts a string, and this is asked of every object

    public static bool IsApplicationSet(RenderedObject o) => o.Kind == "ApplicationSet" && o.Id.Group == Group;

    public static ApplicationDefinition From(RenderedObject application)
    {
        var spec = application.Spec;
        var sources = new List<SourceDefinition>();
        if (spec?.Mapping("source") is { } single) sources.Add(SourceAt(single, ObjectPath.Of("spec", "source")));
        if (spec?.Sequence("sources") is { } many)
        {
            for (var i = 0; i < many.Items.Count; i++)
            {
                if (many.Items[i] is YamlMapping m) sources.Add(SourceAt(m, ObjectPath.Of("spec", "sources", i)));
            }
        }
        return new ApplicationDefinition(application, application.Name, spec?.String("project"),
            spec?.Mapping("destination")?.String("namespace"), sources);
    }

    /// <summary>The source written as <paramref name="m"/> at <paramref name="at"/> in the Application.</summary>
    public static SourceDefinition SourceAt(YamlMapping m, ObjectPath at) => new(
        at, m.String("repoURL"), m.String("targetRevision"), m.String("path"), m.String("chart"), m.String("ref"),
        m.Mapping("helm"), m.Mapping("kustomize"), m.Mapping("directory"), m.Mapping("plugin"));
}
