using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render.Generators;

/// <summary>A Kubernetes label selector (<c>matchLabels</c>, <c>matchExpressions</c> with In, NotIn, Exists, DoesNotExist) over cluster labels or flat parameters.</summary>
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
            var has = labels.TryGetValue(key, out var actual);
            var ok = expression.String("operator") switch
            {
                "In" => has && values.Contains(actual!, StringComparer.Ordinal),
                "NotIn" => !has || !values.Contains(actual!, StringComparer.Ordinal),
                "Exists" => has,
                "DoesNotExist" => !has,
                _ => false,
            };
            if (!ok) return false;
        }
        return true;
    }
}
