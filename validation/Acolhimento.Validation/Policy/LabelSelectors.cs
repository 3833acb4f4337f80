using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy;

/// <summary>Kubernetes label selectors: a Service's plain map, or a LabelSelector with matchLabels and matchExpressions.</summary>
internal static class LabelSelectors
{
    /// <summary>A plain <c>key: value</c> selector (Service, ReplicationController). An empty one selects nothing.</summary>
    public static bool MatchesMap(YamlMapping? selector, IReadOnlyDictionary<string, string> labels) =>
        selector is not null && selector.Entries.Count > 0
        && selector.Entries.All(e => e.Value is YamlScalar v && labels.TryGetValue(e.Key.Value, out var actual) && actual == v.Value);

    /// <summary>A LabelSelector; an empty one selects everything, a null one nothing, an unreadable one nothing.</summary>
    public static bool Matches(YamlMapping? selector, IReadOnlyDictionary<string, string> labels)
    {
        if (selector is null) return false;
        foreach (var entry in selector.Mapping("matchLabels")?.Entries ?? [])
        {
            if (entry.Value is not YamlScalar v || !labels.TryGetValue(entry.Key.Value, out var actual) || actual != v.Value) return false;
        }
        foreach (var expression in (selector.Sequence("matchExpressions")?.Items ?? []).OfType<YamlMapping>())
        {
            var key = expression.String("key");
            if (key is null) return false;
            var values = (expression.Sequence("values")?.Items ?? []).OfType<YamlScalar>().Select(s => s.Value).ToHashSet(StringComparer.Ordinal);
            var actual = labels.TryGetValue(key, out var value) ? value : null;
            if (LabelSelectorOperators.Satisfied(expression.String("operator"), actual, values) != true) return false;
        }
        return true;
    }

    public static bool IsEmpty(YamlMapping? selector) =>
        selector is not null && (selector.Mapping("matchLabels")?.Entries.Count ?? 0) == 0 && (selector.Sequence("matchExpressions")?.Items.Count ?? 0) == 0;
}
