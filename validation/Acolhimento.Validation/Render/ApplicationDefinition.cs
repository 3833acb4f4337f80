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

/// <summary>The parts of an Argo CD Application the render stage acts on.</summary>
public sealed record ApplicationDefinition(
    RenderedObject Object,
    string Name,
    string? Project,
    string? DestinationNamespace,
    IReadOnlyList<SourceDefinition> Sources)
{
    public const string Group = "argoproj.io";

    public static bool IsApplication(RenderedObject o) => o.Kind == "Application" && o.Id.Group == Group; // kind first: Group cuts a string, and this is asked of every object

    public static bool IsApplicationSet(RenderedObject o) => o.Kind == "ApplicationSet" && o.Id.Group == Group;

    public static ApplicationDefinition From(RenderedObject application)
    {
        var spec = application.Spec;
        var sources = new List<SourceDefinition>();
        if (spec?.Mapping("source") is { } single) sources.Add(Source(single, ObjectPath.Of("spec", "source")));
        if (spec?.Sequence("sources") is { } many)
        {
            for (var i = 0; i < many.Items.Count; i++)
            {
                if (many.Items[i] is YamlMapping m) sources.Add(Source(m, ObjectPath.Of("spec", "sources", i)));
            }
        }
        return new ApplicationDefinition(application, application.Name, spec?.String("project"),
            spec?.Mapping("destination")?.String("namespace"), sources);
    }

    private static SourceDefinition Source(YamlMapping m, ObjectPath at) => new(
        at, m.String("repoURL"), m.String("targetRevision"), m.String("path"), m.String("chart"), m.String("ref"),
        m.Mapping("helm"), m.Mapping("kustomize"), m.Mapping("directory"), m.Mapping("plugin"));
}
