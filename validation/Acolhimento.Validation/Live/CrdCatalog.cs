using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Live;

/// <summary>One CustomResourceDefinition of an add-on, as stored in the schema data (<c>crds/&lt;project&gt;/&lt;file&gt;</c>).</summary>
/// <remarks><see cref="Json"/> is the body as the API server receives it.</remarks>
internal sealed record CrdManifest(string Project, string File, string Name, string Group, string Kind, bool Namespaced, string Json);

/// <summary>
/// The add-on CRDs the schema stage also uses (pinned versions, see the data's PROVENANCE.md). A cluster "has" an
/// add-on when any of its objects uses one of the add-on's API groups; it then gets all of that add-on's CRDs, as
/// installing the add-on would.
/// </summary>
internal sealed class CrdCatalog(IReadOnlyList<CrdManifest> crds)
{
    /// <summary>CRDs are large (Prometheus Operator's exceed the default node limit) but come from the pinned data, not from pull requests.</summary>
    private static readonly YamlLimits CrdLimits = new(MaxExpandedNodes: 50_000_000, MaxDepth: 200);

    public IReadOnlyList<CrdManifest> Crds { get; } = crds;

    /// <exception cref="CannotValidateException">The folder has no <c>crds</c> subfolder or a file is not a CRD.</exception>
    public static CrdCatalog Load(string schemaDirectory)
    {
        var root = Path.Combine(schemaDirectory, "crds");
        if (!Directory.Exists(root)) throw new CannotValidateException($"schema data {schemaDirectory} has no crds folder; run 'schemas pull' or pass --schemas");
        var crds = new List<CrdManifest>();
        foreach (var projectDirectory in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            var project = Path.GetFileName(projectDirectory);
            foreach (var file in Directory.EnumerateFiles(projectDirectory).Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                crds.AddRange(Parse(project, $"crds/{project}/{Path.GetFileName(file)}", File.ReadAllText(file)));
            }
        }
        return new CrdCatalog(crds);
    }

    /// <summary>The CRDs in one file of the data (a file may hold several documents).</summary>
    /// <exception cref="CannotValidateException">A document is not a CustomResourceDefinition with group, kind, scope and name.</exception>
    public static IReadOnlyList<CrdManifest> Parse(string project, string file, string text)
    {
        var read = YamlReader.Read(text, CrdLimits);
        if (read.Problems.Count > 0) throw new CannotValidateException($"schema data {file}:{read.Problems[0].At.Line}: {read.Problems[0].Message}");
        var result = new List<CrdManifest>();
        foreach (var document in read.Documents)
        {
            if (document.Root is null or YamlScalar { IsNull: true }) continue;
            if (document.Root is not YamlMapping body || body.String("kind") != CustomResourceDefinition.KindName
                || body.Mapping("metadata")?.String("name") is not { } name
                || body.Mapping("spec") is not { } spec || spec.String("group") is not { } group
                || spec.Mapping("names")?.String("kind") is not { } kind || spec.String("scope") is not { } scope)
            {
                throw new CannotValidateException($"schema data {file}:{document.Start.Line}: not a CustomResourceDefinition with name, group, names.kind and scope");
            }
            result.Add(new CrdManifest(project, file, name, group, kind, scope == "Namespaced", body.ToJsonString()));
        }
        return result;
    }

    /// <summary>All CRDs of every add-on whose API groups the clusters' objects use, in a stable order.</summary>
    public IReadOnlyList<CrdManifest> NeededBy(IEnumerable<RenderedObject> objects)
    {
        var groups = objects.Select(o => o.Id.Group).ToHashSet(StringComparer.Ordinal);
        var projects = Crds.Where(c => groups.Contains(c.Group)).Select(c => c.Project).ToHashSet(StringComparer.Ordinal);
        return Crds.Where(c => projects.Contains(c.Project)).OrderBy(c => c.Project, StringComparer.Ordinal).ThenBy(c => c.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>Scope of a custom kind the catalog defines; null when it defines no such kind.</summary>
    public bool? IsNamespaced(string group, string kind) =>
        Crds.FirstOrDefault(c => c.Group == group && c.Kind == kind) is { } crd ? crd.Namespaced : null;
}
