using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render.Generators;

/// <summary>
/// The matrix generator: exactly two children; every parameter set of the first combined with every set the second
/// yields when its own fields are rendered with that first set (so a git path may use the first child's parameters).
/// </summary>
internal static class MatrixGenerator
{
    public static GeneratorOutput Run(YamlMapping matrix, ObjectPath at, GeneratorContext context, int depth)
    {
        var children = (matrix.Sequence("generators")?.Items ?? []).ToList();
        if (children.Count != 2 || children.Any(c => c is not YamlMapping))
            return GeneratorOutput.Failed(context.Error(RenderRules.UnsupportedGenerator, $"a matrix generator needs exactly two child generators, found {children.Count}", at.Key("generators")));
        var first = Generators.Run((YamlMapping)children[0], at.Key("generators").Index(0), context, null, depth + 1);
        var problems = new List<Finding>(first.Problems);
        var sets = new List<ParameterSet>();
        foreach (var left in first.Sets)
        {
            var second = Generators.Run((YamlMapping)children[1], at.Key("generators").Index(1), context, left, depth + 1);
            problems.AddRange(second.Problems);
            sets.AddRange(second.Sets.Select(right => left.With(right, $"{left.Origin} × {right.Origin}")));
        }
        // The same problem met once per first-child set is one problem.
        return new GeneratorOutput(sets, problems.DistinctBy(p => (p.Rule, p.Message, p.Location)).ToList());
    }
}
