using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render.Generators;

/// <summary>
/// Runs one entry of <c>spec.generators</c> (or of a matrix/merge) by its key, then applies its <c>selector</c>.
/// Each generator kind is its own small class; a key none of them knows is reported, never skipped.
/// </summary>
public static class Generators
{
    private const int MaxDepth = 3;

    /// <param name="outer">Parameters of a matrix's first child, which the second child's fields may use.</param>
    public static GeneratorOutput Run(YamlMapping generator, ObjectPath at, GeneratorContext context, ParameterSet? outer = null, int depth = 0)
    {
        if (depth > MaxDepth) return GeneratorOutput.Failed(context.Error(RenderRules.UnsupportedGenerator, $"generators nest deeper than {MaxDepth} levels", at));
        var kinds = generator.Entries.Where(e => e.Key.Value is not ("selector" or "template")).ToList();
        if (kinds.Count != 1 || kinds[0].Value is not YamlMapping body)
            return GeneratorOutput.Failed(context.Error(RenderRules.UnsupportedGenerator, $"a generator must have exactly one generator key, found {(kinds.Count == 0 ? "none" : string.Join(", ", kinds.Select(k => k.Key.Value)))}", at));
        if (generator.Mapping("template") is not null)
            return GeneratorOutput.Failed(context.Error(RenderRules.UnsupportedGenerator, "a generator-level template override is not rendered by this gate; move it into spec.template or templatePatch", at.Key("template")));
        var kind = kinds[0].Key.Value;
        var path = at.Key(kind);
        if (outer is not null)
        {
            // A matrix's second child is a template over the first child's parameters (Argo CD renders it before running it).
            var problems = new List<TemplateProblem>();
            body = (YamlMapping)TemplateRendering.Render(body, outer, context.Mode, path, problems);
            if (problems.Count > 0) return new GeneratorOutput([], problems.Select(p => context.Error(p.Rule, p.Message, p.At)).ToList());
        }
        var output = kind switch
        {
            "list" => ListGenerator.Run(body, path, context),
            "git" => GitGenerator.Run(body, path, context),
            "clusters" => ClusterGenerator.Run(body, path, context),
            "matrix" => MatrixGenerator.Run(body, path, context, depth),
            "merge" => MergeGenerator.Run(body, path, context, depth),
            _ when Configuration.RepositoryConfiguration.RecordedGenerators.Contains(kind, StringComparer.Ordinal) => RecordedGenerator.Run(kind, path, context),
            _ => GeneratorOutput.Failed(context.Error(RenderRules.UnsupportedGenerator, $"unknown generator \"{kind}\"", path)),
        };
        return generator.Mapping("selector") is { } selector ? output with { Sets = output.Sets.Where(s => ParameterSelector.Matches(selector, s)).ToList() } : output;
    }
}
