using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render.Generators;

/// <summary>A Kubernetes label selector (<c>matchLabels</c>, <c>matchExpressions</c> with <see cref="LabelSelectorOperators"/>) over cluster labels or flat parameters.</summary>
internal static class ParameterSelector
{
    public static bool Matches(YamlMapping selector, ParameterSet set) => MatchesLabels(selector, set.Flat());

    public static bool MatchesLabels(YamlMapping selector, IReadOnlyDictionary<string, string> labels)
    {
        foreach (var (key, value) in selector.Mapping("matchLabels")?.Entries ?? [])
        {
            if (!labels.TryGetValue(key.Value, out var actual) || actual != (value as YamlScalar)?.Value) return false;
        }
        foreach (var expression in (selector.Sequence("matchExpressions")?.Items ?? []).OfType<YamlMapping>())
        {
            var key = expression.String("key") ?? "";
            var values = (expression.Sequence("values")?.Items ?? []).OfType<YamlScalar>().Select(v => v.Value).ToList();
            var actual = labels.TryGetValue(key, out var value) ? value : null;
            if (LabelSelectorOperators.Satisfied(expression.String("operator"), actual, values) != true) return false;
        }
        return true;
    }
}
