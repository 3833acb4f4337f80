using System.Text.RegularExpressions;

namespace Acolhimento.Validation.Kubernetes;

/// <summary>Kubernetes label-selector text (<c>a=b,c!=d,e in (f,g),h notin (i),j,!k</c>) against a label set, as Kustomize's targets use it (apimachinery pkg/labels/selector.go Parse); set and existence terms mean what <see cref="LabelSelectorOperators"/> says.</summary>
internal static class LabelSelectorText
{
    // The text form's spelling of the set operator In (apimachinery pkg/selection/operator.go); notin is NotIn.
    private const string SetIn = "in";

    /// <summary>True or false; null when the text is no selector this reader understands (then nothing is concluded).</summary>
    public static bool? Matches(string selector, IReadOnlyDictionary<string, string> labels)
    {
        foreach (var requirement in Split(selector))
        {
            var term = requirement.Trim();
            if (term.Length == 0) continue;
            bool? result;
            var set = Regex.Match(term, @"^(?<key>[^\s!=(),]+)\s+(?<op>in|notin)\s*\((?<values>[^()]*)\)$", RegexOptions.None, TimeSpan.FromMilliseconds(200));
            if (set.Success)
            {
                var values = set.Groups["values"].Value.Split(',').Select(v => v.Trim()).ToHashSet(StringComparer.Ordinal);
                var op = set.Groups["op"].Value == SetIn ? LabelSelectorOperators.In : LabelSelectorOperators.NotIn;
                result = LabelSelectorOperators.Satisfied(op, labels.GetValueOrDefault(set.Groups["key"].Value), values);
            }
            else if (term.Contains("!=", StringComparison.Ordinal))
            {
                var (key, value) = Pair(term, "!=");
                result = !(labels.TryGetValue(key, out var actual) && actual == value);
            }
            else if (term.Contains('='))
            {
                var (key, value) = Pair(term, term.Contains("==", StringComparison.Ordinal) ? "==" : "=");
                result = labels.TryGetValue(key, out var actual) && actual == value;
            }
            else if (term.StartsWith('!'))
            {
                result = LabelSelectorOperators.Satisfied(LabelSelectorOperators.DoesNotExist, labels.GetValueOrDefault(term[1..].Trim()), []);
            }
            else if (!term.Any(char.IsWhiteSpace) && !term.Contains('(') && !term.Contains(')'))
            {
                result = LabelSelectorOperators.Satisfied(LabelSelectorOperators.Exists, labels.GetValueOrDefault(term), []);
            }
            else
            {
                return null;
            }
            if (result == false) return false;
        }
        return true;
    }

    private static (string Key, string Value) Pair(string term, string op)
    {
        var at = term.IndexOf(op, StringComparison.Ordinal);
        return (term[..at].Trim(), term[(at + op.Length)..].Trim());
    }

    /// <summary>Splits on commas outside parentheses.</summary>
    private static IEnumerable<string> Split(string selector)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < selector.Length; i++)
        {
            if (selector[i] == '(') depth++;
            else if (selector[i] == ')') depth--;
            else if (selector[i] == ',' && depth == 0)
            {
                yield return selector[start..i];
                start = i + 1;
            }
        }
        yield return selector[start..];
    }
}
