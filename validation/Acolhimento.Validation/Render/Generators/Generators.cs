using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render.Generators;

/// <summary>
/// Runs one entry of <c>spec.generators</c> (or of a matrix/merge) by its key, then applies its <c>selector</c>.
/// Each generator kind is its own small class; a key none of them knows is reported, never skipped.
/// </summary>
internal static class Generators
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
        var selected = generator.Mapping("selector") is { } selector ? output with { Sets = output.Sets.Where(s => ParameterSelector.Matches(selector, s)).ToList() } : output;
        return NothingGenerated(kind, body, output, selected, path, context) is { } said ? selected with { Problems = [.. selected.Problems, said] } : selected;
    }

    /// <summary>
    /// A generator that yields no parameter set generates no Application, and Argo CD says nothing of it: the gate says it
    /// at the generator — a warning when a selector (the generator's, or the cluster generator's over the declared
    /// <c>argoCdClusters</c>) or a git path matched nothing, info when the list is empty as written. A matrix or merge is
    /// empty because a child is, and that child is the one reported; a generator that failed has its problem already.
    /// </summary>
    private static Finding? NothingGenerated(string kind, YamlMapping body, GeneratorOutput output, GeneratorOutput selected, ObjectPath at, GeneratorContext context)
    {
        if (selected.Sets.Count > 0 || output.Problems.Count > 0 || kind is "matrix" or "merge") return null;
        var (severity, why) = output.Sets.Count > 0 ? (Severity.Warning, $"its selector matched none of the {output.Sets.Count} parameter set(s) it yields")
            : kind switch
            {
                "clusters" => (Severity.Warning, $"its selector matched none of the clusters Argo CD knows on cluster {context.Cluster.Name} (in-cluster and the argoCdClusters {Configuration.RepositoryConfiguration.FileName} declares for it)"),
                "git" => (Severity.Warning, "its directories or files match nothing in this repository"),
                "list" when body.Sequence("elements") is { Items.Count: 0 } || body["elements"] is null => (Severity.Info, "its list has no elements"),
                _ => (Severity.Info, "it yields no parameter set"),
            };
        return context.ApplicationSet.Finding(Stages.Render, severity, RenderRules.GeneratorYieldsNothing,
            $"ApplicationSet {context.Name}: the {kind} generator generates no Application: {why}", at);
    }
}
