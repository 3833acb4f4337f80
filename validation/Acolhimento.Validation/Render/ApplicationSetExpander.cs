using System.Text.RegularExpressions;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

/// <summary>
/// Expands an ApplicationSet's list generators into the Applications Argo CD would create. Other generators need
/// a live cluster or a Git checkout and are reported, not guessed.
/// </summary>
public static partial class ApplicationSetExpander
{
    [GeneratedRegex(@"\{\{\s*\.?([A-Za-z0-9_.\-]+)\s*\}\}")]
    private static partial Regex Placeholder();

    public static (IReadOnlyList<RenderedObject> Applications, IReadOnlyList<Finding> Problems) Expand(RenderedObject applicationSet)
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
        var generators = spec!.Sequence("generators")?.Items ?? [];
        for (var g = 0; g < generators.Count; g++)
        {
            if (generators[g] is not YamlMapping generator) continue;
            if (generator.Mapping("list") is not { } list)
            {
                var kind = generator.Entries.FirstOrDefault().Key?.Value ?? "unknown";
                problems.Add(applicationSet.Finding(Stages.Render, Severity.Error, RenderRules.UnsupportedGenerator,
                    $"ApplicationSet {applicationSet.Name}: the {kind} generator needs a live cluster or Git checkout; its Applications cannot be rendered offline",
                    ObjectPath.Of("spec", "generators", g)));
                continue;
            }
            var elements = list.Sequence("elements")?.Items ?? [];
            for (var e = 0; e < elements.Count; e++)
            {
                if (elements[e] is not YamlMapping element) continue;
                var parameters = element.Entries.Where(p => p.Value is YamlScalar).ToDictionary(p => p.Key.Value, p => ((YamlScalar)p.Value).Value, StringComparer.Ordinal);
                foreach (var missing in Placeholders(template).Where(name => !parameters.ContainsKey(name)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
                {
                    // Argo CD leaves an unknown placeholder as written, so the Application would carry the literal "{{...}}".
                    problems.Add(applicationSet.Finding(Stages.Render, Severity.Error, RenderRules.UnresolvedParameter,
                        $"ApplicationSet {applicationSet.Name}: element {e} sets no \"{missing}\", which the template uses; the Application would keep the literal placeholder",
                        ObjectPath.Of("spec", "generators", g, "list", "elements", e)));
                }
                var body = YamlMapping.Build(template.Start,
                [
                    new(YamlNodes.Scalar("apiVersion"), YamlNodes.Scalar("argoproj.io/v1alpha1")),
                    new(YamlNodes.Scalar("kind"), YamlNodes.Scalar("Application")),
                    .. ((YamlMapping)Substitute(template, parameters)).Entries,
                ]);
                if (RenderedObjects.Identify(body) is not { } id)
                {
                    problems.Add(applicationSet.Finding(Stages.Render, Severity.Error, RenderRules.UnsupportedGenerator,
                        $"ApplicationSet {applicationSet.Name}: element {e} yields an Application without a name", ObjectPath.Of("spec", "generators", g, "list", "elements", e)));
                    continue;
                }
                var templateSource = applicationSet.Provenance.Source is { } s && s.Root.At(ObjectPath.Of("spec", "template")) is { } t ? new SourceDocument(s.File, t) : null;
                var origin = applicationSet.Locate(ObjectPath.Of("spec", "generators", g, "list", "elements", e));
                applications.Add(new RenderedObject(id, body, new ObjectProvenance(origin, templateSource, []), applicationSet.Cluster, applicationSet.Application));
            }
        }
        return (applications, problems);
    }

    private static IEnumerable<string> Placeholders(YamlNode node) =>
        node.Walk().Select(n => n.Node).OfType<YamlScalar>().Where(v => v.Value.Contains("{{", StringComparison.Ordinal))
            .SelectMany(v => Placeholder().Matches(v.Value).Select(m => m.Groups[1].Value));

    private static YamlNode Substitute(YamlNode node, IReadOnlyDictionary<string, string> parameters) => node switch
    {
        YamlMapping m => YamlMapping.Build(m.Start, m.Entries.Select(e => new KeyValuePair<YamlScalar, YamlNode>(e.Key, Substitute(e.Value, parameters)))),
        YamlSequence s => new YamlSequence(s.Start, s.Items.Select(i => Substitute(i, parameters)).ToList(), s.ExpandedSize),
        YamlScalar v when v.Value.Contains("{{", StringComparison.Ordinal) =>
            new YamlScalar(v.Start, Placeholder().Replace(v.Value, m => parameters.TryGetValue(m.Groups[1].Value, out var value) ? value : m.Value), ScalarStyle.DoubleQuoted),
        _ => node,
    };
}
