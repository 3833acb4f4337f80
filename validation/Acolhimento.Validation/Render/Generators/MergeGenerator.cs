using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render.Generators;

/// <summary>
/// The merge generator: the first child's sets are the base; each later child's set whose <c>mergeKeys</c> values equal
/// a base set's overrides that set's parameters; later sets matching no base set are dropped, as in Argo CD.
/// </summary>
internal static class MergeGenerator
{
    public static GeneratorOutput Run(YamlMapping merge, ObjectPath at, GeneratorContext context, int depth)
    {
        var keys = (merge.Sequence("mergeKeys")?.Items ?? []).OfType<YamlScalar>().Select(k => k.Value).ToList();
        var children = (merge.Sequence("generators")?.Items ?? []).ToList();
        if (keys.Count == 0) return GeneratorOutput.Failed(context.Error(RenderRules.UnsupportedGenerator, "a merge generator needs mergeKeys", at.Key("mergeKeys")));
        if (children.Count < 2 || children.Any(c => c is not YamlMapping))
            return GeneratorOutput.Failed(context.Error(RenderRules.UnsupportedGenerator, $"a merge generator needs at least two child generators, found {children.Count}", at.Key("generators")));
        var outputs = children.Select((c, i) => Generators.Run((YamlMapping)c, at.Key("generators").Index(i), context, null, depth + 1)).ToList();
        var problems = outputs.SelectMany(o => o.Problems).ToList();
        string Key(ParameterSet set)
        {
            var flat = set.Flat();
            return string.Join("\u0000", keys.Select(k => flat.TryGetValue(k, out var v) ? v : "\u0001"));
        }
        var merged = outputs[0].Sets.ToList();
        foreach (var later in outputs.Skip(1))
        {
            var byKey = later.Sets.GroupBy(Key).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            merged = merged.Select(s => byKey.TryGetValue(Key(s), out var match) ? s.With(match, s.Origin) : s).ToList();
        }
        return new GeneratorOutput(merged, problems);
    }
}
