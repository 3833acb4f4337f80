using Acolhimento.Validation.Configuration;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Render.Generators;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

/// <summary>
/// Expands an ApplicationSet into the Applications Argo CD's ApplicationSet controller would create, offline: each
/// generator (<see cref="Generators.Generators"/>) yields parameter sets, the template is rendered with each
/// (fasttemplate or Go templates), <c>templatePatch</c> is applied, and duplicate names are an error. What cannot be
/// computed offline is reported, not guessed.
/// </summary>
internal static class ApplicationSetExpander
{
    public static (IReadOnlyList<RenderedObject> Applications, IReadOnlyList<Finding> Problems) Expand(RenderedObject applicationSet, string repositoryRoot, RepositoryConfiguration configuration, ClusterSettings cluster)
    {
        var applications = new List<RenderedObject>();
        var problems = new List<Finding>();
        var spec = applicationSet.Spec;
        var template = spec?.Mapping("template");
        if (template is null)
        {
            problems.Add(applicationSet.Finding(Stages.Render, Severity.Error, RenderRules.UnsupportedGenerator, $"ApplicationSet {applicationSet.Name} has no spec.template", ObjectPath.Of("spec")));
            return (applications, problems);
        }
        var context = new GeneratorContext(applicationSet, repositoryRoot, configuration, cluster, TemplateMode.Of(spec!));
        var templatePatch = spec!["templatePatch"] as YamlScalar;
        if (templatePatch is not null && !context.Mode.GoTemplate)
        {
            problems.Add(context.Error(RenderRules.TemplateError, "templatePatch needs goTemplate: true; Argo CD ignores it otherwise", ObjectPath.Of("spec", "templatePatch")));
            templatePatch = null;
        }
        var templateSource = applicationSet.Provenance.Source is { } s && s.Root.At(ObjectPath.Of("spec", "template")) is { } t ? new SourceDocument(s.File, t) : null;
        var generators = spec.Sequence("generators")?.Items ?? [];
        for (var g = 0; g < generators.Count; g++)
        {
            var at = ObjectPath.Of("spec", "generators", g);
            if (generators[g] is not YamlMapping generator)
            {
                problems.Add(context.Error(RenderRules.UnsupportedGenerator, $"generator {g} is {generators[g].Describe()}, not a mapping", at));
                continue;
            }
            var output = Generators.Generators.Run(generator, at, context);
            problems.AddRange(output.Problems);
            foreach (var set in output.Sets)
            {
                var templateProblems = new List<TemplateProblem>();
                var rendered = (YamlMapping)TemplateRendering.Render(template, set, context.Mode, ObjectPath.Of("spec", "template"), templateProblems);
                if (templatePatch is not null) rendered = Patch(rendered, templatePatch, set, context, templateProblems);
                problems.AddRange(templateProblems.Select(p => context.Error(p.Rule, p.Message, p.At)).DistinctBy(f => (f.Message, f.Location)));
                // Argo CD generates no Application from a set its Go template fails on (a literal placeholder it does keep: reported above).
                if (templateProblems.Any(p => p.Rule == RenderRules.TemplateError)) continue;
                var body = YamlMapping.Build(template.Start,
                [
                    new(YamlNodes.Scalar("apiVersion"), YamlNodes.Scalar(Kubernetes.ArgoCd.ApiVersion)),
                    new(YamlNodes.Scalar("kind"), YamlNodes.Scalar("Application")),
                    .. rendered.Entries,
                ]);
                if (RenderedObjects.Identify(body) is not { } id)
                {
                    problems.Add(context.Error(RenderRules.UnsupportedGenerator, $"{set.Origin} yields an Application without a name", set.At ?? at));
                    continue;
                }
                var origin = applicationSet.Locate(set.At ?? at);
                applications.Add(new RenderedObject(id, body, new ObjectProvenance(origin, templateSource, []), applicationSet.Cluster, applicationSet.Application));
            }
        }
        return (Unique(applications, context, problems), problems);
    }

    /// <summary>Argo CD refuses an ApplicationSet whose generators yield two Applications of one name; the first is kept so the rest can still be checked.</summary>
    private static List<RenderedObject> Unique(List<RenderedObject> applications, GeneratorContext context, List<Finding> problems)
    {
        var unique = new List<RenderedObject>();
        foreach (var group in applications.GroupBy(a => a.Name, StringComparer.Ordinal))
        {
            var list = group.ToList();
            unique.Add(list[0]);
            if (list.Count > 1)
            {
                problems.Add(context.ApplicationSet.Finding(Stages.Render, Severity.Error, RenderRules.DuplicateGeneratedApplication,
                    $"ApplicationSet {context.Name}: {list.Count} generated Applications are named {group.Key} (from {string.Join(", ", list.Select(a => a.Location.ToString()))}); Argo CD refuses to generate any of them",
                    ObjectPath.Of("spec", "template", "metadata", "name")));
            }
        }
        return unique;
    }

    /// <summary>templatePatch: a Go template rendered with the set, read as YAML and merged over the Application (maps merge, anything else replaces).</summary>
    private static YamlMapping Patch(YamlMapping application, YamlScalar patch, ParameterSet set, GeneratorContext context, List<TemplateProblem> problems)
    {
        var at = ObjectPath.Of("spec", "templatePatch");
        string text;
        try
        {
            text = GoTemplate.Render(patch.Value, set.Values, context.Mode.MissingKeyIsError);
        }
        catch (TemplateException ex)
        {
            problems.Add(new TemplateProblem(RenderRules.TemplateError, $"{set.Origin}: templatePatch cannot be rendered: {ex.Message}", at));
            return application;
        }
        if (string.IsNullOrWhiteSpace(text)) return application; // the patch renders nothing for this set
        var read = YamlReader.Read(text);
        if (read.Problems.Count > 0 || read.Documents.Count != 1 || read.Documents[0].Root is not YamlMapping patchRoot)
        {
            problems.Add(new TemplateProblem(RenderRules.TemplateError,
                $"{set.Origin}: templatePatch renders {(read.Problems.Count > 0 ? "invalid YAML: " + read.Problems[0].Message : "something other than one YAML mapping")}", at));
            return application;
        }
        return Merge(application, Relocated(patchRoot, patch.Start));
    }

    private static YamlMapping Merge(YamlMapping target, YamlMapping patch)
    {
        var entries = target.Entries.ToList();
        foreach (var (key, value) in patch.Entries)
        {
            var index = entries.FindIndex(e => e.Key.Value == key.Value);
            if (index < 0) entries.Add(new(key, value));
            else entries[index] = new(entries[index].Key, entries[index].Value is YamlMapping old && value is YamlMapping update ? Merge(old, update) : value);
        }
        return YamlMapping.Build(target.Start, entries);
    }

    /// <summary>Nodes parsed from a rendered patch carry positions in that text; they are placed at the templatePatch line instead.</summary>
    private static YamlMapping Relocated(YamlMapping node, Mark at) => (YamlMapping)Relocate(node, at);

    private static YamlNode Relocate(YamlNode node, Mark at) => node switch
    {
        YamlMapping m => YamlMapping.Build(at, m.Entries.Select(e => new KeyValuePair<YamlScalar, YamlNode>(YamlScalar.Create(at, e.Key.Value, e.Key.Style, e.Key.Tag), Relocate(e.Value, at)))),
        YamlSequence s => new YamlSequence(at, s.Items.Select(i => Relocate(i, at)).ToList(), s.ExpandedSize),
        YamlScalar v => YamlScalar.Create(at, v.Value, v.Style, v.Tag),
        _ => node,
    };
}
